"""党建: the article's examples as rows and the figures counted from them; bad input refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zonedesk.core.errors import Forbidden, ValidationFailed
from zonedesk.core.figures import Period
from zonedesk.core.registers import register_create
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Zone
from zonedesk.partybuilding.demo import TG, WS
from zonedesk.partybuilding.figures import partybuilding_figures
from zonedesk.partybuilding.models import AssistancePair, Donation, JobRecord
from zonedesk.partybuilding.registers import REGISTERS
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def _figures(zone, start=None, end=None) -> dict:
    s, e = zone.reporting_period()
    return {f.key: f.value for f in partybuilding_figures(frozenset({zone.pk}), Period(start or s, end or e))}


def test_article_examples_are_rows_and_figures_follow_them() -> None:
    zone = Zone.objects.get(code="LY")
    tg = Enterprise.objects.get(zone=zone, name=TG)
    ws = Enterprise.objects.get(zone=zone, name=WS)
    assert AssistancePair.objects.filter(enterprise=tg).count() == 10
    d = Donation.objects.get(enterprise=tg)
    assert (d.amount_wan, d.village) == (Decimal(8), "坤都沟村")
    assert JobRecord.objects.get(enterprise=tg).people >= 60
    j = JobRecord.objects.get(enterprise=ws)
    assert (j.people, j.wage_min, j.wage_max) == (50, Decimal(3000), Decimal(6000))
    got = _figures(zone)
    assert got["partybuilding.pairs"] == AssistancePair.objects.filter(zone=zone).count() == 10
    assert got["partybuilding.donations"] == Decimal(8)
    assert got["partybuilding.jobs"] == sum(
        JobRecord.objects.filter(zone=zone).values_list("people", flat=True)
    )
    # per period: nothing was donated in 2025
    assert _figures(zone, dt.date(2025, 1, 1), dt.date(2025, 12, 31))["partybuilding.donations"] == 0


def test_figures_bounded_queries(django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(7):
        _figures(Zone.objects.get(code="LY"))


def test_bad_wage_range_is_refused_and_nothing_written(actor_for) -> None:
    tg = Enterprise.objects.get(zone__code="LY", name=TG)
    before = JobRecord.objects.count(), audit_rows()
    with pytest.raises(ValidationFailed) as exc:
        register_create(
            actor=actor_for("leader"),
            register=REGISTERS["jobs"],
            data={
                "enterprise": tg,
                "people": 5,
                "wage_min": Decimal(5000),
                "wage_max": Decimal(3000),
                "recorded_on": dt.date(2026, 7, 1),
            },
        )
    assert "月增收上限不能低于下限" in str(exc.value.errors)
    with pytest.raises(Forbidden):
        register_create(
            actor=actor_for("steward"),
            register=REGISTERS["donations"],
            data={
                "enterprise": tg,
                "amount_wan": Decimal(1),
                "purpose": "x",
                "village": "x",
                "donated_on": dt.date(2026, 7, 1),
            },
        )
    assert (JobRecord.objects.count(), audit_rows()) == before


def test_names_masked_for_viewers(login_client) -> None:
    pair = AssistancePair.objects.filter(zone__code="LY").order_by("-started_on", "-id").first()
    page = login_client("steward").get("/partybuilding/pairs/").content.decode()
    assert pair.helper not in page
    page = login_client("leader").get("/partybuilding/pairs/").content.decode()
    assert pair.helper in page


def test_api_create_and_list(login_client) -> None:
    import json

    c = login_client("leader")
    tg = Enterprise.objects.get(zone__code="LY", name=TG)
    r = c.post(
        "/api/partybuilding/donations",
        json.dumps(
            {
                "enterprise_id": tg.pk,
                "amount_wan": "2.50",
                "purpose": "助学",
                "village": "坤都沟村",
                "donated_on": "2026-09-01",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = c.post(
        "/api/partybuilding/donations",
        json.dumps(
            {
                "enterprise_id": tg.pk,
                "amount_wan": "-1",
                "purpose": "x",
                "village": "x",
                "donated_on": "2026-09-01",
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 422 and "amount_wan" in r.content.decode()
    r = c.get("/api/partybuilding/registers/donations")
    assert r.status_code == 200 and r.json()["count"] == 2
