"""Site staff set up providers (accreditation, ACCME id); claims stay with the provider's staff.

Claims carry learners' personal details (birth day, license numbers) and are read on the
provider's own pages only, as a physician's record is read only by the physician.
"""

from django.contrib import admin

from cmetrack.lib.admin import CountsOnlyDeleteMixin

from .models import Provider


@admin.register(Provider)
class ProviderAdmin(CountsOnlyDeleteMixin, admin.ModelAdmin):
    list_display = ["organization", "accreditation", "accme_id"]
    list_filter = ["accreditation"]
    search_fields = ["organization__name", "accme_id"]
    raw_id_fields = ["organization"]
