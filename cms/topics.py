"""Topics: django-taggit tags as editors type them, and merging topics into one.

Taggit's own parser splits on spaces unless the text has a comma or quotes, so "social
outcomes" became two topics; here only commas separate them (settings
``TAGGIT_TAGS_FROM_STRING``/``TAGGIT_STRING_FROM_TAGS``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from taggit.models import Tag, TaggedItem


def parse_topics(text: str) -> list[str]:
    """ "Social outcomes, impact bonds" -> ["Social outcomes", "impact bonds"]: commas or new
    lines separate topics; spaces belong to them; stray quotes are dropped; each once."""
    names: list[str] = []
    for part in text.replace("\n", ",").split(","):
        name = " ".join(part.replace('"', " ").split())
        if name and name not in names:
            names.append(name)
    return sorted(names)


def format_topics(tags) -> str:
    """The topics of a form field, as ``parse_topics`` reads them back."""
    return ", ".join(sorted(tag.name for tag in tags))


@transaction.atomic
def merge_topics(*, kept: Tag, merged) -> int:
    """Moves every item tagged with a topic of ``merged`` to ``kept`` and deletes those
    topics; an item that already has ``kept`` keeps it once. Returns how many items moved.

    Called by the Topics admin's merge action; all of it happens or none of it.
    """
    merged = [tag for tag in merged if tag.pk != kept.pk]
    if not merged:
        raise ValidationError("Choose at least one other topic to merge into the one kept.")
    items = TaggedItem.objects.select_for_update().filter(tag__in=merged)
    already = set(
        TaggedItem.objects.filter(tag=kept).values_list("content_type_id", "object_id")
    )
    moved = 0
    for item in items:
        key = (item.content_type_id, item.object_id)
        if key in already:
            item.delete()
            continue
        item.tag = kept
        item.save(update_fields=["tag"])
        already.add(key)
        moved += 1
    Tag.objects.filter(pk__in=[tag.pk for tag in merged]).delete()
    return moved
