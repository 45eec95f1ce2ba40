"""The publishing graph: the one declaration of what makes content public.

Each domain app declares its models once, from its own ``apps.py``:

- ``publishable(Model, parent="fk")``: the model has a publication status, and an object is
  public only when it is published and so is its parent (which is declared the same way):
  Quote -> Session -> Day -> Event, Report -> Event.
- ``shown_by(Model, ShowingModel, "path")``: objects without a status of their own (people,
  organisations) are public when a public ``ShowingModel`` reaches them through ``path``.

The public querysets (``.public()``), the preview scope, publishing with contents, scheduled
publication and the question "is this object public?" are all derived here, so the rule is
written once. This module knows no domain model: it reads the declarations and ``_meta``.

Scheduled content is public from its moment on: queries compare ``publish_at`` with now, so
no timer has to run first (``publish_due`` only tidies the stored states). A preview widens
the rule for the rows it shows (``previewing``) without writing anything.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from cms.publishing import Status


@dataclass
class _Node:
    model: type[Model]
    parent: str | None = None  # foreign key to the publishable parent, if any
    showers: list[tuple[type[Model], str]] = field(default_factory=list)

    @property
    def is_publishable(self) -> bool:
        return not self.showers


_nodes: dict[type[Model], _Node] = {}


def publishable(model: type[Model], *, parent: str | None = None) -> None:
    """Declares a model with a publication status, public only under a public ``parent``."""
    _nodes[model] = _Node(model, parent=parent)


def shown_by(model: type[Model], showing_model: type[Model], path: str) -> None:
    """Declares that a public ``showing_model`` makes public what it reaches through ``path``.

    A model may be shown by itself (an organisation shows the one it is part of): such a link
    is followed one step, from the objects public through the other links.
    """
    _nodes.setdefault(model, _Node(model)).showers.append((showing_model, path))


def _node(model: type[Model]) -> _Node:
    try:
        return _nodes[model]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not in the publishing graph.") from None


def is_declared(model: type[Model]) -> bool:
    """Whether ``model`` is in the graph (rather than a row belonging to something that is,
    as a session's link or a person's affiliation)."""
    return model in _nodes


def publishable_models() -> list[type[Model]]:
    return [node.model for node in _nodes.values() if node.is_publishable]


def _parent_model(node: _Node) -> type[Model]:
    return node.model._meta.get_field(node.parent).related_model


def ancestry(model: type[Model]) -> list[tuple[str, type[Model]]]:
    """The lookups from ``model`` to each publishable ancestor, nearest first:
    ``[("session", Session), ("session__day", Day), ("session__day__event", Event)]``."""
    chain, path, node = [], "", _node(model)
    while node.parent:
        path = f"{path}__{node.parent}" if path else node.parent
        node = _node(_parent_model(node))
        chain.append((path, node.model))
    return chain


def root_lookup(model: type[Model]) -> str:
    """The lookup from ``model`` to the root of its chain (the event), "pk" for the root."""
    chain = ancestry(model)
    return chain[-1][0] if chain else "pk"


# Rows that a preview treats as published, by model: {Session: {12}, Day: {3}, ...}.
_previewed: ContextVar[dict[type[Model], set] | None] = ContextVar("previewed", default=None)


def _live(model: type[Model], prefix: str = "") -> Q:
    """Published, or scheduled for a moment already past, as seen from ``prefix`` (empty:
    the object itself); in a preview, also the rows the preview shows."""
    condition = Q(**{f"{prefix}status": Status.PUBLISHED}) | Q(
        **{f"{prefix}status": Status.SCHEDULED, f"{prefix}publish_at__lte": timezone.now()}
    )
    previewed = (_previewed.get() or {}).get(model)
    if previewed:
        condition |= Q(**{f"{prefix}pk__in": previewed})
    return condition


def is_live(obj: Model) -> bool:
    """Whether ``obj``'s own state is public (published, or scheduled and due)."""
    return obj.status == Status.PUBLISHED or (
        obj.status == Status.SCHEDULED
        and obj.publish_at is not None
        and obj.publish_at <= timezone.now()
    )


