"""Licenses, read by staff (owners edit their own in the app)."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from reporting.admin.filters import BoardStateFilter
from reporting.compliance import presentation
from reporting.compliance import selectors as compliance_selectors
from reporting.models import License


class JudgedChangeList(ChangeList):
    """The page's licenses judged live, in one batch: the status column never says "?".

    The stored `is_compliant` is only as fresh as the last bulk run; staff answering a
    physician's question need the verdict the physician sees today.
    """

    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        self.result_list = list(self.result_list)
        reports = compliance_selectors.licenses_judged(self.result_list, as_of=timezone.localdate())
        for license in self.result_list:
            license.verdict = presentation.verdict(reports.get(license.pk))


@admin.register(License)
class LicenseAdmin(SimpleHistoryAdmin):
    list_display = (
        "number",
        "board",
        "owner_email",
        "expires_on",
        "status",
        "compliance_checked_at",
    )
    list_select_related = ("owner", "board", "board__shares_rules_with")
    list_filter = (BoardStateFilter, "is_compliant")
    search_fields = ("owner__email", "board__code", "number")
    readonly_fields = (
        "status",
        "is_compliant",
        "compliance_checked_at",
        "created_at",
        "updated_at",
    )

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return JudgedChangeList

    @admin.display(description="physician", ordering="owner__email")
    def owner_email(self, license: License) -> str:
        return license.owner.email

    @admin.display(description="status")
    def status(self, license: License) -> str:
        verdict = getattr(license, "verdict", None)
        if verdict is None:  # the license's own page: judge this one
            report = compliance_selectors.licenses_judged([license], as_of=timezone.localdate())
            verdict = presentation.verdict(report[license.pk])
        return verdict.words

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
