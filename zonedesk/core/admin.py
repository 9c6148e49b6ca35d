"""Admin base class: saves and deletes go through an audited service, scoped to the zone."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.jsonable import snapshot


class AuditedAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if hasattr(qs, "visible_to"):
            return qs.visible_to(request.user)
        if any(f.name == "zone" for f in self.model._meta.fields):
            return qs.filter(zone_id__in=request.user.visible_zone_ids)
        return qs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Choices never offer another zone's rows: the administrator acts within their zones.
        from zonedesk.organisation.models import Zone

        model = db_field.remote_field.model
        if model is Zone:
            kwargs["queryset"] = Zone.objects.filter(pk__in=request.user.visible_zone_ids)
        elif any(f.name == "zone" for f in model._meta.fields):
            kwargs["queryset"] = model._default_manager.filter(
                zone_id__in=request.user.visible_zone_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        from django.core.exceptions import PermissionDenied

        from zonedesk.organisation.services import reference_save

        zone_id = getattr(obj, "zone_id", None)
        if zone_id is not None and zone_id not in request.user.visible_zone_ids:
            raise PermissionDenied

        label = obj._meta.label_lower
        reference_save(actor=Actor.from_request(request), instance=obj,
                       action=f"{label}.{'update' if change else 'create'}")

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = snapshot(obj)
            audit_record(actor=Actor.from_request(request), action=f"{obj._meta.label_lower}.delete",
                         obj=obj, before=before)
            obj.delete()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: self.has_module_permission(request)
    )
