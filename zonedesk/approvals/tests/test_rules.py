"""Pure rules: no database."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from zonedesk.approvals.rules import (
    ForecastItem,
    ForecastStage,
    assessment_covers,
    forecast,
    green_channel_eligible,
    tolerance_check,
    tolerance_deadline,
)
from zonedesk.workdays.calendar import WorkCalendar

# 2026 has no entries here: weekends plus the derived statutory holidays, flagged provisional.
CAL = WorkCalendar({}, official_years=[])
MONDAY = dt.date(2026, 3, 2)


def test_tolerance_allowed_only_when_every_condition_holds() -> None:
    ok = tolerance_check(
        grade="AA",
        threshold="A",
        flags=[],
        missing_required=[],
        missing_secondary=["监理合同"],
        promise_signed=True,
    )
    assert ok.allowed and ok.reasons == ()


def test_tolerance_lists_every_failed_condition_at_once() -> None:
    no = tolerance_check(
        grade="B",
        threshold="A",
        flags=["严重失信主体"],
        missing_required=["施工合同"],
        missing_secondary=[],
        promise_signed=False,
    )
    assert not no.allowed
    text = "；".join(no.reasons)
    for part in (
        "B 低于绿色通道门槛 A",
        "严重失信主体",
        "施工合同",
        "没有缺少的次要材料",
        "未签署信用承诺书",
    ):
        assert part in text


def test_expired_or_missing_grade_is_no_grade() -> None:
    assert (
        "无有效信用等级"
        in tolerance_check(
            grade="",
            threshold="A",
            flags=[],
            missing_required=[],
            missing_secondary=["x"],
            promise_signed=True,
        ).reasons[0]
    )
    assert not green_channel_eligible(grade="", threshold="A", flags=[])
    assert green_channel_eligible(grade="AAA", threshold="A", flags=[])
    assert not green_channel_eligible(grade="AAA", threshold="A", flags=["失信被执行人"])


def test_tolerance_deadline_is_the_shortest_item_limit_in_working_days() -> None:
    due = tolerance_deadline(CAL, MONDAY, [5, 3, 7])
    assert due.date == dt.date(2026, 3, 5)  # Tue, Wed, Thu
    assert due.provisional


def test_assessment_covers_whole_site_within_validity() -> None:
    args = (["A1", "A2"], dt.date(2025, 1, 1), dt.date(2027, 12, 31))
    assert assessment_covers(["A1"], *args, on=MONDAY)
    assert not assessment_covers(["A1", "B9"], *args, on=MONDAY)  # part of the site outside the area
    assert not assessment_covers(["A1"], *args, on=dt.date(2028, 1, 1))  # expired
    assert not assessment_covers([], *args, on=MONDAY)


def test_forecast_runs_items_in_parallel_and_stages_in_sequence() -> None:
    stages = [
        ForecastStage("land", (ForecastItem(5), ForecastItem(3))),
        ForecastStage("build", (ForecastItem(10), ForecastItem(3))),
    ]
    out = forecast(CAL, stages, MONDAY)
    assert out[0].end.date == CAL.add_working_days(MONDAY, 5).date
    assert out[1].start == out[0].end.date
    assert out[1].end.date == CAL.add_working_days(out[0].end.date, 10).date
    assert out[1].end.provisional


def test_forecast_keeps_real_ends_and_running_deadlines() -> None:
    done = dt.date(2026, 2, 20)
    stages = [
        ForecastStage(
            "land", (ForecastItem(5, done_on=done),), started_on=dt.date(2026, 2, 10), done_on=done
        ),
        ForecastStage(
            "build",
            (ForecastItem(5, due=dt.date(2026, 3, 20)), ForecastItem(3, done_on=MONDAY)),
            started_on=dt.date(2026, 2, 23),
        ),
    ]
    out = forecast(CAL, stages, MONDAY)
    assert out[0].done and out[0].end.date == done
    assert out[1].end.date == dt.date(2026, 3, 20)


@given(
    st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=6),
    st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=6),
)
def test_forecast_stage_end_is_the_slowest_item(a: list[int], b: list[int]) -> None:
    out = forecast(
        CAL,
        [
            ForecastStage("land", tuple(ForecastItem(x) for x in a)),
            ForecastStage("build", tuple(ForecastItem(x) for x in b)),
        ],
        MONDAY,
    )
    assert out[0].end.date == CAL.add_working_days(MONDAY, max(a)).date
    assert out[1].end.date == CAL.add_working_days(out[0].end.date, max(b)).date
    assert CAL.working_days_between(MONDAY, out[1].end.date) == max(a) + max(b)


def test_next_stage_is_the_first_unfiled_one_after_a_completed_stage():
    from zonedesk.approvals.rules import next_stage

    order = ["land", "build", "construct", "complete"]
    assert next_stage({}, order) == "land"
    assert next_stage({"land": "in_review"}, order) is None  # waiting on the running stage
    assert next_stage({"land": "completed"}, order) == "build"
    assert next_stage({"land": "completed", "build": "completed", "construct": "submitted"}, order) is None
    three = {"land": "completed", "build": "completed", "construct": "completed"}
    assert next_stage(three, order) == "complete"
    assert next_stage(dict.fromkeys(order, "completed"), order) is None
