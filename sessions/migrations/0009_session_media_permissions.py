"""Editors and organisers manage a session's attachments and photos like its links."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ("sessionattachment", "sessionphoto")
ACTIONS = ("add", "change", "view", "delete")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("programme")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    permissions = list(
        Permission.objects.filter(content_type__app_label="programme", codename__in=codenames)
    )
    for group in Group.objects.filter(name__in=["Editor", "Organiser"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0008_session_media"),
        ("conference", "0004_editor_and_organiser_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
