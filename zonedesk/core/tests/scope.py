"""The objects and requests the scope tests share.

One place names the demo objects each test points at (an enterprise of Lingyuan, the
enterprise user's own, one of Jianping, an audit record of each zone...), so the matrix and
the isolation tests agree on what "the other zone" is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from zonedesk.audit.models import AuditRecord
from zonedesk.demo.people import DEMO_PASSWORD, LOGINS
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, FlagKind, ImportBatch, Industry
from zonedesk.organisation.models import Department, Post, User, Zone
from zonedesk.parks.models import Park
from zonedesk.workdays.models import CalendarDay, CalendarYear

ANON = "anon"
# Column order of the matrix: anonymous first, then the demo logins as demo_load defines them.
ROLES: tuple[str, ...] = (ANON, *(login.username for login in LOGINS))
PASSWORD = DEMO_PASSWORD


@dataclass(frozen=True)
class Demo:
    """The demo objects a request is aimed at. ``ly`` is a Lingyuan enterprise that is not
    the enterprise user's own; ``own`` is the enterprise user's; ``jp`` is Jianping's."""

    zone_ly: Zone
    zone_jp: Zone
    ly: Enterprise
    own: Enterprise
    jp: Enterprise
    flag_ly: EnterpriseFlag
    flag_jp: EnterpriseFlag
    batch_ly: ImportBatch
    batch_jp: ImportBatch
    audit_ly: AuditRecord
    audit_jp: AuditRecord
    audit_global: AuditRecord
    user_ly: User
    user_jp: User
    dept_ly: Department
    dept_jp: Department
    post_ly: Post
    post_jp: Post
    park_ly: Park
    park_jp: Park
    industry: Industry
    day: CalendarDay
    year: CalendarYear
    group: Group
    department_ct: ContentType


def load_demo() -> Demo:
    """Look up (and add the few missing) demo objects; call inside a test's transaction."""
    zone_ly = Zone.objects.get(code="LY")
    zone_jp = Zone.objects.get(code="JP")
    window = User.objects.get(username="window")
    jp_window = User.objects.get(username="jp-window")
    own = User.objects.get(username="enterprise").enterprise
    ly = Enterprise.objects.filter(zone=zone_ly).exclude(pk=own.pk).order_by("name").first()
    jp = Enterprise.objects.filter(zone=zone_jp).order_by("name").first()
    assert own is not None and ly is not None and jp is not None, "demo_load has not run"

    def flag(e: Enterprise) -> EnterpriseFlag:
        return EnterpriseFlag.objects.create(zone_id=e.zone_id, enterprise=e,
                                             kind=FlagKind.SERIOUS_DISHONESTY,
                                             listed_on=dt.date(2025, 1, 6), source="matrix")

    def batch(zone: Zone, by: User) -> ImportBatch:
        return ImportBatch.objects.create(zone=zone, created_by=by, file_name="matrix.xlsx")

    def audit(**where: Any) -> AuditRecord:
        record = AuditRecord.objects.filter(**where).order_by("id").first()
        assert record is not None, f"no demo audit record with {where}"
        return record

    return Demo(
        zone_ly=zone_ly, zone_jp=zone_jp, ly=ly, own=own, jp=jp,
        flag_ly=flag(ly), flag_jp=flag(jp),
        batch_ly=batch(zone_ly, window), batch_jp=batch(zone_jp, jp_window),
        audit_ly=audit(zone=zone_ly), audit_jp=audit(zone=zone_jp), audit_global=audit(zone=None),
        user_ly=User.objects.get(username="reviewer"), user_jp=jp_window,
        dept_ly=Department.objects.filter(zone=zone_ly).first(),
        dept_jp=Department.objects.filter(zone=zone_jp).first(),
        post_ly=Post.objects.filter(zone=zone_ly).first(),
        post_jp=Post.objects.get_or_create(zone=zone_jp, department=jp_window.department,
                                           name="综合窗口受理员")[0],
        park_ly=Park.objects.filter(zone=zone_ly).first(),
        park_jp=Park.objects.filter(zone=zone_jp).first(),
        industry=Industry.objects.first(),
        day=CalendarDay.objects.order_by("date").first(),
        year=CalendarYear.objects.order_by("year").first(),
        group=Group.objects.get_or_create(name="matrix")[0],
        department_ct=ContentType.objects.get_for_model(Department),
    )


def client_for(client: Client, role: str) -> Client:
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


# Demo enterprises by zone, for the isolation tests: names and credit codes must never cross.
def zone_markers(zone_code: str) -> list[str]:
    rows = Enterprise.objects.filter(zone__code=zone_code).values_list("name", "credit_code")
    return [value for row in rows for value in row]
