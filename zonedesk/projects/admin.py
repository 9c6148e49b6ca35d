from django.contrib import admin

from zonedesk.core.admin import AuditedAdmin
from zonedesk.projects.models import IndustryChain, StageSetting


@admin.register(IndustryChain)
class IndustryChainAdmin(AuditedAdmin):
    list_display = ["name", "zone", "sort", "is_active"]
    list_filter = ["zone", "is_active"]
    search_fields = ["name"]


@admin.register(StageSetting)
class StageSettingAdmin(AuditedAdmin):
    list_display = ["stage", "zone", "yellow_days", "red_days"]
    list_filter = ["zone"]
