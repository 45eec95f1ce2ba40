import sessions.languages
from django.db import migrations, models
from django.db.models import F


def copy_language(apps, schema_editor):
    """Each session's one language becomes its list of languages."""
    Session = apps.get_model("programme", "Session")
    Session._base_manager.update(languages=F("language"))


def copy_first_language(apps, schema_editor):
    Session = apps.get_model("programme", "Session")
    for session in Session._base_manager.only("pk", "languages"):
        session.language = session.languages.split(",")[0][:16] or "en"
        session.save(update_fields=["language"])


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0010_content_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="languages",
            field=models.CharField(
                default="en",
                help_text="ISO 639-1 codes of the spoken languages, comma-separated: “en” or “en, fr”.",
                max_length=100,
                validators=[sessions.languages.validate_languages],
            ),
        ),
        migrations.RunPython(copy_language, copy_first_language),
        migrations.RemoveField(
            model_name="session",
            name="language",
        ),
    ]
