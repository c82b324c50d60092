from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Staff can find and inspect certificates; files and keys are never edited here."""

    list_display = ["filename", "owner", "content_type", "size", "pages", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["filename", "owner__email", "sha256"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "owner",
        "download",
        "filename",
        "content_type",
        "size",
        "sha256",
        "pages",
        "text",
        "uploaded_at",
    ]

    exclude = ["file"]

    @admin.display(description="file")
    def download(self, certificate: Certificate) -> str:
        # Through the access-checked view: media files are never served directly.
        url = reverse("certificates:download", args=[certificate.pk])
        return format_html('<a href="{}">Download {}</a>', url, certificate.filename)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads go through validation, which the admin form would skip

    def has_delete_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False  # only the owner deletes, so the stored file goes with the row
