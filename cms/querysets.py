"""Querysets of everything the public may see, answering ``.public()`` from the graph."""

from django.db import models

from cms import graph
from cms.publishing import Status


class PublicQuerySet(models.QuerySet):
    def public(self, *, event=None):
        """What the public sees (``cms.graph``); with ``event``, only within that event."""
        return self.filter(graph.public_q(self.model, event=event))


class PublishableQuerySet(PublicQuerySet):
    def due(self, now):
        """Scheduled content whose publication time has come (``manage.py publish_due``)."""
        return self.filter(status=Status.SCHEDULED, publish_at__lte=now)
