"""Querysets of the speakers app.

A person has no publication status of their own: ``.public()`` (``cms.graph``) keeps the people
that published content shows, as the apps above declare it.
"""

from django.db import models
from django.db.models import Prefetch

from cms.querysets import PublicQuerySet


class SpeakerQuerySet(PublicQuerySet):
    def with_affiliations(self):
        affiliation_model = self.model._meta.get_field("affiliations").related_model
        return self.prefetch_related(
            Prefetch(
                "affiliations",
                queryset=affiliation_model.objects.select_related("organisation"),
            )
        )


class AffiliationQuerySet(models.QuerySet):
    pass
