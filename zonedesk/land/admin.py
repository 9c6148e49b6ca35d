"""Reference data of the land register the zone edits: default indicators per industry and the
review parameters (audited saves, zone-scoped, through core.admin.AuditedAdmin)."""

from django.contrib import admin

from zonedesk.core.admin import AuditedAdmin
from zonedesk.land.models import IndicatorDefault, LandSetting


@admin.register(IndicatorDefault)
class IndicatorDefaultAdmin(AuditedAdmin):
    list_display = [
        "industry",
        "zone",
        "investment_intensity",
        "far_min",
        "far_max",
        "tax_per_mu",
        "energy_per_output",
    ]
    list_filter = [("zone", admin.RelatedOnlyFieldListFilter)]


@admin.register(LandSetting)
class LandSettingAdmin(AuditedAdmin):
    list_display = ["zone", "review_after_months", "review_warn_days"]
