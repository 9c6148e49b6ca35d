"""Pure rules of the pipeline, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.dashboard.periods import BadPeriod, parse_period
from zonedesk.projects import rules
from zonedesk.projects.rules import PipelineRow, is_continuing, is_new, is_signed

D = dt.date
Y0, Y1 = D(2026, 1, 1), D(2026, 12, 31)


class TestProjectCode:
    @pytest.mark.parametrize(
        "code",
        [
            "2106-211382-04-01-123456",
            "2017-210000-44-03-012345",
            "2512-211322-04-02-000017",
            " 2106－211382－04－01－123456 ",
        ],
    )
    def test_well_formed_codes_pass(self, code: str) -> None:
        assert rules.project_code_problem(code) is None

    @pytest.mark.parametrize(
        ("code", "says"),
        [
            ("2106-211382-04-01-12345", "24 位"),
            ("2106 211382-04-01-123456x", "第 5 位"),
            ("2106-21138A-04-01-123456", "只能由数字"),
            ("2113-211382-04-01-123456", "月份"),
            ("2106-991382-04-01-123456", "地区代码"),
            ("2106-211382-00-01-123456", "部门代码"),
            ("2106-211382-04-00-123456", "项目类型代码"),
        ],
    )
    def test_each_broken_rule_is_named(self, code: str, says: str) -> None:
        problem = rules.project_code_problem(code)
        assert problem is not None and says in problem


class TestMoves:
    def test_only_the_next_stage_is_allowed(self) -> None:
        assert rules.can_move(rules.RESERVE, rules.NEGOTIATING)
        assert not rules.can_move(rules.RESERVE, rules.SIGNED)
        assert not rules.can_move(rules.SIGNED, rules.NEGOTIATING)
        assert not rules.can_move(rules.PRODUCTION, rules.BUILDING)
        problem = rules.move_problem(
            rules.RESERVE, rules.BUILDING, on=D(2026, 5, 1), previous=D(2026, 1, 1), today=D(2026, 6, 1)
        )
        assert problem is not None and "在谈" in problem

    def test_dates_must_follow_the_previous_stage_and_not_be_in_the_future(self) -> None:
        today = D(2026, 6, 1)
        assert "晚于今天" in rules.move_problem(
            rules.RESERVE, rules.NEGOTIATING, on=D(2026, 6, 2), previous=D(2026, 1, 1), today=today
        )
        assert "早于" in rules.move_problem(
            rules.RESERVE, rules.NEGOTIATING, on=D(2025, 12, 31), previous=D(2026, 1, 1), today=today
        )
        assert (
            rules.move_problem(
                rules.RESERVE, rules.NEGOTIATING, on=D(2026, 1, 1), previous=D(2026, 1, 1), today=today
            )
            is None
        )

    def test_the_gate_names_every_missing_field_and_document(self) -> None:
        present = rules.present_fields(
            {"investor_name": "甲", "chain": 1, "total_investment": Decimal("5"), "park": None, "parcel": ""}
        )
        missing = rules.missing_for(rules.SIGNED, present, set())
        assert missing == ["产业园或地块", "投资协议（合同）"]
        present = rules.present_fields(
            {"investor_name": "甲", "chain": 1, "total_investment": Decimal("5"), "parcel": "东区01号地块"}
        )
        assert rules.missing_for(rules.SIGNED, present, {rules.DOC_AGREEMENT}) == []

    def test_a_zero_amount_does_not_pass_a_gate(self) -> None:
        present = rules.present_fields(
            {"investor_name": "甲", "chain": 1, "total_investment": Decimal("0"), "lead_source": "qingdao"}
        )
        assert rules.missing_for(rules.NEGOTIATING, present, set()) == ["总投资"]

    def test_the_zones_own_company_counts_as_the_project_unit(self) -> None:
        present = rules.present_fields(
            {"self_built": True, "project_code": "x", "yearly_investment": Decimal(1), "project_steward": 3}
        )
        assert rules.missing_for(rules.BUILDING, present, {rules.DOC_PERMIT}) == []

    def test_stage_on_a_day_is_read_from_the_dates(self) -> None:
        dates = {"entered_on": D(2025, 1, 1), "negotiating_on": D(2025, 5, 1), "signed_on": D(2026, 2, 1)}
        assert rules.stage_on(dates, D(2024, 12, 31)) is None
        assert rules.stage_on(dates, D(2025, 5, 1)) == rules.NEGOTIATING
        assert rules.stage_on(dates, D(2026, 3, 1)) == rules.SIGNED


class TestReportingYear:
    def row(self, **dates) -> PipelineRow:
        return PipelineRow(total_wan=Decimal("10000"), **dates)

    def test_new_includes_projects_already_in_production(self) -> None:
        assert is_new(self.row(started_on=D(2026, 2, 1), production_on=D(2026, 9, 1)), Y0, Y1)
        assert not is_continuing(self.row(started_on=D(2026, 2, 1)), Y0, Y1)

    def test_continuing_is_started_earlier_and_not_in_production_before_the_year(self) -> None:
        assert is_continuing(self.row(started_on=D(2025, 3, 1)), Y0, Y1)
        assert is_continuing(self.row(started_on=D(2025, 3, 1), production_on=D(2026, 6, 1)), Y0, Y1)
        assert not is_continuing(self.row(started_on=D(2024, 3, 1), production_on=D(2025, 6, 1)), Y0, Y1)
        assert not is_new(self.row(started_on=D(2025, 3, 1)), Y0, Y1)

    def test_signed_counts_the_agreement_date_whatever_came_after(self) -> None:
        assert is_signed(self.row(signed_on=D(2026, 1, 5), started_on=D(2026, 4, 1)), Y0, Y1)
        assert not is_signed(self.row(signed_on=D(2025, 12, 31)), Y0, Y1)

    @given(st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.one_of(st.none(), st.integers(0, 2000)))
    def test_a_started_project_is_never_both_new_and_continuing(self, started: dt.date, gap) -> None:
        production = None if gap is None else started + dt.timedelta(days=gap)
        row = self.row(started_on=started, production_on=production)
        assert not (is_new(row, Y0, Y1) and is_continuing(row, Y0, Y1))
        # every project building on the first day of the year is one or the other
        if started <= Y1 and (production is None or production >= Y0):
            assert is_new(row, Y0, Y1) or is_continuing(row, Y0, Y1)


class TestAmounts:
    @pytest.mark.parametrize(
        ("wan", "text"),
        [
            ("1114900", "111.49亿元"),
            ("961000", "96.1亿元"),
            ("660000", "66亿元"),
            ("5000", "5,000万元"),
            ("3000.5", "3,000.5万元"),
            ("10000", "1亿元"),
        ],
    )
    def test_amounts_read_in_the_right_unit(self, wan: str, text: str) -> None:
        assert rules.amount_text(Decimal(wan)) == text

    def test_yi_rounds_half_up_to_two_places(self) -> None:
        assert rules.yi(Decimal("12345.00")) == Decimal("1.23")
        assert rules.yi(Decimal("12350.00")) == Decimal("1.24")
        assert rules.parse_yi("111.49") == Decimal("1114900.00")


class TestAging:
    def test_thresholds(self) -> None:
        assert rules.aging_state(10, (20, 40)) == "running"
        assert rules.aging_state(20, (20, 40)) == "yellow"
        assert rules.aging_state(40, (20, 40)) == "red"
        assert rules.aging_state(999, None) == "running"


class TestPeriods:
    @pytest.mark.parametrize(
        ("text", "start", "end"),
        [
            ("2026", D(2026, 1, 1), D(2026, 12, 31)),
            ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30)),
            ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
            ("2026-03-01..2026-06-30", D(2026, 3, 1), D(2026, 6, 30)),
        ],
    )
    def test_forms(self, text: str, start: dt.date, end: dt.date) -> None:
        p = parse_period(text)
        assert (p.start, p.end) == (start, end)

    @pytest.mark.parametrize(
        "text", ["26", "2026-13", "2026-06-30..2026-03-01", "2026-02-30..2026-03-01", "x"]
    )
    def test_bad_periods_say_why(self, text: str) -> None:
        with pytest.raises(BadPeriod):
            parse_period(text)
