"""Derived indicators against values counted by hand (row by row in Python) from the demo's own
approval items, appeals and ratings; and the click-through lists the same rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.appeals.models import AppealEvent, Rating
from zonedesk.appraisal import derived, rules, selectors
from zonedesk.appraisal.models import AppraisalSheet
from zonedesk.approvals.models import ApplicationItem
from zonedesk.core.units import amount_text

pytestmark = pytest.mark.django_db


def _in(period, moment) -> bool:
    return period.start <= timezone.localdate(moment) <= period.end


def _by_hand(sheet) -> dict[str, tuple[int, int]]:
    period, name, uid = sheet.period, sheet.person.display_name, sheet.person_id
    items = [
        i
        for i in ApplicationItem.objects.filter(zone_id=sheet.zone_id, decided_by=name)
        if i.state in ("approved", "refused") and _in(period, i.decided_at)
    ]
    on_time = sum(1 for i in items if i.due_date and timezone.localdate(i.decided_at) <= i.due_date)
    supplemented = sum(1 for i in items if i.pauses.exists())
    replies = {
        e.appeal_id: e.appeal
        for e in AppealEvent.objects.filter(action="reply", user_id=uid)
        if _in(period, e.at)
    }
    replied_on_time = sum(1 for a in replies.values() if a.replied_on_time)
    last_replier = {}
    for e in AppealEvent.objects.filter(action="reply").order_by("at", "id"):
        last_replier[e.appeal_id] = e.user_id
    ratings = [
        r
        for r in Rating.objects.filter(zone_id=sheet.zone_id, kind="appeal")
        if r.status != "overturned" and _in(period, r.rated_at) and last_replier.get(r.case_id) == uid
    ]
    good = sum(1 for r in ratings if r.level in ("very_satisfied", "satisfied", "basic"))
    bad = sum(1 for r in ratings if r.level in ("unsatisfied", "very_unsatisfied"))
    return {
        "A1": (on_time, len(items)),
        "A2": (supplemented, len(items)),
        "B1": (replied_on_time, len(replies)),
        "B2": (good, len(ratings)),
        "B3": (bad, len(ratings)),
    }


def test_demo_sheets_match_hand_counts(demo_period) -> None:
    sheets = list(AppraisalSheet.objects.filter(period=demo_period).select_related("person", "period"))
    assert len(sheets) == 12
    seen_data = set()
    for sheet in sheets:
        hand = _by_hand(sheet)
        scores = {s.indicator.code: s for s in sheet.scores.select_related("indicator")}
        for code, (num, den) in hand.items():
            sc = scores[code]
            if den == 0:
                assert sc.value is None, (sheet.person, code)
                continue
            seen_data.add(code)
            assert (sc.numerator, sc.denominator) == (num, den), (sheet.person, code)
            expected = Decimal(num) if code == "B3" else rules.Ratio(num, den).percent
            assert sc.value == expected, (sheet.person, code)
    # the demo exercises every source that has data
    assert seen_data == {"A1", "A2", "B1", "B2", "B3"}


def test_wang_jianguo_by_hand(demo_period) -> None:
    """王建国 (规划建设局): 1 item decided on time; 8 appeals replied on time; 7 valid ratings of
    those appeals, 5 satisfied and 2 差评 — the published figures."""
    sheet = AppraisalSheet.objects.get(period=demo_period, person__username="reviewer")
    scores = {s.indicator.code: s for s in sheet.scores.select_related("indicator")}
    assert _by_hand(sheet)["B2"] == (scores["B2"].numerator, scores["B2"].denominator)
    assert scores["B2"].value == rules.Ratio(scores["B2"].numerator, scores["B2"].denominator).percent
    # 满意率 scores linearly between 60% (0) and 100% (15 points)
    expected = rules.score(scores["B2"].value, scores["B2"].indicator.rule(), Decimal(15))
    assert scores["B2"].points == expected


def test_values_are_one_query_per_source(demo_period, django_assert_max_num_queries) -> None:
    people = [
        derived.Person(s.person_id, s.person.display_name)
        for s in AppraisalSheet.objects.filter(period=demo_period).select_related("person")
    ]
    for source in rules.DERIVED_SOURCES:
        # one grouped aggregate; the average of working days reads the items, their pauses
        # and the calendar (the clock is the approvals' own, in Python over those rows)
        with django_assert_max_num_queries(4 if source == rules.APPROVALS_AVG_DAYS else 1):
            derived.compute(source, demo_period.zone_id, demo_period.start, demo_period.end, people)


def test_click_through_lists_the_counted_rows(demo_period) -> None:
    for sheet in AppraisalSheet.objects.filter(period=demo_period).select_related("person", "period"):
        for sc in sheet.scores.select_related("indicator"):
            if sc.indicator.is_manual or sc.denominator is None:
                continue
            rows = selectors.basis_rows(sheet, sc)
            # every row counted in the denominator is listed, and nothing else
            assert rows.count() == sc.denominator


def test_average_working_days_by_hand(demo_period) -> None:
    """审批事项平均用时: the working days in (accepted, decided] of each decided item (the demo's
    items had no 补正 stop), averaged per person, against the calendar counted here."""
    from zonedesk.workdays.selectors import work_calendar

    cal = work_calendar()
    sheets = list(AppraisalSheet.objects.filter(period=demo_period).select_related("person"))
    people = [derived.Person(s.person_id, s.person.display_name) for s in sheets]
    got = derived.compute(
        rules.APPROVALS_AVG_DAYS, demo_period.zone_id, demo_period.start, demo_period.end, people
    )
    checked = 0
    for s in sheets:
        items = [
            i
            for i in ApplicationItem.objects.filter(zone_id=s.zone_id, decided_by=s.person.display_name)
            if i.state in ("approved", "refused") and _in(demo_period, i.decided_at)
        ]
        if not items:
            assert s.person_id not in got
            continue
        assert not any(i.pauses.exists() for i in items)
        days = [
            cal.working_days_between(timezone.localdate(i.started_at), timezone.localdate(i.decided_at))
            for i in items
        ]
        v = got[s.person_id]
        assert (v.numerator, v.denominator) == (sum(days), len(days)), s.person
        assert v.value == rules.average(days)
        checked += 1
    assert checked >= 5


def test_policy_awards_delivered_by_hand(demo_period) -> None:
    """惠企政策兑现: the demo's 免申即享 awards confirmed by the investment officer, of which one
    was paid on 2026-09-15; counted by hand over every award row, and listed on click-through."""
    import datetime as dt

    from zonedesk.organisation.models import User
    from zonedesk.policies.models import Award

    officer = User.objects.get(username="investment")
    start, end = dt.date(2026, 7, 1), dt.date(2026, 9, 30)
    paid = [
        a
        for a in Award.objects.filter(zone_id=demo_period.zone_id)
        if a.status == "paid" and a.confirmed_by_id == officer.pk and start <= a.paid_on <= end
    ]
    assert paid, "the demo pays one award in the quarter"
    person = derived.Person(officer.pk, officer.display_name)
    got = derived.compute(rules.POLICY_AWARDS, demo_period.zone_id, start, end, [person])[officer.pk]
    assert (got.value, got.numerator) == (Decimal(len(paid)), len(paid))
    # The total as amounts are written (core/units.py): "100万元", not "1E+2 万元".
    assert f"合计 {amount_text(sum(a.amount for a in paid), '万元')}" in got.basis
    rows = derived.rows_for(rules.POLICY_AWARDS, demo_period.zone_id, start, end, person)
    assert sorted(rows.values_list("pk", flat=True)) == sorted(a.pk for a in paid)
    # an award approved but not yet paid is not delivered; the quarter before has none
    spring = (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    before = derived.compute(rules.POLICY_AWARDS, demo_period.zone_id, *spring, [person])
    assert officer.pk not in before
