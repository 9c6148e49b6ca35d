"""The per-zone, per-day summary behind the dashboard's indicator headlines: kept by the
approval services when a case ends, equal to what measuring the cases gives, and repaired by
the check command when it drifts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.approvals.demo import _actor, _run_stage
from zonedesk.approvals.models import ConstructionProject, ProjectCategory, Stage
from zonedesk.approvals.services import project_create
from zonedesk.audit.models import AuditRecord
from zonedesk.core.figures import Period
from zonedesk.indicators import rules, selectors, services
from zonedesk.indicators.models import IndicatorDay
from zonedesk.organisation.models import User, Zone

pytestmark = pytest.mark.django_db


def _year() -> Period:
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=365), today, "")


def _ly() -> Zone:
    return Zone.objects.get(code="LY")


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_the_median_of_a_histogram_is_the_median_of_its_values(values) -> None:
    counts: dict[int, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    summary = rules.summarise(values)
    assert summary is not None
    assert rules.median_of_counts(sorted(counts.items())) == summary.median


def test_the_median_of_no_cases_is_none() -> None:
    assert rules.median_of_counts([]) is None
    assert rules.median_of_counts([(5, 0)]) is None


def test_the_demo_summary_equals_the_cases_and_the_headlines_equal_the_report() -> None:
    assert IndicatorDay.objects.filter(zone=_ly()).exists()
    assert services.summary_drift() == []
    zone_ids = frozenset({_ly().pk})
    leader = User.objects.get(username="leader")
    report = selectors.indicator_report(selectors.base_projects(leader, zone_ids),
                                        selectors.Query(zone_ids, _year(), ""))
    medians = selectors.headline_medians(zone_ids, _year())
    for r in report:
        working = next(m for m in r.metrics if m.metric.key == "working_days")
        expected = working.summary.median if working.summary else None
        assert medians.get(r.indicator.key) == expected, r.indicator.key
    assert medians["building_permit"] is not None


def test_the_services_count_a_project_and_its_hook_ups_on_the_day_they_end() -> None:
    """A project taken through the four stages by the approval services (as the demo does):
    its 办理建筑许可 case and each granted 报装 item are counted today, and the table still
    equals the recompute."""
    zone = _ly()
    ent = _actor("enterprise")
    assert ent.user is not None and ent.user.enterprise_id is not None
    category = ProjectCategory.objects.get(version__zone=zone, version__is_current=True,
                                           code="industrial_social")
    project = project_create(actor=ent, enterprise_id=ent.user.enterprise_id, name="汇总表测试项目",
                             code=f"{timezone.localdate().year}-211382-30-03-990001",
                             category_id=category.pk, parcels=["LY-TC-09"])
    today = timezone.localdate()

    def today_counts() -> dict[str, int]:
        out: dict[str, int] = {}
        rows = IndicatorDay.objects.filter(zone=zone, day=today).values_list("indicator", "cases")
        for indicator, n in rows:
            out[indicator] = out.get(indicator, 0) + n
        return out

    before = today_counts()
    for stage in (Stage.LAND, Stage.BUILD, Stage.CONSTRUCT, Stage.COMPLETE):
        _run_stage(ent, project, stage)
    after = today_counts()
    assert after.get("building_permit", 0) == before.get("building_permit", 0) + 1
    hook_ups = sum(after.get(k, 0) - before.get(k, 0) for k in after if k.startswith("utility_"))
    assert hook_ups >= 1
    # Submitted and completed today: 0 working days, counted in that bucket.
    assert IndicatorDay.objects.filter(zone=zone, day=today, indicator="building_permit",
                                       working_days=0, cases__gte=1).exists()
    assert services.summary_drift() == []
    assert ConstructionProject.objects.filter(pk=project.pk).exists()


def test_the_check_command_finds_drift_and_fix_repairs_it(capsys) -> None:
    zone = _ly()
    bucket = IndicatorDay.objects.filter(zone=zone).order_by("pk").first()
    assert bucket is not None
    bucket.cases += 3
    bucket.save()
    IndicatorDay.objects.create(zone=zone, indicator="utility_gas", day=dt.date(2020, 1, 2),
                                working_days=7, cases=2)
    drift = services.summary_drift([zone.pk])
    assert {(d.key[1], d.key[2], d.stored - d.computed) for d in drift} == {
        (bucket.indicator, bucket.day, 3), ("utility_gas", dt.date(2020, 1, 2), 2)}
    with pytest.raises(CommandError, match="2 处偏差"):
        call_command("indicators_summary_check")
    audits = AuditRecord.objects.filter(action="indicators.summary.rebuild").count()
    call_command("indicators_summary_check", "--fix")
    assert services.summary_drift() == []
    assert AuditRecord.objects.filter(action="indicators.summary.rebuild").count() == audits + 1
    call_command("indicators_summary_check")  # clean: no error
    assert "偏差 0 处" in capsys.readouterr().out


def test_a_rebuild_from_a_day_replaces_only_that_range() -> None:
    zone = _ly()
    old = IndicatorDay.objects.create(zone=zone, indicator="utility_gas", day=dt.date(2020, 1, 2),
                                      working_days=7, cases=2)
    services.summary_rebuild(since=dt.date(2021, 1, 1))
    assert IndicatorDay.objects.filter(pk=old.pk).exists()  # before the range: left alone
    services.summary_rebuild()
    assert not IndicatorDay.objects.filter(pk=old.pk).exists()
    assert services.summary_drift() == []


def test_the_headline_is_one_query_whatever_the_number_of_cases(django_assert_num_queries) -> None:
    zone_ids = frozenset({_ly().pk})
    IndicatorDay.objects.bulk_create(
        IndicatorDay(zone=_ly(), indicator="utility_water", day=timezone.localdate() - dt.timedelta(days=d),
                     working_days=w, cases=1000)
        for d in range(1, 60) for w in range(100, 107))  # beyond the demo's few cases' days
    with django_assert_num_queries(1):
        medians = selectors.headline_medians(zone_ids, _year())
    assert medians["utility_water"] == D("103.0")


def test_a_calendar_correction_inside_cases_rebuilds_their_working_days(
        django_capture_on_commit_callbacks) -> None:
    """A working day inside a demo case's span becomes a holiday: the case took one working day
    less, and the summary (rebuilt from the changed date by the calendar hook) says so."""
    from zonedesk.approvals.demo import _actor as demo_actor
    from zonedesk.workdays.selectors import work_calendar
    from zonedesk.workdays.services import calendar_day_set

    zone = _ly()
    row = (IndicatorDay.objects.filter(zone=zone, indicator="building_permit", working_days__gte=3)
           .order_by("day").first())
    assert row is not None
    cal = work_calendar()
    day = row.day - dt.timedelta(days=1)
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    before = dict(IndicatorDay.objects.filter(zone=zone, indicator="building_permit", day=row.day)
                  .values_list("working_days", "cases"))
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_set(actor=demo_actor("admin"), date=day, is_working_day=False, name="测试休假")
    after = dict(IndicatorDay.objects.filter(zone=zone, indicator="building_permit", day=row.day)
                 .values_list("working_days", "cases"))
    assert after != before
    assert after.get(row.working_days - 1, 0) >= 1
    assert services.summary_drift() == []
