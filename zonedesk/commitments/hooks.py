"""The registers' entries in the shared registries: sidebar, workbench to-dos, figures."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.commitments import (
    figures,  # noqa: F401  (registers the dashboard section)
    imports,  # noqa: F401  (registers the import)
)
from zonedesk.commitments.models import DEPARTMENT_ROLES, REGISTRAR_ROLES, ZONE_READERS
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role
from zonedesk.organisation.workbench import Todo, todo_registry

TODO_LIMIT = 20

nav_registry.register(
    NavItem(
        gettext_lazy("承诺兑现"),
        "commitments:list",
        ZONE_READERS | DEPARTMENT_ROLES | {Role.STEWARD, Role.ENTERPRISE},
        "commitments",
        weight=320,
    ),
    NavItem(
        gettext_lazy("拖欠账款"),
        "commitments:arrears",
        ZONE_READERS | DEPARTMENT_ROLES | {Role.ENTERPRISE},
        "commitments",
        weight=321,
    ),
)


@todo_registry.register
def commitment_todos(user) -> list[Todo]:
    """Overdue (red) and soon-due (yellow) open commitments: a department's own for its staff,
    the zone's overdue ones for the registrars."""
    from zonedesk.commitments.selectors import CommitmentFilter, commitment_list_for

    roles = user.roles
    if not roles & (DEPARTMENT_ROLES | REGISTRAR_ROLES):
        return []
    today = timezone.localdate()
    out: list[Todo] = []
    seen: set[int] = set()
    views = []
    if roles & DEPARTMENT_ROLES and user.department_id:
        views += [("overdue", user.department_id), ("due_soon", user.department_id)]
    if roles & REGISTRAR_ROLES:
        views.append(("overdue", None))
    for view, department in views:
        rows = commitment_list_for(
            user=user, filters=CommitmentFilter(view=view, department=department), today=today
        )[:TODO_LIMIT]
        for c in rows:
            if c.pk in seen:
                continue
            seen.add(c.pk)
            days = (today - c.due_on).days
            title = (
                _("承诺超期 %(d)s 天未兑现：%(t)s（%(b)s）") % {"d": days, "t": c.title, "b": c.beneficiary}
                if view == "overdue"
                else _("承诺将于 %(due)s 到期：%(t)s（%(b)s）")
                % {"due": c.due_on, "t": c.title, "b": c.beneficiary}
            )
            out.append(
                Todo(
                    title=title,
                    url=reverse("commitments:detail", args=[c.pk]),
                    state="red" if view == "overdue" else "yellow",
                    kind="commitment",
                )
            )
    return out


@todo_registry.register
def arrear_todos(user) -> list[Todo]:
    """An enterprise's arrears waiting for its confirmation."""
    if not (user.has_role(Role.ENTERPRISE) and user.enterprise_id):
        return []
    from zonedesk.commitments.selectors import ArrearFilter, arrear_list_for

    rows = arrear_list_for(user=user, filters=ArrearFilter(confirm_state="pending"))[:TODO_LIMIT]
    return [
        Todo(
            title=_("请核对园区欠付贵企业的账款 %(n)s（%(b)s）") % {"n": a.number, "b": a.basis},
            url=reverse("commitments:arrear_detail", args=[a.pk]),
            kind="arrear",
        )
        for a in rows
    ]
