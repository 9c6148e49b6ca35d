from django.contrib import admin

from zonedesk.core.admin import AuditedAdmin
from zonedesk.enterprises.models import Industry

IN_USE = "该行业仍有企业登记，不能删除（GB/T 4754 的行业代码应保留；企业改行业后再删除）"


@admin.register(Industry)
class IndustryAdmin(AuditedAdmin):
    list_display = ["code", "section", "name"]
    search_fields = ["code", "name"]

    def get_deleted_objects(self, objs, request):
        # Industries are national, the enterprises that protect them belong to zones: Django
        # would list every zone's enterprises by name on the confirmation page, and the
        # system administrator sees no business data at all (三员分立). Say why, name none.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed, [IN_USE] if protected else []
