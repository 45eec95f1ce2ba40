"""Querysets of the programme (sessions) app: every filter and eager load lives here."""

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects

from cms.querysets import PublishableQuerySet
from speakers.models import Affiliation, Speaker


def _speaker_affiliations():
    """Each speaker's affiliations with their organisations, in one query."""
    return Prefetch(
        "speaker__affiliations", queryset=Affiliation.objects.select_related("organisation")
    )


class SessionQuerySet(PublishableQuerySet):
    def for_event(self, event):
        return self.filter(day__event=event)

    def for_day(self, day):
        return self.filter(day=day)

    def in_language(self, code: str):
        """Sessions held in ``code`` among others: ``languages`` is "en,fr", normalised."""
        return self.filter(
            Q(languages=code)
            | Q(languages__startswith=f"{code},")
            | Q(languages__endswith=f",{code}")
            | Q(languages__contains=f",{code},")
        )

    def in_programme_order(self):
        return self.order_by("day__number", "start", "order", "code", "pk")

    def with_people(self):
        """Participations with speakers and the organisations shown beside them."""
        participation_model = self.model._meta.get_field("participations").related_model
        return self.prefetch_related(
            Prefetch(
                "participations",
                queryset=participation_model.objects.select_related(
                    "speaker", "affiliation__organisation"
                ).prefetch_related(_speaker_affiliations()),
            )
        )

    def with_published_quotes(self):
        quote_model = self.model._meta.get_field("quotes").related_model
        return self.prefetch_related(
            Prefetch(
                "quotes",
                queryset=quote_model.objects.public()
                .select_related("speaker")
                .prefetch_related(_speaker_affiliations()),
            )
        )


    # A 100-session day shows a few hundred people: each is loaded once, as a plain list
    # (``session.people``) that templates can loop over without cloning a queryset, and a
    # speaker's affiliations are fetched only when no organisation is chosen for the session.

    def with_people_list(self):
        """Participations in order as ``session.people``, with speaker and chosen affiliation."""
        participation_model = self.model._meta.get_field("participations").related_model
        return self.prefetch_related(
            Prefetch(
                "participations",
                queryset=participation_model.objects.select_related(
                    "speaker", "affiliation__organisation"
                ),
                to_attr="people",
            )
        )

    def listed_with_people(self, *, day=None) -> list:
        """The sessions as a list with ``session.people`` and what ``shown_affiliation``
        needs; ``day``, when every session belongs to it, stands in for loading each one's."""
        sessions = list(self.with_people_list())
        if day is not None:
            for session in sessions:
                session.day = day
        load_primary_affiliations(
            p.speaker for s in sessions for p in s.people if not p.affiliation_id
        )
        return sessions


class ParticipationQuerySet(QuerySet):
    pass


class QuoteQuerySet(PublishableQuerySet):
    def for_event(self, event):
        return self.filter(session__day__event=event)

    def featured_for_listing(self):
        """Featured quotes with their speaker, organisation and session, in programme order."""
        return (
            self.filter(featured=True)
            .select_related("speaker", "session__day__event")
            .prefetch_related(_speaker_affiliations())
            .order_by("session__day__number", "session__start", "session__order", "order", "pk")
        )


def load_primary_affiliations(speakers: Iterable[Speaker]) -> None:
    """Prefetches the affiliations (``primary_affiliation``) of ``speakers``: one query."""
    prefetch_related_objects(
        list(speakers),
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
    )
