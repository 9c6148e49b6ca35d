"""The zone's appeal parameters and categories, kept by the system administrator (reference
data: saves and deletes are audited through AuditedAdmin). A category's new limit applies to
cases accepted afterwards; cases already accepted keep the limit they started with."""

from __future__ import annotations

from django.contrib import admin

from zonedesk.appeals.models import AppealSettings, Category
from zonedesk.core.admin import AuditedAdmin


@admin.register(AppealSettings)
class AppealSettingsAdmin(AuditedAdmin):
    list_display = ["zone", "yellow_ratio", "sign_for_hours", "rectification_days", "satisfaction_formula",
                    "updated_at"]


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["zone", "code", "name", "limit_amount", "limit_unit", "sort"]
    list_filter = ["zone", "limit_unit"]
