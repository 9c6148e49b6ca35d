"""Two officers confirm the same 免申即享 award at the same moment, on PostgreSQL: the clause row
lock and the unique constraint let exactly one award through; the other gets a 409 Conflict.
Two leaders approve the same award: one wins, the other sees the new version (409). Two
re-matches of the same zone both finish (upserts).

Transactional tests commit for real and flush afterwards, so the test builds its own zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict
from zonedesk.enterprises.models import EnterpriseYearFigure
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.policies import services
from zonedesk.policies.models import Award, AwardStatus, Policy
from zonedesk.projects.tests.test_concurrency import race
from zonedesk.testing.factories import EnterpriseFactory, UserFactory, ZoneFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def actor(user_id: int) -> Actor:
    return Actor(user=User.objects.get(pk=user_id), channel="web")


def test_one_award_per_clause_and_period_under_a_race() -> None:
    zone = ZoneFactory()
    officers = [UserFactory(zone=zone, roles=[Role.INVESTMENT_OFFICER]).pk for _ in range(2)]
    leaders = [UserFactory(zone=zone, roles=[Role.LEADER]).pk for _ in range(2)]
    e = EnterpriseFactory(zone=zone, registered_on=dt.date(2015, 1, 1))
    EnterpriseYearFigure.objects.create(
        zone=zone,
        enterprise=e,
        year=2025,
        revenue=Decimal("5000"),
        rd_spending=Decimal("400"),
        staff=50,
        tech_staff=10,
    )
    policy = Policy.objects.create(
        zone=zone, title="并发测试政策", issuer="测试", valid_from=dt.date(2024, 1, 1)
    )
    clause = services.clause_create(
        actor=actor(officers[0]),
        policy_id=policy.pk,
        code="1",
        title="研发后补助",
        mode="auto",
        rule={"when": {"fact": "rd_spending", "op": ">=", "value": "100"}},
        benefit={"kind": "percent", "fact": "rd_spending", "rate": "10", "cap": "100"},
        cap=Decimal("100"),
    )

    def confirm(i: int):
        return services.auto_award_confirm(
            actor=actor(officers[i]), clause_id=clause.pk, period=2025, enterprise_ids=[e.pk]
        )

    results = race(lambda: confirm(0), lambda: confirm(1))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "list"], results
    assert Award.objects.filter(clause=clause, period=2025).count() == 1
    award = Award.objects.get(clause=clause)
    assert award.amount == Decimal("40")

    def approve(i: int):
        return services.award_act(actor=actor(leaders[i]), award_id=award.pk, action="approve", version=1)

    results = race(lambda: approve(0), lambda: approve(1))
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    award.refresh_from_db()
    assert (award.status, award.version) == (AwardStatus.APPROVED, 2)

    # Two workers re-match the zone at once (a fact changed twice): results are upserted on
    # enterprise × clause, so neither fails on the unique pair and one row each stays. (In this
    # test, not one of its own: every transactional test costs a flush of the database.)
    from zonedesk.policies.models import Match, MatchState

    more = [EnterpriseFactory(zone=zone, registered_on=dt.date(2015, 1, 1)) for _ in range(5)]
    for i, firm in enumerate(more):
        EnterpriseYearFigure.objects.create(
            zone=zone, enterprise=firm, year=2025, revenue=Decimal(5000), rd_spending=50 * i, staff=50
        )

    def rematch():
        return services.match_recompute(actor=actor(officers[0]), zone_id=zone.pk, today=dt.date(2026, 6, 30))

    results = race(rematch, rematch)
    assert not [r for r in results if isinstance(r, Exception)], results
    # 400 and 100–200 万元 of R&D pass; 0 and 50 fail by one condition and are kept as "nearly"
    assert sorted(Match.objects.filter(clause=clause).values_list("outcome", flat=True)) == [
        "failed",
        "failed",
        "passed",
        "passed",
        "passed",
        "passed",
    ]
    assert MatchState.objects.filter(enterprise__zone=zone).count() == 6
