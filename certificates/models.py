import datetime
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


class ReadingStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be read"
    READING = "reading", "Being read"
    READY = "ready", "Read"
    FAILED = "failed", "Could not be read"


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
    # Reading (text layer, OCR, splitting a bundle) runs in a worker after the upload commits;
    # rows from before that stay "ready".
    status = models.CharField(max_length=8, choices=ReadingStatus, default=ReadingStatus.READY)
    read_attempts = models.PositiveSmallIntegerField(default=0)
    read_started_at = models.DateTimeField(null=True, blank=True)
    read_message = models.CharField(max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Who uploaded or removed what and when; the extracted text is too big to copy each time.
    history = HistoricalRecords(
        excluded_fields=["text", "status", "read_attempts", "read_started_at", "read_message"]
    )

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


class Draft(models.Model):
    """One certificate found in an uploaded file: the activity it suggests, until confirmed.

    A file may hold several certificates (a bundle of four 1-credit courses); each becomes a
    draft with its own page range, confirmed one by one on the review page.
    """

    class Status(models.TextChoices):
        OPEN = "open", "To confirm"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="drafts")
    position = models.PositiveSmallIntegerField(help_text="Its order in the file, from 1.")
    first_page = models.PositiveIntegerField()
    last_page = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    method = models.CharField(max_length=8, blank=True)  # pdf, ocr or none
    # The fields read from this certificate, JSON-ready (dates ISO, credits a string).
    suggestions = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["certificate", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "position"], name="draft_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(first_page__gte=1)
                & models.Q(last_page__gte=models.F("first_page")),
                name="draft_pages_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.suggestions.get("title") or f"{self.certificate.filename}, {self.pages_label}"

    @property
    def pages_label(self) -> str:
        if self.first_page == self.last_page:
            return f"page {self.first_page}"
        return f"pages {self.first_page}\u2013{self.last_page}"

    @property
    def completed_on(self) -> datetime.date | None:
        """The suggested completion date, as a date (the JSON keeps it ISO)."""
        try:
            return datetime.date.fromisoformat(str(self.suggestions.get("completed_on")))
        except ValueError:
            return None

    @property
    def page_numbers(self) -> range:
        return range(self.first_page, self.last_page + 1)
