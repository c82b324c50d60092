from django.db import migrations, models


def start_counting(apps, schema_editor):  # type: ignore[no-untyped-def]
    from reporting.rules.revision import REVISION_ID, revision_start

    apps.get_model("reporting", "RulesRevision").objects.create(
        pk=REVISION_ID, value=revision_start()
    )


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
