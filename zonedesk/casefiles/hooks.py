"""What casefiles registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role

nav_registry.register(
    NavItem(_("告知书与消息文字"), "casefiles:texts", frozenset({Role.SYSTEM_ADMIN}), "cases", weight=847),
)
