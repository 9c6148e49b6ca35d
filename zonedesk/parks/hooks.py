"""The parks register's entries in the shared registries: sidebar and workbench to-dos."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role
from zonedesk.organisation.workbench import Todo, todo_registry
from zonedesk.parks import imports  # noqa: F401  (registers the imports)
from zonedesk.parks.models import PARK_EDIT_ROLES, PARK_READ_ROLES

LEASE_WARN_DAYS = 60

nav_registry.register(
    NavItem(gettext_lazy("园区载体"), "parks:list", PARK_READ_ROLES, "parks", weight=330),
    NavItem(gettext_lazy("我的租约"), "parks:leases", frozenset({Role.ENTERPRISE}), "parks", weight=331),
)


@todo_registry.register
def lease_todos(user) -> list[Todo]:
    """Leases ending within 60 days that nobody has renewed or closed."""
    if not user.has_role(*PARK_EDIT_ROLES):
        return []
    from zonedesk.parks.models import Lease

    today = timezone.localdate()
    rows = (
        Lease.objects.visible_to(user)
        .filter(
            ended_on__isnull=True, end_on__gte=today, end_on__lte=today + dt.timedelta(days=LEASE_WARN_DAYS)
        )
        .select_related("enterprise", "unit__building")
        .order_by("end_on")[:30]
    )
    return [
        Todo(
            title=_("租约将到期：%(name)s（%(unit)s）%(d)s")
            % {"name": r.enterprise.name, "unit": str(r.unit), "d": r.end_on.isoformat()},
            url=reverse("parks:lease", args=[r.pk]),
            state="red" if (r.end_on - today).days <= 15 else "yellow",
            kind="park",
        )
        for r in rows
    ]
