"""党建 in the sidebar; its figures register themselves in figures.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.core.register_import import register_importers
from zonedesk.partybuilding import figures  # noqa: F401
from zonedesk.partybuilding.models import VIEWER_ROLES
from zonedesk.partybuilding.registers import REGISTERS

nav_registry.register(
    NavItem(gettext_lazy("党建与社会责任"), "partybuilding:index", VIEWER_ROLES, "partybuilding", weight=730)
)


register_importers(REGISTERS, ns="partybuilding")
