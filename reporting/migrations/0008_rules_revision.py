import time

from django.db import migrations, models


def start_counting(apps, schema_editor):  # type: ignore[no-untyped-def]
    # The one row (id 1), counting from the clock in microseconds as
    # reporting.rules.revision.revision_start does; written out so the migration stays as it is
    # whatever that module becomes.
    apps.get_model("reporting", "RulesRevision").objects.create(pk=1, value=time.time_ns() // 1000)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_share_links"),
    ]

    operations = [
        migrations.CreateModel(
            name="RulesRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(start_counting, migrations.RunPython.noop),
    ]
