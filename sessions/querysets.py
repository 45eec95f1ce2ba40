"""Querysets of the programme (sessions) app: every filter and eager load lives here."""

from django.db.models import Prefetch, QuerySet

from cms.publishing import PublishableQuerySet, Status


def _speaker_affiliations():
    """Each speaker's affiliations with their organisations, in one query."""
    from speakers.models import Affiliation

    return Prefetch(
        "speaker__affiliations", queryset=Affiliation.objects.select_related("organisation")
    )


class SessionQuerySet(PublishableQuerySet):
    def public(self):
        """Sessions the public may see: the session, its day and its event are published."""
        return self.filter(
            status=Status.PUBLISHED,
            day__status=Status.PUBLISHED,
            day__event__status=Status.PUBLISHED,
        )

    def for_event(self, event):
        return self.filter(day__event=event)

    def for_day(self, day):
        return self.filter(day=day)

    def in_programme_order(self):
        return self.order_by("day__number", "start", "order", "code", "pk")

    def with_people(self):
        """Participations with speakers and the organisations shown beside them."""
        from sessions.models import Participation

        return self.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "speaker", "affiliation__organisation"
                ).prefetch_related(_speaker_affiliations()),
            )
        )

    def for_recap(self):
        """Published sessions in programme order with everything a day recap shows."""
        return (
            self.public()
            .select_related("day__event", "room")
            .with_people()
            .with_published_quotes()
            .in_programme_order()
        )

    def for_programme(self):
        """Published sessions in programme order with their room and people."""
        return (
            self.public()
            .select_related("day__event", "room")
            .with_people()
            .in_programme_order()
        )

    def with_published_quotes(self):
        from sessions.models import Quote

        return self.prefetch_related(
            Prefetch(
                "quotes",
                queryset=Quote.objects.public()
                .select_related("speaker")
                .prefetch_related(_speaker_affiliations()),
            )
        )


class ParticipationQuerySet(QuerySet):
    pass


class QuoteQuerySet(PublishableQuerySet):
    def public(self):
        """Quotes the public may see: the quote and the session it belongs to are published."""
        return self.filter(
            status=Status.PUBLISHED,
            session__status=Status.PUBLISHED,
            session__day__status=Status.PUBLISHED,
            session__day__event__status=Status.PUBLISHED,
        )

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
