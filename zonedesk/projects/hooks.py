"""The pipeline's entries in the shared registries: sidebar and workbench to-dos."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role
from zonedesk.organisation.workbench import Todo, todo_registry
from zonedesk.projects.models import PIPELINE_ROLES

nav_registry.register(
    NavItem(gettext_lazy("招商项目"), "projects:list", PIPELINE_ROLES | {Role.STEWARD}, "projects",
            weight=300),
    NavItem(
        gettext_lazy("我的管家项目"),
        "projects:worklist",
        frozenset({Role.STEWARD}),
        "projects",
        weight=305,
        exact=True,
    ),
)


@todo_registry.register
def steward_todos(user) -> list[Todo]:
    """A steward's projects that have stayed too long in their stage."""
    if not user.has_role(Role.STEWARD):
        return []
    from zonedesk.projects.selectors import worklist_for

    out = []
    for item in worklist_for(user):
        if item.aging.state in ("yellow", "red"):
            out.append(
                Todo(
                    title=_("%(name)s：%(stage)s已 %(days)s 个工作日")
                    % {
                        "name": item.project.name,
                        "stage": item.project.get_stage_display(),
                        "days": item.aging.days,
                    },
                    url=reverse("projects:detail", args=[item.project.pk]),
                    state=item.aging.state,
                    kind="project",
                )
            )
    return out
