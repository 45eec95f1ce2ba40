"""Publishing and unpublishing: the admin actions and ``manage.py publish_due`` call these.

Each change is saved object by object, inside one transaction, each object in a revision of
its own, so that the history says who published what and when (and reverting one object
later restores no other), the version counters of open forms move on, and the public page
cache is invalidated by the usual save signals.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from cms.history import separate_revision
from cms.locking import Versioned, claim_version
from cms.publishing import Publishable, Status


@dataclass
class Outcome:
    """What a publish or unpublish call changed, and what was already in the target state."""

    changed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    def __add__(self, other: "Outcome") -> "Outcome":
        return Outcome(self.changed + other.changed, self.unchanged + other.unchanged)


def publishable_models() -> list[type[Publishable]]:
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def _set_status(queryset, status: str, *, user, comment: str) -> Outcome:
    outcome = Outcome()
    with transaction.atomic():
        # A plain queryset of the same rows: the admin's may be annotated (GROUP BY), and
        # PostgreSQL locks no grouped rows.
        pks = list(queryset.values_list("pk", flat=True))
        rows = queryset.model._default_manager.filter(pk__in=pks)
        for obj in rows.select_for_update(of=("self",)).order_by("pk"):
            if obj.status == status:
                outcome.unchanged.append(obj)
                continue
            obj.status = status
            fields = ["status"]
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
        for model in publishable_models():
            outcome += _set_status(
                model._default_manager.due(now),
                Status.PUBLISHED,
                user=None,
                comment="Published on schedule.",
            )
    return outcome


def day_contents(days) -> dict:
    """The sessions of ``days`` and their quotes, for publishing a day with its contents.

    Reached through the reverse relations so that this app does not import the programme.
    """
    day_model = days.model
    session_model = day_model._meta.get_field("sessions").related_model
    quote_model = session_model._meta.get_field("quotes").related_model
    return {
        "sessions": session_model._default_manager.filter(day__in=days)
        .select_related("day__event")
        .order_by("day__event", "day__number", "start", "order", "pk"),
        "quotes": quote_model._default_manager.filter(session__day__in=days)
        .select_related("session", "speaker")
        .order_by("session__day__number", "session__start", "session__order", "order", "pk"),
    }


def publish_with_contents(days, *, user=None) -> Outcome:
    """Publishes days with all their sessions and quotes, all or nothing."""
    contents = day_contents(days)
    with transaction.atomic():
        return (
            publish(days, user=user)
            + publish(contents["sessions"], user=user)
            + publish(contents["quotes"], user=user)
        )
