# Download links carry a random public id instead of the sequential pk. Existing rows get one
# each (a column default would give every row the same value), then the column turns unique.
import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    for certificate in Certificate.objects.only("pk").iterator():
        Certificate.objects.filter(pk=certificate.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("certificates", "0002_certificate_history")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="historicalcertificate",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="certificate",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="historicalcertificate",
            name="public_id",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
    ]
