"""Querysets of the programme (sessions) app: every filter and eager load lives here."""

from django.db.models import Prefetch, QuerySet

from cms.querysets import PublishableQuerySet
from speakers.models import Affiliation


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
