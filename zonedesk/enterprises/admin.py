from django.contrib import admin

from zonedesk.core.admin import AuditedAdmin
from zonedesk.enterprises.models import Industry


@admin.register(Industry)
class IndustryAdmin(AuditedAdmin):
    list_display = ["code", "section", "name"]
    search_fields = ["code", "name"]
