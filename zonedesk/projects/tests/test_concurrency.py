"""Two people move the same project at the same moment, on PostgreSQL: the row lock makes the
second see the first's move, so exactly one move (one StageMove row, one audit row) happens.

Transactional tests commit for real and flush afterwards, so the test builds its own zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.projects import services
from zonedesk.projects.models import IndustryChain, Project, StageMove
from zonedesk.testing.factories import UserFactory, ZoneFactory
from zonedesk.testing.race import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]



def actor(user_id: int) -> Actor:
    return Actor(user=User.objects.get(pk=user_id), channel="web")


def test_two_moves_of_the_same_project_one_wins() -> None:
    zone = ZoneFactory()
    officers = [UserFactory(zone=zone, roles=[Role.INVESTMENT_OFFICER]).pk for _ in range(2)]
    chain = IndustryChain.objects.create(zone=zone, name="新材料")
    for round_ in range(5):
        p = services.project_create(
            actor=actor(officers[0]),
            zone=zone,
            data={
                "name": f"并发测试项目{round_}",
                "total_investment": Decimal("5000"),
                "investor_name": "甲公司",
                "chain": chain.pk,
                "lead_source": "qingdao",
                "entered_on": dt.date(2026, 1, 5),
            },
        )
        moves, audits = StageMove.objects.count(), AuditRecord.objects.filter(action="project.move").count()

        def move(i: int, pk: int = p.pk) -> Project:
            return services.project_move(actor=actor(officers[i]), project_id=pk, to_stage="negotiating")

        results = race(lambda: move(0), lambda: move(1))
        winners = [r for r in results if isinstance(r, Project)]
        losers = [r for r in results if isinstance(r, Conflict)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert "在谈" in losers[0].message
        assert StageMove.objects.count() == moves + 1
        assert AuditRecord.objects.filter(action="project.move").count() == audits + 1
