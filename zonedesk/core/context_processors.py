from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None  # None: everyone signed in
    section: str  # the first path segment that marks the item active


NAV: tuple[NavItem, ...] = (
    NavItem(_("工作台"), "workbench", None, ""),
    NavItem(_("企业库"), "enterprises:list", BUSINESS_STAFF_ROLES, "enterprises"),
    NavItem(_("我的企业"), "enterprises:mine", frozenset({Role.ENTERPRISE}), "enterprises"),
    NavItem(_("组织机构"), "organisation_tree", BUSINESS_STAFF_ROLES | {Role.SYSTEM_ADMIN},
            "organisation"),
    NavItem(_("用户管理"), "users", frozenset({Role.SYSTEM_ADMIN}), "organisation"),
    NavItem(_("账号安全"), "security_users", frozenset({Role.SECURITY_ADMIN}), "security"),
    NavItem(_("审计日志"), "audit:list", frozenset({Role.AUDIT_ADMIN}), "audit"),
    NavItem(_("系统管理"), "admin:index", frozenset({Role.SYSTEM_ADMIN}), "admin"),
    NavItem(_("工作日历"), "calendar_page", None, "calendar"),
)


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    section = request.path.strip("/").split("/")[0]
    items = []
    for item in NAV:
        if item.roles is not None and not (user.roles & item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except Exception:  # an item whose page is not installed is simply not shown
            continue
        active = request.path == url if item.section == "organisation" else section == item.section
        items.append({"label": item.label, "url": url, "active": active})
    role_names = [str(Role(r).label) for r in sorted(user.roles)]
    return {"nav_items": items, "role_names": role_names, "current_zone": user.zone}
