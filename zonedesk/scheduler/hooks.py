from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role

nav_registry.register(
    NavItem(_("定时任务"), "scheduler:list", frozenset({Role.SYSTEM_ADMIN}), "scheduler", weight=846),
)
