"""AAFP Prescribed credit: boards that count it as Category 1 (Alabama, California, Texas, ...)."""

from django.db import migrations


def load(apps, schema_editor):
    CreditType = apps.get_model("activities", "CreditType")
    last = CreditType.objects.filter(slug="other").values_list("position", flat=True).first()
    position = 6 if last is None else last
    CreditType.objects.get_or_create(
        slug="aafp-prescribed",
        defaults={
            "name": "AAFP Prescribed",
            "requires_provider": True,
            "physicians_only": False,
            "position": position,
        },
    )
    # "Other" stays last in every list.
    CreditType.objects.filter(slug="other").update(position=position + 1)


def unload(apps, schema_editor):
    apps.get_model("activities", "CreditType").objects.filter(slug="aafp-prescribed").delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_activity_history")]

    operations = [migrations.RunPython(load, unload)]
