"""Querysets of the speakers app."""

from django.db import models
from django.db.models import Prefetch


class SpeakerQuerySet(models.QuerySet):
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
