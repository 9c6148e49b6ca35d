"""产学研 in the sidebar; its figures register themselves in figures.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.core.register_import import register_importers
from zonedesk.research import figures  # noqa: F401
from zonedesk.research.models import VIEWER_ROLES
from zonedesk.research.registers import REGISTERS

nav_registry.register(NavItem(gettext_lazy("产学研合作"), "research:index", VIEWER_ROLES, "research",
                              weight=720))


register_importers(REGISTERS, ns="research")
