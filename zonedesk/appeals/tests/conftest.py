"""Scaffolding for the appeals tests: row counts of everything a write may touch, and a small
zone of its own (so hand-computed rates are not mixed with the demo's cases)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from zonedesk.appeals.models import (
    Appeal,
    AppealEvent,
    AppealPause,
    Attachment,
    Category,
    Rating,
    RatingReview,
    Rectification,
    Supervision,
    Visit,
)
from zonedesk.core.actor import Actor
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, User, UserRole, Zone
from zonedesk.organisation.roles import Role
from zonedesk.testing.audit import audit_rows
from zonedesk.testing.factories import DepartmentFactory, EnterpriseFactory, ZoneFactory


def appeal_counts() -> dict[str, int]:
    from zonedesk.files.models import StoredFile

    return {
        "appeals": Appeal.objects.count(), "events": AppealEvent.objects.count(),
        "pauses": AppealPause.objects.count(), "attachments": Attachment.objects.count(),
        "files": StoredFile.objects.count(), "supervisions": Supervision.objects.count(),
        "visits": Visit.objects.count(), "ratings": Rating.objects.count(),
        "rectifications": Rectification.objects.count(), "reviews": RatingReview.objects.count(),
        "audit": audit_rows(),
    }


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return appeal_counts


@dataclass
class Kit:
    zone: Zone
    d1: Department
    d2: Department
    window: Actor
    r1: Actor  # reviewer of d1
    head1: User  # head of d1
    r2: Actor  # reviewer of d2
    leader: Actor
    ent: Enterprise
    ent_user: Actor
    other_ent: Enterprise
    other_user: Actor
    cat: dict[str, Category]

    def actor(self, user: User) -> Actor:
        return Actor(user=user, ip="127.0.0.1")


def make_kit() -> Kit:
    from zonedesk.appeals.services import appeal_reference_ensure

    zone = ZoneFactory(code="TZ", name="测试开发区", reporting_year=2026)
    d1 = DepartmentFactory(zone=zone, code="T1", name="测试规划局")
    d2 = DepartmentFactory(zone=zone, code="T2", name="测试环保局")
    ent = EnterpriseFactory(zone=zone, name="测试甲有限公司")
    other = EnterpriseFactory(zone=zone, name="测试乙有限公司")

    def user(roles, **kw) -> User:
        # No password: hashing one costs far more than the rest of the kit, and no test signs in.
        u = User.objects.create(username=f"tz-{User.objects.count()}-{len(roles)}", zone=zone,
                                full_name=kw.pop("full_name", "测试人员"), **kw)
        for role in roles:
            UserRole.objects.create(user=u, zone_id=u.zone_id, role=role)
        return u

    def act(u: User) -> Actor:
        return Actor(user=User.objects.get(pk=u.pk), ip="127.0.0.1")

    appeal_reference_ensure(actor=Actor.system("test"), zone_id=zone.pk)
    head = user([Role.DEPARTMENT_HEAD, Role.REVIEWER], department=d1, full_name="测试局长")
    return Kit(
        zone=zone, d1=d1, d2=d2, window=act(user([Role.WINDOW_CLERK])),
        r1=act(user([Role.REVIEWER], department=d1)), head1=head,
        r2=act(user([Role.REVIEWER], department=d2)), leader=act(user([Role.LEADER])),
        ent=ent, ent_user=act(user([Role.ENTERPRISE], enterprise=ent)),
        other_ent=other, other_user=act(user([Role.ENTERPRISE], enterprise=other)),
        cat={c.code: c for c in Category.objects.filter(zone=zone)},
    )


@pytest.fixture
def kit(db) -> Kit:
    return make_kit()
