from django.contrib import admin

from zonedesk.core.admin import AuditedAdmin
from zonedesk.organisation.models import Department, Post, Zone


@admin.register(Zone)
class ZoneAdmin(AuditedAdmin):
    list_display = ["code", "name", "region_code", "province_code", "reporting_year", "reporting_until",
                    "is_default"]

    def get_queryset(self, request):
        return super(AuditedAdmin, self).get_queryset(request).filter(
            id__in=request.user.visible_zone_ids)


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "code", "kind", "parent", "zone", "is_active"]
    list_filter = ["zone", "kind"]
    search_fields = ["name", "code"]


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["name", "department", "system", "zone"]
    list_filter = ["zone", "system"]
