"""The credit types' and topics' rows take their names from the one vocabulary
(`reporting.engine.vocabulary`), so a form, a list, a sentence and a PDF name them alike."""

from django.db import migrations

from reporting.engine.vocabulary import CREDIT_TYPE_NAMES, TOPIC_NAMES


def rename(apps, schema_editor):
    for model, names in (("CreditType", CREDIT_TYPE_NAMES), ("Topic", TOPIC_NAMES)):
        rows = apps.get_model("activities", model).objects
        for slug, name in names.items():
            rows.filter(slug=slug).exclude(name=name).update(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_transcript_record_version"),
        ("activities", "0005_activity_dates_in_sane_range"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop)]
