from django.contrib import admin

from zonedesk.core.admin import AuditedAdmin
from zonedesk.parks.models import Park


@admin.register(Park)
class ParkAdmin(AuditedAdmin):
    list_display = ["name", "zone", "address"]
    list_filter = [("zone", admin.RelatedOnlyFieldListFilter)]
