"""The two roles of the admin: Editor and Organiser groups with their permissions.

Editors write content: they add, change and view everything, and delete only the rows
that writing a programme needs (sessions, quotes, people in sessions, affiliations,
report editors, rooms). Organisers do all that, delete anything, publish and export.
Neither manages users. Permissions are created here first: on a fresh database Django
only creates them after the last migration has run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = {
    "conference": ["event", "day", "room", "organisation"],
    "speakers": ["speaker", "affiliation"],
    "programme": ["session", "participation", "quote"],
    "reports": ["report", "reporteditor"],
}
EDITOR_DELETES = {"session", "quote", "participation", "affiliation", "reporteditor", "room"}
ORGANISER_EXTRAS = ["publish_content", "export_content"]


def _codenames(models, actions):
    return [f"{action}_{model}" for model in models for action in actions]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(app_label, codenames):
        found = list(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
        missing = set(codenames) - {p.codename for p in found}
        if missing:
            raise RuntimeError(f"Permissions missing in {app_label}: {sorted(missing)}")
        return found

    editor, organiser = [], []
    for app_label, models in CONTENT.items():
        writes = permissions(app_label, _codenames(models, ("add", "change", "view")))
        editor += writes + permissions(
            app_label, _codenames([m for m in models if m in EDITOR_DELETES], ("delete",))
        )
        organiser += writes + permissions(app_label, _codenames(models, ("delete",)))
    organiser += permissions("conference", ORGANISER_EXTRAS)

    for name, perms in (("Editor", editor), ("Organiser", organiser)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Organiser"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("conference", "0003_versions"),
        ("speakers", "0003_versions"),
        ("programme", "0002_versions"),
        ("reports", "0003_versions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
