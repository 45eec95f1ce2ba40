"""A UUID for every event, day and room; rooms keep the guid their exports already used."""

import uuid

from django.conf import settings
from django.db import migrations, models


def derived(kind: str, *parts: str) -> uuid.UUID:
    """As sessions/schedule/identifiers.py derived guids before they were stored (frozen)."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://{settings.SCHEDULE_UID_DOMAIN}/schedule/")
    return uuid.uuid5(namespace, "/".join([kind, *parts]))


def backfill(apps, schema_editor):
    for name in ("Event", "Day"):
        model = apps.get_model("conference", name)
        for row in model.objects.only("pk"):
            model.objects.filter(pk=row.pk).update(uuid=uuid.uuid4())
    Room = apps.get_model("conference", "Room")
    for room in Room.objects.select_related("event").only("pk", "name", "event__slug"):
        Room.objects.filter(pk=room.pk).update(uuid=derived("room", room.event.slug, room.name))


def uuid_field(**options):
    return models.UUIDField(editable=False, verbose_name="UUID", **options)


HELP = "Never changes: exports use it and imports match on it."


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0008_organisation_kind_research"),
    ]

    operations = [
        *[
            migrations.AddField(model_name=name, name="uuid", field=uuid_field(null=True))
            for name in ("event", "day", "room")
        ],
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="event",
            name="uuid",
            field=uuid_field(default=uuid.uuid4, unique=True, help_text=HELP),
        ),
        migrations.AlterField(
            model_name="day", name="uuid", field=uuid_field(default=uuid.uuid4, unique=True)
        ),
        migrations.AlterField(
            model_name="room", name="uuid", field=uuid_field(default=uuid.uuid4, unique=True)
        ),
    ]
