"""Preview: an editor sees a public page exactly as the public will once it is published.

The preview runs the public view itself, inside a transaction that is always rolled back,
after marking the previewed object published together with what its page needs (its event
and day) and what it contains (a day's sessions and their quotes, for instance). Every
page, selector and ``.public()`` filter is therefore the public one; nothing about the
drafts is stored, cached or visible to anyone else. Staff only; the public gets the login
page, and the answer is never cached or indexed.
"""

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import resolve, reverse

from cms.publishing import Status

# For each previewable model: which publishable rows to treat as published, as lookups
# from those rows to the previewed object.
PREVIEW_SCOPES = {
    "conference.event": {
        "conference.event": ["pk"],
        "conference.day": ["event"],
        "programme.session": ["day__event"],
        "programme.quote": ["session__day__event"],
        "reports.report": ["event"],
    },
    "conference.day": {
        "conference.event": ["days"],
        "conference.day": ["pk"],
        "programme.session": ["day"],
        "programme.quote": ["session__day"],
    },
    "programme.session": {
        "conference.event": ["days__sessions"],
        "conference.day": ["sessions"],
        "programme.session": ["pk"],
        "programme.quote": ["session"],
    },
    "programme.quote": {
        "conference.event": ["days__sessions__quotes"],
        "conference.day": ["sessions__quotes"],
        "programme.session": ["quotes"],
        "programme.quote": ["pk"],
    },
    "reports.report": {
        "conference.event": ["reports"],
        "reports.report": ["pk"],
    },
    # People and organisations are public through what they appear in.
    "speakers.speaker": {
        "conference.event": [
            "days__sessions__participations__speaker",
            "days__sessions__quotes__speaker",
            "reports__report_editors__speaker",
        ],
        "conference.day": ["sessions__participations__speaker", "sessions__quotes__speaker"],
        "programme.session": ["participations__speaker", "quotes__speaker"],
        "programme.quote": ["speaker"],
        "reports.report": ["report_editors__speaker"],
    },
    "conference.organisation": {
        "conference.event": [
            "organiser",
            "reports__publisher",
            "days__sessions__participations__speaker__affiliations__organisation",
        ],
        "conference.day": ["sessions__participations__speaker__affiliations__organisation"],
        "programme.session": ["participations__speaker__affiliations__organisation"],
        "reports.report": ["publisher"],
    },
}


def preview_url(obj) -> str | None:
    """The admin preview address of ``obj``, or None when it has no public page."""
    if obj._meta.label_lower not in PREVIEW_SCOPES:
        return None
    return reverse("admin-preview", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def _treat_as_published(obj) -> None:
    """Marks the previewed object's scope published; only ever inside a rolled-back block."""
    for label, lookups in PREVIEW_SCOPES[obj._meta.label_lower].items():
        condition = Q()
        for lookup in lookups:
            condition |= Q(**{lookup: obj.pk})
        # update() sends no signals: the page cache's content version is left alone.
        apps.get_model(label)._default_manager.filter(condition).update(status=Status.PUBLISHED)


@staff_member_required
def preview(request, app_label: str, model_name: str, pk: int):
    label = f"{app_label}.{model_name}"
    if label not in PREVIEW_SCOPES:
        raise Http404("This kind of content has no public page.")
    if not request.user.has_perm(f"{app_label}.view_{model_name}"):
        raise PermissionDenied
    model = apps.get_model(app_label, model_name)
    obj = get_object_or_404(model._default_manager, pk=pk)
    public_path = obj.get_absolute_url()
    match = resolve(public_path)
    request.preview = True
    with transaction.atomic():
        _treat_as_published(obj)
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
        transaction.set_rollback(True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
