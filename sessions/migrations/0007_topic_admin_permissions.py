"""Organisers tidy topics in the Topics admin (rename, merge, delete); editors may look
them up. Topics are added from the session and report forms, as before."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORGANISER = ("add", "change", "view", "delete")
EDITOR = ("view",)


def grant(apps, schema_editor):
    app_config = apps.get_app_config("cms")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in (("Organiser", ORGANISER), ("Editor", EDITOR)):
        permissions = Permission.objects.filter(
            content_type__app_label="cms",
            codename__in=[f"{action}_topic" for action in actions],
        )
        for group in Group.objects.filter(name=name):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0006_topics_label"),
        ("cms", "0002_topic"),
        ("conference", "0004_editor_and_organiser_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
