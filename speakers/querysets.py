"""Querysets of the speakers app."""

from django.db import models
from django.db.models import Prefetch, Q

from cms.publishing import Status

PUBLISHED = Status.PUBLISHED


class SpeakerQuerySet(models.QuerySet):
    def public(self, *, event=None):
        """People who appear in published content: a session, a quote or a report's editors.

        A person with no published appearance has no public page, in any list or search.
        With ``event``, only appearances in that event count (the event's static export).
        The lookups go through reverse relations by name so this app imports nothing above it.
        """
        everyone = self.model._default_manager

        def in_event(path):
            return {} if event is None else {f"{path}__event": event}

        in_sessions = everyone.filter(
            participations__session__status=PUBLISHED,
            participations__session__day__status=PUBLISHED,
            participations__session__day__event__status=PUBLISHED,
            **in_event("participations__session__day"),
        ).values("pk")
        quoted = everyone.filter(
            quotes__status=PUBLISHED,
            quotes__session__status=PUBLISHED,
            quotes__session__day__status=PUBLISHED,
            quotes__session__day__event__status=PUBLISHED,
            **in_event("quotes__session__day"),
        ).values("pk")
        editors = everyone.filter(
            report_editorships__report__status=PUBLISHED,
            report_editorships__report__event__status=PUBLISHED,
            **in_event("report_editorships__report"),
        ).values("pk")
        return self.filter(Q(pk__in=in_sessions) | Q(pk__in=quoted) | Q(pk__in=editors))

    def with_affiliations(self):
        from speakers.models import Affiliation

        return self.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.select_related("organisation"),
            )
        )


class AffiliationQuerySet(models.QuerySet):
    pass
