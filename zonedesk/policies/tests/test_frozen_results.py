"""Stored results are explained from the facts frozen when they were computed: a figure entered
after the match changes nothing shown until the re-match redoes the enterprise, and a clause's
re-match never mixes results computed from two different sets of facts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.enterprises.models import Enterprise, EnterpriseYearFigure
from zonedesk.policies import services
from zonedesk.policies.matching import explain_matches
from zonedesk.policies.models import Clause, Match, MatchState

pytestmark = pytest.mark.django_db


@pytest.fixture
def clause():
    return Clause.objects.get(zone__code="LY", code="一.1")  # 研发投入后补助: R&D ratio ≥ 3 %


def tg() -> Enterprise:
    return Enterprise.objects.get(zone__code="LY", name__contains="腾钢")


def _rd_row(m) -> dict:
    return next(r for r in m.explained if r["fact"] == "rd_ratio")


def test_the_trace_shown_is_the_one_decided_until_the_rematch(actor_for, clause) -> None:
    actor = actor_for("investment")
    services.match_recompute(actor=actor, zone_id=clause.zone_id)
    [before] = explain_matches([Match.objects.get(clause=clause, enterprise=tg())])
    assert before.outcome == "failed" and _rd_row(before)["result"] == "failed"
    # new figures, not yet matched: the stored "failed" still shows the figures it was decided on
    EnterpriseYearFigure.objects.filter(enterprise=tg(), year=2025).update(rd_spending=Decimal(700))
    [stale] = explain_matches([Match.objects.get(clause=clause, enterprise=tg())])
    assert (stale.outcome, stale.summary, stale.explained) == ("failed", before.summary, before.explained)
    services.match_recompute(actor=actor, zone_id=clause.zone_id)
    [after] = explain_matches([Match.objects.get(clause=clause, enterprise=tg())])
    assert after.outcome == "passed" and _rd_row(after)["value_text"] == "3.29%"


def test_a_clause_rematch_redoes_whole_an_enterprise_whose_facts_moved_on(actor_for, clause) -> None:
    actor = actor_for("investment")
    services.match_recompute(actor=actor, zone_id=clause.zone_id)
    other = Match.objects.filter(enterprise=tg()).exclude(clause=clause).first()
    assert other is not None
    n = Enterprise.objects.filter(zone_id=clause.zone_id).count()
    EnterpriseYearFigure.objects.filter(enterprise=tg(), year=2025).update(rd_spending=Decimal(700))
    counts = services.match_recompute(actor=actor, zone_id=clause.zone_id, clause_ids=[clause.pk])
    clauses = len(services.active_clauses(clause.zone_id, timezone.localdate()))  # policies in force
    # every other enterprise: the one clause; 腾钢: every clause, from its new facts
    assert counts["evaluations"] == (n - 1) + clauses
    state = MatchState.objects.get(enterprise=tg())
    assert state.facts["f"]["rd_spending"][0] == "700.00"
    [m] = explain_matches([Match.objects.get(clause=clause, enterprise=tg())])
    assert m.outcome == "passed" and _rd_row(m)["value_text"] == "3.29%"
    # every stored result of 腾钢 was rewritten from the same new facts
    assert all(r.computed_at > other.computed_at for r in Match.objects.filter(enterprise=tg()))


def test_a_result_from_before_facts_were_frozen_is_shown_without_a_trace(actor_for, clause) -> None:
    services.match_recompute(actor=actor_for("investment"), zone_id=clause.zone_id)
    MatchState.objects.filter(enterprise=tg()).update(evaluated_on=None, facts={})
    [m] = explain_matches([Match.objects.get(clause=clause, enterprise=tg())])
    assert (m.summary, m.explained) == ("", [])  # never a trace made from facts it was not decided on
