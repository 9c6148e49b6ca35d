"""The catalogue in the admin. Items and categories are never edited in place: saving one
revises the whole catalogue into a new version (copy-on-write), so running applications keep
the version they started with."""

from __future__ import annotations

from django.contrib import admin, messages

from zonedesk.approvals import catalogue
from zonedesk.approvals.models import (
    ApprovalItem,
    ApprovalSetting,
    CatalogueVersion,
    ItemMaterial,
    MaterialType,
    ProjectCategory,
    RegionalAssessment,
)
from zonedesk.core.actor import Actor
from zonedesk.core.admin import AuditedAdmin


class CurrentVersionAdmin(AuditedAdmin):
    """Lists the zone's current version only; a save becomes a new version."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(version__is_current=True)

    def get_readonly_fields(self, request, obj=None):
        return ("version",)

    def _changes(self, form) -> dict:
        return {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}

    def save_model(self, request, obj, form, change):
        actor = Actor.from_request(request)
        if change:
            old = type(obj).objects.get(pk=obj.pk)
            new = self.revise(actor, old, self._changes(form))
            obj.pk = new.pk
            messages.info(request, f"已生成事项目录新版本 v{new.version.number}；在办申请继续适用原版本")
            return

        def add(new_version, mapping):
            obj.version = new_version
            obj.full_clean()
            obj.save()

        catalogue.catalogue_revise(actor=actor, zone_id=obj.zone_id, note=f"新增 {obj}", change=add)


@admin.register(ApprovalItem)
class ApprovalItemAdmin(CurrentVersionAdmin):
    list_display = (
        "code",
        "name",
        "stage",
        "department",
        "statutory_days",
        "promised_days",
        "is_utility",
        "utility_kind",
        "fee_yuan",
        "waivable_by",
        "version",
    )
    list_filter = ("stage", "is_utility")

    def revise(self, actor, old, changes):
        return catalogue.item_revise(actor=actor, item=old, changes=changes)


@admin.register(ProjectCategory)
class ProjectCategoryAdmin(CurrentVersionAdmin):
    list_display = ("code", "name", "limit_days", "version")

    def revise(self, actor, old, changes):
        return catalogue.category_revise(actor=actor, category=old, changes=changes)


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(AuditedAdmin):
    list_display = ("zone", "number", "is_current", "created_at", "note")
    readonly_fields = ("zone", "number", "is_current", "created_at")

    def has_add_permission(self, request, obj=None):
        return False  # versions are made by revising items and categories


@admin.register(MaterialType)
class MaterialTypeAdmin(AuditedAdmin):
    list_display = ("code", "name", "months_valid", "zone")


@admin.register(ItemMaterial)
class ItemMaterialAdmin(AuditedAdmin):
    list_display = ("item", "material_type", "requirement")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(item__version__is_current=True)


@admin.register(RegionalAssessment)
class RegionalAssessmentAdmin(AuditedAdmin):
    list_display = ("title", "kind", "valid_from", "valid_until", "cost_wan", "zone")


@admin.register(ApprovalSetting)
class ApprovalSettingAdmin(AuditedAdmin):
    list_display = ("zone", "credit_threshold", "yellow_ratio")
