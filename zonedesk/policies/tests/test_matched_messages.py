"""'Policy newly matched' reaches the enterprise once: a re-match that turns a clause's result
into "qualifies" writes one policy.matched message per person of the enterprise (and its
authorised steward); a second re-match, even one that re-evaluates the enterprise, writes none;
the daily re-match is a scheduled job that runs per zone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.agency.models import AgentAuthorisation, AgentMode
from zonedesk.enterprises.models import Enterprise, EnterpriseYearFigure
from zonedesk.notifications.models import Message
from zonedesk.organisation.models import User
from zonedesk.policies import services
from zonedesk.policies.models import Clause, Match, MatchState
from zonedesk.scheduler import services as scheduler
from zonedesk.scheduler.jobs import job_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def tg_ready():
    """腾钢 fails 一.1 (研发投入后补助) in the demo only by its R&D: 700 万元 makes it qualify
    (3 % of its 21,300 万元 revenue is 639). It gets a user of its own and a steward."""
    clause = Clause.objects.get(zone__code="LY", code="一.1")
    tg = Enterprise.objects.get(zone__code="LY", name__contains="腾钢")
    assert Match.objects.get(clause=clause, enterprise=tg).outcome == "failed"
    own = User.objects.create(username="tg_matched", zone_id=tg.zone_id, enterprise=tg)
    steward = User.objects.filter(zone_id=tg.zone_id, enterprise__isnull=True, is_active=True).first()
    AgentAuthorisation.objects.filter(enterprise=tg).delete()
    AgentAuthorisation.objects.create(zone_id=tg.zone_id, enterprise=tg, agent=steward,
                                      mode=AgentMode.choices[0][0], granted_by=own,
                                      valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2099, 12, 31))
    people = set(User.objects.filter(enterprise=tg, is_active=True).values_list("pk", flat=True))
    return clause, tg, people | {own.pk, steward.pk}


def _messages(clause, tg):
    return Message.objects.filter(event="policy.matched", object_key=f"policies.match:{tg.pk}:{clause.pk}")


def test_a_newly_matched_enterprise_is_told_once(actor_for, tg_ready) -> None:
    clause, tg, people = tg_ready
    zone_id, actor = clause.zone_id, actor_for("investment")
    services.match_recompute(actor=actor, zone_id=zone_id)  # settled: nothing new, nobody told
    assert not Message.objects.filter(event="policy.matched").exists()
    EnterpriseYearFigure.objects.filter(enterprise=tg, year=2025).update(rd_spending=Decimal(700))
    counts = services.match_recompute(actor=actor, zone_id=zone_id)
    assert Match.objects.get(clause=clause, enterprise=tg).outcome == "passed"
    sent = _messages(clause, tg)
    assert sorted(sent.values_list("recipient_id", flat=True)) == sorted(people)  # each one, once
    assert counts["notified"] >= 1
    # only 腾钢 changed: no other enterprise hears of anything
    assert set(Message.objects.filter(event="policy.matched").values_list("object_key", flat=True)) == {
        k for k in Message.objects.filter(event="policy.matched").values_list("object_key", flat=True)
        if k.startswith(f"policies.match:{tg.pk}:")
    }
    m = sent.first()
    assert clause.title in m.title and clause.policy.title in m.body and m.url.endswith(f"/{tg.pk}/")
    before = Message.objects.filter(event="policy.matched").count()
    again = services.match_recompute(actor=actor, zone_id=zone_id)  # digest unchanged: skipped
    assert again["notified"] == 0
    # Re-evaluated the next day (so the message centre's per-day key would not stop a second
    # message): it qualified already, so it is not news.
    MatchState.objects.filter(enterprise=tg).delete()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    redone = services.match_recompute(actor=actor, zone_id=zone_id, enterprise_ids=[tg.pk], today=tomorrow)
    assert redone["evaluations"] > 0 and redone["notified"] == 0
    assert Match.objects.get(clause=clause, enterprise=tg).outcome == "passed"
    assert Message.objects.filter(event="policy.matched").count() == before


def test_the_daily_rematch_is_a_scheduled_job_that_tells_the_newly_matched(tg_ready) -> None:
    clause, tg, people = tg_ready
    job = job_registry.get("policies_rematch")
    assert job is not None and job.every == dt.timedelta(days=1)
    EnterpriseYearFigure.objects.filter(enterprise=tg, year=2025).update(rd_spending=Decimal(700))
    scheduler.jobs_sync()
    from zonedesk.scheduler.models import ScheduledJob

    run = scheduler.job_run(job_id=ScheduledJob.objects.get(name="policies_rematch").pk)
    assert run.ok, run.result
    assert "重算" in run.result and "园区" in run.result
    assert _messages(clause, tg).count() == len(people)
    assert Match.objects.get(clause=clause, enterprise=tg).outcome == "passed"
