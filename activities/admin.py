from django.contrib import admin

from .models import Activity, CreditType, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CreditType)
class CreditTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "requires_provider", "physicians_only", "increment"]
    list_editable = ["position"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Board rules refer to credit types by slug; renaming one would silently break them.
        return ["slug"] if obj else []


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "completed_on", "credit_type", "credits"]
    list_filter = ["credit_type", "format"]
    search_fields = ["title", "provider", "owner__email"]
    date_hierarchy = "completed_on"
    raw_id_fields = ["owner", "certificate"]
    filter_horizontal = ["topics"]
    list_select_related = ["owner", "credit_type"]
