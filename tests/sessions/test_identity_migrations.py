"""The migrations that give existing rows their UUIDs keep the guids exports already used,
and turn each event's session kinds into session types."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("conference", "0008_organisation_kind_research"),
    ("speakers", "0005_speaker_sort_name"),
    ("programme", "0003_one_person_once_per_session"),
]
AFTER = [
    ("conference", "0009_identities"),
    ("speakers", "0006_identities"),
    ("programme", "0005_type_track_link_permissions"),
]


def _derived(kind: str, *parts: str) -> uuid.UUID:
    """The guids sessions/schedule/identifiers.py derived before UUIDs were stored."""
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "https://programme.invalid/schedule/")
    return uuid.uuid5(namespace, "/".join([kind, *parts]))


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rows_keep_their_exported_guids_and_kinds_become_types(settings):
    settings.SCHEDULE_UID_DOMAIN = "programme.invalid"
    apps = _migrate(BEFORE)
    Event = apps.get_model("conference", "Event")
    Day = apps.get_model("conference", "Day")
    Room = apps.get_model("conference", "Room")
    Speaker = apps.get_model("speakers", "Speaker")
    Session = apps.get_model("programme", "Session")
    event = Event.objects.create(
        name="Old", slug="old24", start_date="2024-09-05", end_date="2024-09-05"
    )
    day = Day.objects.create(event=event, number=1, date="2024-09-05")
    room = Room.objects.create(event=event, name="Hall")
    Session.objects.create(day=day, title="Panel", slug="panel", kind="panel", room=room)
    Session.objects.create(day=day, title="Other panel", slug="other-panel", kind="panel")
    Session.objects.create(day=day, title="Welcome", slug="welcome", kind="welcome")
    Speaker.objects.create(name="Ada Lovelace", honorific="Dr", slug="ada")
    Speaker.objects.create(name="Ada Lovelace", honorific="Dr", slug="ada-2")

    apps = _migrate(AFTER)
    Session = apps.get_model("programme", "Session")
    Speaker = apps.get_model("speakers", "Speaker")
    SessionType = apps.get_model("programme", "SessionType")
    panel = Session.objects.get(slug="panel")
    assert panel.uuid == _derived("session", "old24", "panel")
    assert apps.get_model("conference", "Room").objects.get().uuid == _derived(
        "room", "old24", "Hall"
    )
    adas = list(Speaker.objects.order_by("pk"))
    assert adas[0].uuid == _derived("person", "Dr Ada Lovelace")
    assert adas[1].uuid not in (None, adas[0].uuid)  # one name, two people: two UUIDs
    assert apps.get_model("conference", "Event").objects.get().uuid is not None
    assert sorted(SessionType.objects.values_list("slug", "name")) == [
        ("panel", "Panel"), ("welcome", "Welcome")
    ]  # fmt: skip
    assert Session.objects.filter(type__slug="panel").count() == 2
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
