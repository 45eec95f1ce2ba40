"""Preview: an editor sees a public page exactly as the public will once it is published.

The preview runs the public view itself while ``.public()`` also keeps the previewed object,
what its page needs (its event and day) and what it contains (a day's sessions and their
quotes, for instance): the publishing graph's ``preview_scope``. Every page, selector and
filter is therefore the public one; nothing is written, locked, stored, cached or visible to
anyone else. Staff only; the public gets the login
page, and the answer is never cached or indexed.
"""

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import resolve, reverse

from cms import graph


def preview_url(obj) -> str | None:
    """The admin preview address of ``obj``, or None when it has no public page."""
    if not graph.in_graph(type(obj)):
        return None
    return reverse("admin-preview", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@staff_member_required
def preview(request, app_label: str, model_name: str, pk: int):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        model = None
    if model is None or not graph.in_graph(model):
        raise Http404("This kind of content has no public page.")
    if not request.user.has_perm(f"{app_label}.view_{model_name}"):
        raise PermissionDenied
    obj = get_object_or_404(model._default_manager, pk=pk)
    public_path = obj.get_absolute_url()
    match = resolve(public_path)
    request.preview = True
    with graph.previewing(obj):
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
