"""Querysets of the conference app: every filter and eager load lives here."""

from django.db import models

from cms.publishing import PublishableQuerySet, Status


class OrganisationQuerySet(models.QuerySet):
    def with_parent(self):
        return self.select_related("parent")


class EventQuerySet(PublishableQuerySet):
    def with_organiser(self):
        return self.select_related("organiser")

    def with_published_days(self):
        """Each event's published days in order, as ``event.published_days``."""
        from conference.models import Day

        return self.prefetch_related(
            models.Prefetch(
                "days",
                queryset=Day.objects.filter(status=Status.PUBLISHED).order_by("number"),
                to_attr="published_days",
            )
        )


class DayQuerySet(PublishableQuerySet):
    def public(self):
        return self.filter(status=Status.PUBLISHED, event__status=Status.PUBLISHED)

    def for_event(self, event):
        return self.filter(event=event)

    def with_event(self):
        return self.select_related("event__organiser")


class RoomQuerySet(models.QuerySet):
    def for_event(self, event):
        return self.filter(event=event)
