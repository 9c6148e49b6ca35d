"""Two editors at the same moment, on PostgreSQL (SQLite serialises whole transactions, so the
row lock is proved where it matters).

Transactional tests commit for real and the database is flushed after them, so each test
builds its own zone, users and enterprise instead of using the demo zone.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, ValidationFailed
from zonedesk.enterprises import services
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.testing.factories import (
    EnterpriseFactory,
    IndustryFactory,
    UserFactory,
    ZoneFactory,
    new_credit_code,
)
from zonedesk.testing.race import race

pytestmark = [
    pytest.mark.postgres,
    # Decided at collection, so on SQLite no transactional test runs (and flushes) at all.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]



@pytest.fixture
def zone_with_two_clerks() -> tuple[Any, list[int]]:
    zone = ZoneFactory()
    IndustryFactory()
    clerks = [UserFactory(zone=zone, roles=[Role.WINDOW_CLERK]),
              UserFactory(zone=zone, roles=[Role.INVESTMENT_OFFICER])]
    return zone, [u.pk for u in clerks]


def actor(user_id: int) -> Actor:
    # Each thread loads its own user: nothing is shared between the two requests.
    return Actor(user=User.objects.get(pk=user_id), channel="web")


def test_two_updates_of_the_same_version_one_wins(zone_with_two_clerks) -> None:
    zone, clerks = zone_with_two_clerks
    enterprise = EnterpriseFactory(zone=zone)
    for round_ in range(5):
        # Given both editors opened the enterprise at the same version
        version = Enterprise.objects.get(pk=enterprise.pk).version
        audits_before = AuditRecord.objects.filter(action="enterprise.update").count()

        def save(i: int, version: int = version, round_: int = round_) -> Enterprise:
            return services.enterprise_update(actor=actor(clerks[i]), enterprise_id=enterprise.pk,
                                              data={"name": f"第{round_}轮-编辑{i}"}, version=version)

        # When both save at the same moment
        results = race(lambda: save(0), lambda: save(1))
        # Then exactly one succeeds and the other is told its version is stale
        winners = [r for r in results if isinstance(r, Enterprise)]
        losers = [r for r in results if isinstance(r, Conflict)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert losers[0].code == "stale_version"
        fresh = Enterprise.objects.get(pk=enterprise.pk)
        assert fresh.version == version + 1
        assert fresh.name == winners[0].name
        assert AuditRecord.objects.filter(action="enterprise.update").count() == audits_before + 1


def test_two_creates_of_the_same_code_one_wins(zone_with_two_clerks) -> None:
    zone, clerks = zone_with_two_clerks
    for _ in range(5):
        code = new_credit_code()
        data = {"credit_code": code, "name": "同时登记的企业", "legal_representative": "李四",
                "industry_code": "30"}
        def register(i: int, data: dict[str, Any] = data) -> Enterprise:
            return services.enterprise_create(actor=actor(clerks[i]), zone=zone, data=data)

        results = race(lambda: register(0), lambda: register(1))
        winners = [r for r in results if isinstance(r, Enterprise)]
        losers = [r for r in results if isinstance(r, ValidationFailed)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert losers[0].errors == {"credit_code": "该统一社会信用代码已登记，不能重复添加"}
        assert Enterprise.objects.filter(zone=zone, credit_code=code).count() == 1
        created = AuditRecord.objects.filter(action="enterprise.create", object_id=str(winners[0].pk))
        assert created.count() == 1
