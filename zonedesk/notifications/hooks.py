"""What the message centre registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role

nav_registry.register(
    NavItem(_("消息中心"), "notifications:inbox", None, "messages", weight=50),
    NavItem(_("发送记录"), "notifications:deliveries", frozenset({Role.SYSTEM_ADMIN}), "messages",
            weight=845),
)
