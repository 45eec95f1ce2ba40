"""A UUID for every person, the guid their exports already used (derived from the name)."""

import uuid

from django.conf import settings
from django.db import migrations, models


def derived(kind: str, *parts: str) -> uuid.UUID:
    """As sessions/schedule/identifiers.py derived guids before they were stored (frozen)."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"https://{settings.SCHEDULE_UID_DOMAIN}/schedule/")
    return uuid.uuid5(namespace, "/".join([kind, *parts]))


def backfill(apps, schema_editor):
    """Two people of the same name shared one derived guid; the second gets a new one."""
    Speaker = apps.get_model("speakers", "Speaker")
    taken = set()
    for speaker in Speaker.objects.order_by("pk").only("pk", "name", "honorific"):
        full_name = f"{speaker.honorific} {speaker.name}" if speaker.honorific else speaker.name
        value = derived("person", full_name)
        if value in taken:
            value = uuid.uuid4()
        taken.add(value)
        Speaker.objects.filter(pk=speaker.pk).update(uuid=value)


class Migration(migrations.Migration):
    dependencies = [
        ("speakers", "0005_speaker_sort_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="external_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="“acronym:id” of the schedule that brought this person in, for re-imports.",
                max_length=200,
                verbose_name="id in an imported schedule",
            ),
        ),
        migrations.AddField(
            model_name="speaker",
            name="uuid",
            field=models.UUIDField(editable=False, null=True, verbose_name="UUID"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="speaker",
            name="uuid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Never changes: exports use it and imports match on it.",
                unique=True,
                verbose_name="UUID",
            ),
        ),
    ]
