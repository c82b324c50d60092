"""Licenses, read by staff (owners edit their own in the app)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from ..models import License
from .filters import BoardStateFilter


@admin.register(License)
class LicenseAdmin(SimpleHistoryAdmin):
    list_display = (
        "number",
        "board",
        "owner_email",
        "expires_on",
        "is_compliant",
        "compliance_checked_at",
    )
    list_select_related = ("owner", "board")
    list_filter = (BoardStateFilter, "is_compliant")
    search_fields = ("owner__email", "board__code", "number")
    readonly_fields = ("is_compliant", "compliance_checked_at", "created_at", "updated_at")

    @admin.display(description="physician", ordering="owner__email")
    def owner_email(self, license: License) -> str:
        return license.owner.email

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
