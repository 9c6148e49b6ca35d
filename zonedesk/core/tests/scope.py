"""The objects and requests the scope tests share.

One place names the demo objects each test points at (an enterprise of Lingyuan, the
enterprise user's own, one of Jianping, an audit record of each zone...), so the matrix and
the isolation tests agree on what "the other zone" is.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zonedesk.agency.models import AgentAuthorisation
from zonedesk.audit.models import AuditRecord
from zonedesk.core.models import ImportBatch
from zonedesk.demo.people import DEMO_PASSWORD, LOGINS
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, FlagKind, Industry
from zonedesk.organisation.models import Department, Post, User, Zone
from zonedesk.parks.models import Park
from zonedesk.workdays.models import CalendarDay, CalendarYear

ANON = "anon"
# Column order of the matrix: anonymous first, then the demo logins as demo_load defines them.
ROLES: tuple[str, ...] = (ANON, *(login.username for login in LOGINS))
PASSWORD = DEMO_PASSWORD


class Demo:
    """The demo objects a request is aimed at, looked up (or added) on first use inside the
    test's transaction. ``ly`` is a Lingyuan enterprise that is not the enterprise user's;
    ``own`` is the enterprise user's (中玻); ``jp`` is one of Jianping's, the other zone."""

    @cached_property
    def zone_ly(self) -> Zone:
        return Zone.objects.get(code="LY")

    @cached_property
    def zone_jp(self) -> Zone:
        return Zone.objects.get(code="JP")

    @cached_property
    def own(self) -> Enterprise:
        own = User.objects.get(username="enterprise").enterprise
        assert own is not None, "demo_load has not run"
        return own

    @cached_property
    def ly(self) -> Enterprise:
        return Enterprise.objects.filter(zone__code="LY").exclude(pk=self.own.pk).order_by("name")[0]

    @cached_property
    def jp(self) -> Enterprise:
        return Enterprise.objects.filter(zone__code="JP").order_by("name")[0]

    @cached_property
    def flag_ly(self) -> EnterpriseFlag:
        return self._flag(self.ly)

    @cached_property
    def flag_jp(self) -> EnterpriseFlag:
        return self._flag(self.jp)

    @cached_property
    def batch_ly(self) -> ImportBatch:
        return ImportBatch.objects.create(zone=self.zone_ly, kind="enterprises", file_name="matrix.xlsx",
                                          created_by=User.objects.get(username="window"))

    @cached_property
    def batch_jp(self) -> ImportBatch:
        return ImportBatch.objects.create(zone=self.zone_jp, kind="enterprises", file_name="matrix.xlsx",
                                          created_by=User.objects.get(username="jp-window"))

    @cached_property
    def audit_ly(self) -> AuditRecord:
        return self._audit(zone__code="LY")

    @cached_property
    def audit_jp(self) -> AuditRecord:
        return self._audit(zone__code="JP")

    @cached_property
    def audit_global(self) -> AuditRecord:
        return self._audit(zone__isnull=True)

    @cached_property
    def authorisation_own(self) -> AgentAuthorisation:
        """中玻's written authorisation of its steward (领办/代办)."""
        return self._authorisation(self.own, User.objects.get(username="steward"))

    @cached_property
    def authorisation_jp(self) -> AgentAuthorisation:
        return self._authorisation(self.jp, self.user_jp)

    @cached_property
    def user_ly(self) -> User:
        return User.objects.get(username="reviewer")

    @cached_property
    def user_jp(self) -> User:
        return User.objects.get(username="jp-window")

    @cached_property
    def dept_ly(self) -> Department:
        return Department.objects.filter(zone__code="LY").order_by("id")[0]

    @cached_property
    def dept_jp(self) -> Department:
        return Department.objects.filter(zone__code="JP").order_by("id")[0]

    @cached_property
    def post_ly(self) -> Post:
        return Post.objects.filter(zone__code="LY").order_by("id")[0]

    @cached_property
    def post_jp(self) -> Post:
        return Post.objects.get_or_create(zone=self.zone_jp, department=self.dept_jp, name="矩阵测试岗")[0]

    @cached_property
    def park_ly(self) -> Park:
        return Park.objects.filter(zone__code="LY").order_by("id")[0]

    @cached_property
    def park_jp(self) -> Park:
        return Park.objects.filter(zone__code="JP").order_by("id")[0]

    @cached_property
    def industry(self) -> Industry:
        return Industry.objects.order_by("code")[0]

    @cached_property
    def day(self) -> CalendarDay:
        return CalendarDay.objects.order_by("date")[0]

    @cached_property
    def year(self) -> CalendarYear:
        return CalendarYear.objects.order_by("year")[0]

    @cached_property
    def group(self) -> Group:
        return Group.objects.get_or_create(name="matrix")[0]

    @cached_property
    def department_ct(self) -> ContentType:
        return ContentType.objects.get_for_model(Department)

    @staticmethod
    def _flag(e: Enterprise) -> EnterpriseFlag:
        return EnterpriseFlag.objects.create(zone_id=e.zone_id, enterprise=e,
                                             kind=FlagKind.SERIOUS_DISHONESTY,
                                             listed_on=dt.date(2025, 1, 6), source="matrix")

    @staticmethod
    def _authorisation(e: Enterprise, agent: User) -> AgentAuthorisation:
        return AgentAuthorisation.objects.create(
            zone_id=e.zone_id, enterprise=e, agent=agent, granted_by=agent, mode="act",
            actions=["approvals.apply"], valid_from=dt.date(2026, 1, 1),
            valid_until=dt.date(2027, 12, 31), note="矩阵测试授权书")

    @staticmethod
    def _audit(**where: Any) -> AuditRecord:
        record = AuditRecord.objects.filter(**where).order_by("id").first()
        assert record is not None, f"no demo audit record with {where}"
        return record


def client_for(client: Client, role: str) -> Client:
    """``client`` signed in as ``role`` (or signed out for anonymous), cookies cleared first
    so a shared client carries nothing over from the previous test."""
    client.cookies.clear()
    if role != ANON:
        client.force_login(User.objects.get(username=role))
    return client


def url_names() -> set[str]:
    """Every named URL of the project, namespaced (``enterprises:detail``, ``api:me``)."""
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def url_routes() -> dict[str, str]:
    """Every named URL of the project -> its full route (``api:me`` -> ``api/auth/me``)."""
    routes: dict[str, str] = {}

    def walk(patterns: list, namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                routes[namespace + p.name] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", "")
    return routes


# Demo enterprises by zone, for the isolation tests: names and credit codes must never cross.
def zone_markers(zone_code: str) -> list[str]:
    rows = Enterprise.objects.filter(zone__code=zone_code).values_list("name", "credit_code")
    return [value for row in rows for value in row]