def public_q(model: type[Model], *, event=None) -> Q:
    """The condition for public rows of ``model``; with ``event``, only what that event shows."""
    node = _node(model)
    if node.is_publishable:
        condition = _live(model)
        for path, ancestor in ancestry(model):
            condition &= _live(ancestor, f"{path}__")
        if event is not None:
            condition &= Q(**{root_lookup(model): getattr(event, "pk", event)})
        return condition
    named = Q(pk__in=[])
    for showing_model, path in node.showers:
        if showing_model is not model:
            showing = showing_model._default_manager.filter(public_q(showing_model, event=event))
            named |= Q(pk__in=showing.values(path))
    condition = named
    for showing_model, path in node.showers:
        if showing_model is model:
            condition |= Q(pk__in=model._default_manager.filter(named).values(path))
    return condition


def is_public(obj: Model) -> bool:
    """Whether the public sees ``obj`` now, as stored."""
    model = type(obj)
    return model._default_manager.filter(public_q(model), pk=obj.pk).exists()


def would_be_public(obj: Model) -> bool:
    """Whether the public would see ``obj`` as it is in memory (its own state and parent,
    perhaps changed and not yet saved): the question every change asks before it is saved."""
    node = _node(type(obj))
    if not node.is_publishable:
        return obj.pk is not None and is_public(obj)
    if not is_live(obj):
        return False
    parent = getattr(obj, node.parent) if node.parent else None
    return parent is None or is_public(parent)


def next_scheduled_moment() -> datetime | None:
    """The earliest moment still to come at which scheduled content becomes public."""
    now = timezone.now()
    first, *others = [
        model._default_manager.filter(status=Status.SCHEDULED, publish_at__gt=now)
        .order_by()
        .values_list("publish_at", flat=True)
        for model in publishable_models()
    ]
    return first.union(*others).order_by("publish_at").first()  # one query


def descendants(queryset: QuerySet) -> list[QuerySet]:
    """The publishable rows under ``queryset`` (a day's sessions, then their quotes), in the
    order of the graph, each query ordered by primary key."""
    found = []
    parents = [(queryset.model, queryset)]
    while parents:
        parent_model, parent_rows = parents.pop(0)
        for node in _nodes.values():
            if node.parent and _parent_model(node) is parent_model:
                rows = node.model._default_manager.filter(
                    **{f"{node.parent}__in": parent_rows.values("pk")}
                ).order_by("pk")
                found.append(rows)
                parents.append((node.model, rows))
    return found


def parents_by_visibility(queryset: QuerySet) -> tuple[list[Model], list[Model]]:
    """The parents of ``queryset``'s rows, as (public, hidden): until a parent is public,
    publishing its rows shows nothing."""
    chain = ancestry(queryset.model)
    if not chain:
        return [], []
    path, parent_model = chain[0]
    parents = list(parent_model._default_manager.filter(pk__in=queryset.values(path)))
    public = set(
        parent_model._default_manager.filter(public_q(parent_model), pk__in=[p.pk for p in parents])
        .values_list("pk", flat=True)
    )
    return [p for p in parents if p.pk in public], [p for p in parents if p.pk not in public]


def _with_ancestors(rows: QuerySet) -> list[QuerySet]:
    scope = [rows]
    for path, ancestor in ancestry(rows.model):
        scope.append(ancestor._default_manager.filter(pk__in=rows.values(path)))
    return scope


def _showing_rows(obj: Model) -> list[QuerySet]:
    """The publishable rows that show ``obj`` (a person: their sessions, quotes, reports)."""
    scope = []
    for showing_model, path in _node(type(obj)).showers:
        if showing_model is type(obj):
            continue
        rows = showing_model._default_manager.filter(**{path: obj.pk})
        if _node(showing_model).is_publishable:
            scope.append(rows)
        else:
            for shower in rows:
                scope += _showing_rows(shower)
    return scope


def preview_scope(obj: Model) -> list[QuerySet]:
    """The publishable rows to treat as published to show ``obj``'s page as it will be: the
    object, its ancestors and its contents; for a person or organisation, what shows them and
    the ancestors of that."""
    model = type(obj)
    if _node(model).is_publishable:
        own = model._default_manager.filter(pk=obj.pk)
        return _with_ancestors(own) + descendants(own)
    scope = []
    for rows in _showing_rows(obj):
        scope += _with_ancestors(rows)
    return scope


@contextmanager
def previewing(obj: Model) -> Iterator[None]:
    """Within the block, ``.public()`` also keeps ``obj``'s preview scope (reads only)."""
    previewed: dict[type[Model], set] = {}
    for rows in preview_scope(obj):
        previewed.setdefault(rows.model, set()).update(rows.values_list("pk", flat=True))
    token = _previewed.set(previewed)
    try:
        yield
    finally:
        _previewed.reset(token)


def in_graph(model: type[Model]) -> bool:
    return model in _nodes
