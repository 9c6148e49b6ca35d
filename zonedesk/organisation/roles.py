"""The roles of DOMAIN.md and the rules that tie them together."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业用户")
    WINDOW_CLERK = "window_clerk", _("综合窗口")
    REVIEWER = "reviewer", _("部门审批人员")
    DEPARTMENT_HEAD = "department_head", _("部门负责人")
    STEWARD = "steward", _("项目管家")
    INVESTMENT_OFFICER = "investment_officer", _("招商专员")
    PARK_OPERATOR = "park_operator", _("园区运营方")
    LEADER = "leader", _("领导")
    PROVINCIAL = "provincial", _("省级平台用户")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


# 等保 level 3 separation of duties: one person never holds two of these.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# Staff who work with the zone's business data (enterprises, applications, appeals).
BUSINESS_STAFF_ROLES = frozenset(
    {
        Role.WINDOW_CLERK,
        Role.REVIEWER,
        Role.DEPARTMENT_HEAD,
        Role.STEWARD,
        Role.INVESTMENT_OFFICER,
        Role.PARK_OPERATOR,
        Role.LEADER,
        Role.PROVINCIAL,
    }
)

# Roles that see every department's work in their zone(s).
ZONE_WIDE_ROLES = frozenset({Role.LEADER, Role.PROVINCIAL, Role.WINDOW_CLERK})


def role_conflicts(roles: set[str]) -> list[str]:
    """Reasons why this set of roles cannot be held by one user (empty when it can)."""
    problems: list[str] = []
    admins = sorted(r for r in roles if r in ADMIN_ROLES)
    if len(admins) > 1:
        names = "、".join(str(Role(r).label) for r in admins)
        problems.append(f"系统管理员、安全管理员、审计管理员须由不同人员担任，不能同时授予：{names}")
    if admins and (roles - ADMIN_ROLES):
        problems.append("管理员角色不能与业务角色同时授予（三员分立、最小权限）")
    if Role.ENTERPRISE in roles and len(roles) > 1:
        problems.append("企业用户不能兼任管理委员会或集团的岗位角色")
    return problems
