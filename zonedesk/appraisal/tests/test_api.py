"""The appraisal API: the same rules and errors as the pages — 422 naming the field, 409 on a
stale version or a wrong state, 403 for the wrong person, and nothing written on a refusal."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from zonedesk.appraisal.demo import TEMPLATE
from zonedesk.appraisal.models import AppraisalPeriod, KpiTemplate
from zonedesk.appraisal.tests.conftest import appraisal_counts
from zonedesk.approvals.models import ApplicationItem
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def _post(c, url, body):
    return c.post(url, json.dumps(body), content_type="application/json")


def _on_time_by_hand(period_id, person) -> tuple[int, int]:
    """(decided on time, decided) in the period, row by row from the person's approval items."""
    period = AppraisalPeriod.objects.get(pk=period_id)
    items = [
        i
        for i in ApplicationItem.objects.filter(zone_id=period.zone_id, decided_by=person.display_name)
        if i.state in ("approved", "refused")
        and period.start <= timezone.localdate(i.decided_at) <= period.end
    ]
    on_time = sum(1 for i in items if i.due_date and timezone.localdate(i.decided_at) <= i.due_date)
    return on_time, len(items)


def test_period_through_the_api(login_client) -> None:
    leader = login_client("leader")
    t = KpiTemplate.objects.get(name=TEMPLATE, is_current=True)
    person = User.objects.get(username="reviewer-wb-gs")
    body = {
        "name": "API 考核",
        "template_id": t.pk,
        "start": "2026-01-01",
        "end": "2026-12-31",
        "members": [
            {
                "person_id": person.pk,
                "assessor_id": User.objects.get(username="depthead").pk,
                "reviewer_id": User.objects.get(username="leader").pk,
                "rank_group": "API",
            }
        ],
        "objection_days": 0,
        "dismiss_count": 1,
    }
    before = appraisal_counts()
    bad = _post(leader, "/api/appraisal/periods", {**body, "end": "2025-01-01"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "end"]
    assert appraisal_counts() == before
    r = _post(leader, "/api/appraisal/periods", body)
    assert r.status_code == 201, r.content
    period_id = r.json()["id"]
    sheet = r.json()["sheets"][0]
    got = leader.get(f"/api/appraisal/sheets/{sheet['id']}").json()
    a1 = next(s for s in got["scores"] if s["indicator"] == "审批事项按时办结率")
    assert (a1["numerator"], a1["denominator"]) == _on_time_by_hand(period_id, person) and a1["basis"]
    assert a1["denominator"] > 0
    # the wrong person: 403; a stale version: 409
    assert (
        _post(leader, f"/api/appraisal/sheets/{sheet['id']}/self-assessment", {"summary": "代写"}).status_code
        == 403
    )
    own = login_client("reviewer-wb-gs")
    assert (
        _post(
            own,
            f"/api/appraisal/sheets/{sheet['id']}/self-assessment",
            {"summary": "述职", "version": sheet["version"] + 5},
        ).status_code
        == 409
    )
    assert (
        _post(
            own,
            f"/api/appraisal/sheets/{sheet['id']}/self-assessment",
            {"summary": "述职", "version": sheet["version"]},
        ).status_code
        == 200
    )
    # an extra field is refused by the strict body
    assert (
        _post(
            own, f"/api/appraisal/sheets/{sheet['id']}/self-assessment", {"summary": "x", "points": 100}
        ).status_code
        == 422
    )
    # publishing before review: 409 with the reason (the test client signs in one login at a time)
    leader = login_client("leader")
    r = _post(leader, f"/api/appraisal/periods/{period_id}/publish", {})
    assert r.status_code == 409 and "未完成部门审核" in r.json()["detail"]
