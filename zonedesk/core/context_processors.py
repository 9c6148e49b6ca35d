from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role

nav_registry.register(
    NavItem(_("工作台"), "workbench", None, "", weight=0),
    NavItem(_("企业库"), "enterprises:list", BUSINESS_STAFF_ROLES, "enterprises", weight=100),
    NavItem(_("我的企业"), "enterprises:mine", frozenset({Role.ENTERPRISE}), "enterprises",
            weight=100),
    NavItem(_("组织机构"), "organisation_tree", BUSINESS_STAFF_ROLES | {Role.SYSTEM_ADMIN},
            "organisation", weight=800, exact=True),
    NavItem(_("用户管理"), "users", frozenset({Role.SYSTEM_ADMIN}), "organisation", weight=810,
            exact=True),
    NavItem(_("账号安全"), "security_users", frozenset({Role.SECURITY_ADMIN}), "security",
            weight=820),
    NavItem(_("审计日志"), "audit:list", frozenset({Role.AUDIT_ADMIN}), "audit", weight=830),
    NavItem(_("系统管理"), "admin:index", frozenset({Role.SYSTEM_ADMIN}), "admin", weight=840),
    NavItem(_("工作日历"), "calendar_page", None, "calendar", weight=900),
)


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    section = request.path.strip("/").split("/")[0]
    visible = []
    for item in nav_registry.items:
        if item.roles is not None and not (user.roles & item.roles):
            continue
        try:
            visible.append((item, reverse(item.url_name)))
        except NoReverseMatch:  # an item whose page is not installed is simply not shown
            continue
    # The entry whose URL is the longest prefix of the page wins (two entries under /projects/:
    # the worklist page lights only 我的管家项目); otherwise the section decides.
    prefixed = [(item, url) for item, url in visible
                if url != "/" and request.path.startswith(url)]
    best = max(prefixed, key=lambda pair: len(pair[1]))[0] if prefixed else None
    items = []
    for item, url in visible:
        if best is not None:
            active = item is best
        else:
            active = request.path == url if item.exact else section == item.section
        items.append({"label": item.label, "url": url, "active": active})
    role_names = [str(Role(r).label) for r in sorted(user.roles)]
    return {"nav_items": items, "role_names": role_names, "current_zone": user.zone}
