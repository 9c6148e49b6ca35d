"""The land register's entries in the shared registries: sidebar and workbench to-dos."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.land import imports  # noqa: F401  (registers the import)
from zonedesk.land.models import LAND_EDIT_ROLES, LAND_READ_ROLES
from zonedesk.organisation.roles import Role
from zonedesk.organisation.workbench import Todo, todo_registry

nav_registry.register(
    NavItem(gettext_lazy("标准地"), "land:list", LAND_READ_ROLES | {Role.ENTERPRISE}, "land", weight=320),
)


@todo_registry.register
def review_todos(user) -> list[Todo]:
    """达产复核 falling due within the zone's warning days (or overdue)."""
    if not user.has_role(*LAND_EDIT_ROLES):
        return []
    from zonedesk.land.models import LandSetting, ProductionReview

    today = timezone.localdate()
    warn = (
        LandSetting.objects.filter(zone_id=user.zone_id).values_list("review_warn_days", flat=True).first()
        or 30
    )
    rows = (
        ProductionReview.objects.visible_to(user)
        .filter(status=ProductionReview.Status.DUE, due_on__lte=today + dt.timedelta(days=warn))
        .select_related("parcel", "sale__enterprise")
        .order_by("due_on")[:50]
    )
    return [
        Todo(
            title=_("达产复核：%(code)s（%(name)s）%(due)s 到期")
            % {"code": r.parcel.code, "name": r.sale.enterprise.name, "due": r.due_on.isoformat()},
            url=reverse("land:review", args=[r.pk]),
            state="red" if r.due_on < today else "yellow",
            kind="land",
        )
        for r in rows
    ]
