import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


def certificate_key(instance: "Certificate", filename: str) -> str:
    """A random storage key: user-supplied names never reach the storage path."""
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        instance.content_type, "bin"
    )
    return f"certificates/{uuid.uuid4().hex}.{extension}"


class Certificate(models.Model):
    """An uploaded proof of completion: a PDF, PNG or JPEG, validated by content."""

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG image"
        JPEG = "image/jpeg", "JPEG image"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    # What download links carry instead of the sequential pk: a link copied into an e-mail or
    # a log names no neighbour's file, and no one can walk the ids.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=certificate_key, max_length=255)
    filename = models.CharField("original file name", max_length=255)
    content_type = models.CharField(max_length=32, choices=ContentType.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    pages = models.PositiveIntegerField(default=1)
    text = models.TextField("extracted text", blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Who uploaded or removed what and when; the extracted text is too big to copy each time.
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            # The same file uploaded twice by one person is one certificate.
            models.UniqueConstraint(
                fields=["owner", "sha256"], name="certificate_unique_per_owner"
            ),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="certificate_not_empty"),
        ]

    def __str__(self) -> str:
        return self.filename
