"""The vocabularies staff keep: topics and credit types.

A physician's activities have no admin page. Site staff keep the rule tables and help people
with their accounts; they do not read anyone's record (docs/security.md).
"""

from django.contrib import admin

from cmetrack.lib.admin import CountsOnlyDeleteMixin

from .models import CreditType, Topic


@admin.register(Topic)
class TopicAdmin(CountsOnlyDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CreditType)
class CreditTypeAdmin(CountsOnlyDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "requires_provider", "physicians_only", "increment"]
    list_editable = ["position"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Board rules refer to credit types by slug; renaming one would silently break them.
        return ["slug"] if obj else []
