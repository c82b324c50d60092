from django.contrib import admin
from django.http import HttpRequest

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Staff can find certificates' metadata; files are never opened or edited here.

    A physician's certificate file is theirs alone: no staff flag downloads it.
    """

    list_display = ["filename", "owner", "content_type", "size", "pages", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["filename", "owner__email", "sha256"]
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "owner",
        "filename",
        "content_type",
        "size",
        "sha256",
        "pages",
        "text",
        "uploaded_at",
    ]

    exclude = ["file"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads go through validation, which the admin form would skip

    def has_delete_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False  # only the owner deletes, so the stored file goes with the row
