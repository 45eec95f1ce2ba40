"""Querysets of the conference app: every filter and eager load lives here."""

from django.db import models

from cms.querysets import PublicQuerySet, PublishableQuerySet


class OrganisationQuerySet(PublicQuerySet):
    pass


class EventQuerySet(PublishableQuerySet):
    def with_organiser(self):
        return self.select_related("organiser")

    def with_published_days(self):
        """Each event's public days in order, as ``event.published_days``."""
        day_model = self.model._meta.get_field("days").related_model
        return self.prefetch_related(
            models.Prefetch(
                "days",
                queryset=day_model.objects.public().order_by("number"),
                to_attr="published_days",
            )
        )


class DayQuerySet(PublishableQuerySet):
    def for_event(self, event):
        return self.filter(event=event)

    def with_event(self):
        return self.select_related("event__organiser")


class RoomQuerySet(models.QuerySet):
    def for_event(self, event):
        return self.filter(event=event)
