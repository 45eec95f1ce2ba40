"""Publishing and unpublishing: the admin actions and ``manage.py publish_due`` call these.

Each change is saved object by object, inside one transaction, each object in a revision of
its own, so that the history says who published what and when (and reverting one object
later restores no other), the version counters of open forms move on, and the public page
cache is invalidated by the usual save signals.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from cms import graph
from cms.history import separate_revision
from cms.locking import Versioned, claim_version
from cms.publishing import Status


@dataclass
class Outcome:
    """What a publish or unpublish call changed, and what was already in the target state."""

    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    def __add__(self, other: "Outcome") -> "Outcome":
        return Outcome(self.changed + other.changed, self.unchanged + other.unchanged)


def _set_status(queryset, status: str, *, user, comment: str, publish_at=None) -> Outcome:
    outcome = Outcome()
    with transaction.atomic():
        # A plain queryset of the same rows: the admin's may be annotated (GROUP BY), and
        # PostgreSQL locks no grouped rows.
        pks = list(queryset.values_list("pk", flat=True))
        rows = queryset.model._default_manager.filter(pk__in=pks)
        for obj in rows.select_for_update(of=("self",)).order_by("pk"):
            if obj.status == status and publish_at in (None, obj.publish_at):
                outcome.unchanged.append(obj)
                continue
            obj.status = status
            fields = ["status"]
            if publish_at is not None:
                obj.publish_at = publish_at
                fields.append("publish_at")
            if isinstance(obj, Versioned):
                claim_version(obj)
                fields.append("version")
            with separate_revision(user=user, comment=comment):
                obj.save(update_fields=fields)
            outcome.changed.append(obj)
    return outcome


def publish(queryset, *, user=None) -> Outcome:
    """Publishes drafts and scheduled content at once."""
    return _set_status(queryset, Status.PUBLISHED, user=user, comment="Published.")


def unpublish(queryset, *, user=None) -> Outcome:
    """Takes content back to draft (scheduled content loses its schedule's effect)."""
    return _set_status(queryset, Status.DRAFT, user=user, comment="Unpublished (back to draft).")


def publish_due(*, now=None) -> Outcome:
    """Publishes every scheduled object whose time has come; running it twice does nothing."""
    now = now or timezone.now()
    outcome = Outcome()
    with transaction.atomic():
        for model in graph.publishable_models():
            outcome += _set_status(
                model._default_manager.due(now),
                Status.PUBLISHED,
                user=None,
                comment="Published on schedule.",
            )
    return outcome


def contents(queryset) -> list:
    """The rows that publishing ``queryset`` with its contents would touch: the selected
    objects, then everything under them in the publishing graph (a day's sessions, their
    quotes), one queryset per model."""
    selected = queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
    return [selected.order_by("pk"), *graph.descendants(queryset)]


def schedule(queryset, at, *, user=None) -> Outcome:
    """Schedules what is not yet published to become public at ``at``."""
    comment = f"Scheduled for {timezone.localtime(at):%Y-%m-%d %H:%M %Z}."
    return _set_status(
        queryset.exclude(status=Status.PUBLISHED),
        Status.SCHEDULED,
        user=user,
        comment=comment,
        publish_at=at,
    )


def publish_with_contents(queryset, *, user=None, at=None) -> Outcome:
    """Publishes objects with everything under them in the publishing graph, all or nothing;
    with ``at``, schedules them all for that moment instead."""
    outcome = Outcome()
    with transaction.atomic():
        for rows in contents(queryset):
            outcome += schedule(rows, at, user=user) if at else publish(rows, user=user)
    return outcome
