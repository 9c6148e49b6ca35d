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
    list_filter = [("zone", admin.RelatedOnlyFieldListFilter), "kind"]
    search_fields = ["name", "code"]


@admin.register(Post)
class PostAdmin(AuditedAdmin):
    list_display = ["name", "department", "system", "zone"]
    list_filter = [("zone", admin.RelatedOnlyFieldListFilter), "system"]


# Roles, not Django groups and permissions, decide what a user may do; the group pages (and
# the task-result pages, which need Django permissions the roles never grant) would only
# confuse the system administrator with a 403.
def _unregister_unused() -> None:
    from django.contrib.auth.models import Group

    for model in [Group]:
        if admin.site.is_registered(model):
            admin.site.unregister(model)
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database task backend is always installed
        return
    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


_unregister_unused()
