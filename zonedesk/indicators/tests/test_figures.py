"""The indicators over the demo's finished projects, checked against hand-computed cases.

The demo (``approvals.demo`` and ``indicators.demo``) finishes these 社会投资工业项目 in LY:
中玻光伏玻璃原片仓储中心 (LY-TC-07), 中玻光伏背板车间 (LY-TC-02) and 中玻电子玻璃基板二期
(LY-TC-06) on parcels the six regional assessments cover, and 中玻节能玻璃研发楼 (LY-QH-12) on
one they do not. All 19 catalogue items apply; six (L04 L05 L06 B03 B04 B05) are waived on a
covered parcel, so a project there goes through 13 procedures and one elsewhere through 19.
Fees of the template: 645 000 元 in all, 530 000 of them for the six waivable items, so a
covered project costs 115 000 元 and an uncovered one 645 000 元.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from zonedesk.approvals.models import Application, ApplicationItem, ConstructionProject
from zonedesk.core.figures import Period
from zonedesk.indicators import selectors
from zonedesk.organisation.models import User, Zone
from zonedesk.workdays.selectors import work_calendar

pytestmark = pytest.mark.django_db

COVERED = ("中玻光伏玻璃原片仓储中心", "中玻光伏背板车间", "中玻电子玻璃基板二期")
UNCOVERED = "中玻节能玻璃研发楼"


def _year() -> Period:
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=365), today, "")


def _report(category: str = "industrial_social"):
    leader = User.objects.get(username="leader")
    zone = Zone.objects.get(code="LY")
    q = selectors.Query(frozenset({zone.pk}), _year(), category)
    return {
        r.indicator.key: r for r in selectors.indicator_report(selectors.base_projects(leader, q.zone_ids), q)
    }


def _metric(result, key):
    return next(m for m in result.metrics if m.metric.key == key)


def test_building_permit_cases_procedures_and_cost_by_hand() -> None:
    permit = _report()["building_permit"]
    by_name = {c.facts.name: c for c in permit.cases}
    assert set(by_name) == {*COVERED, UNCOVERED}
    for name in COVERED:
        assert (by_name[name].facts.procedures, by_name[name].cost_yuan) == (13, D("115000"))
        assert by_name[name].facts.waived_yuan == D("530000")
    assert (by_name[UNCOVERED].facts.procedures, by_name[UNCOVERED].cost_yuan) == (19, D("645000"))
    # procedures 13 13 13 19: median 13, mean 14.5, p90 13 + 0.7·6 = 17.2
    s = _metric(permit, "procedures").summary
    assert (s.median, s.mean, s.p90) == (D("13.0"), D("14.5"), D("17.2"))
    # cost 115 000 ×3, 645 000: mean 247 500, p90 115 000 + 0.7·530 000 = 486 000
    s = _metric(permit, "cost_yuan").summary
    assert (s.median, s.mean, s.p90) == (D("115000.0"), D("247500.0"), D("486000.0"))
    limits = {lim.label: lim.days for lim in _metric(permit, "working_days").limits}
    assert limits == {"国家目标（国办发〔2019〕11号）": 120, "园区承诺时限": 40}


def test_building_permit_time_from_first_submission_to_completion() -> None:
    """中玻电子玻璃基板二期: submitted the working day before the 立项 acceptance A1, and
    竣工验收 decided 3 working days after its acceptance A4 (the demo's spread, within the
    items' limits), so the time is 1 + (working days in (A1, A4]) + 3."""
    project = ConstructionProject.objects.get(name="中玻电子玻璃基板二期")
    apps = {a.stage: a for a in Application.objects.filter(project=project)}
    a1 = timezone.localtime(apps["land"].accepted_at).date()
    a4 = timezone.localtime(apps["complete"].accepted_at).date()
    cal = work_calendar()
    case = next(c for c in _report()["building_permit"].cases if c.facts.case_id == project.pk)
    assert case.working_days == 1 + cal.working_days_between(a1, a4) + 3
    first = timezone.localtime(apps["land"].submitted_at).date()
    assert case.calendar_days == (case.facts.final_on - first).days
    assert cal.is_working_day(first) and cal.is_working_day(case.facts.final_on)


def test_utility_hook_ups_by_hand() -> None:
    """Hook-up items are decided within their 3-day promise (4 working days from the
    submission the day before acceptance); the demo's one late 供热 took 3 + 2 days (6)."""
    report = _report()
    heat = {c.facts.name: c for c in report["utility_heat"].cases}
    late = heat[f"{UNCOVERED} · 供热报装"]
    assert (late.working_days, late.facts.procedures, late.cost_yuan) == (6, 1, D("15000"))
    water = report["utility_water"]
    assert {c.working_days for c in water.cases} == {4}
    assert {c.cost_yuan for c in water.cases} == {D("8000")}
    assert {c.cost_yuan for c in report["utility_power"].cases} == {D("0")}
    assert {lim.days for lim in _metric(water, "working_days").limits} == {10, 3}
    item = ApplicationItem.objects.get(pk=late.facts.case_id)
    assert item.decided_on_time is False


def test_the_demo_decides_on_working_days_and_mostly_on_time() -> None:
    cal = work_calendar()
    # The finished stages' history (moved back in time); what the demo decides "now" happens on
    # the day it is loaded.
    decided = ApplicationItem.objects.filter(zone__code="LY", decided_at__isnull=False,
                                             application__status="completed")
    days = [timezone.localtime(d).date() for d in decided.values_list("decided_at", flat=True)]
    assert days and all(cal.is_working_day(d) for d in days)
    on_time = decided.filter(decided_on_time=True).count() / decided.count()
    assert 0.95 <= on_time < 1, on_time


def test_figures_cost_a_bounded_number_of_queries(django_assert_max_num_queries) -> None:
    leader = User.objects.get(username="leader")
    zone = Zone.objects.get(code="LY")
    q = selectors.Query(frozenset({zone.pk}), _year(), "")
    projects = selectors.base_projects(leader, q.zone_ids)
    with django_assert_max_num_queries(8):
        selectors.indicator_report(projects, q)
