"""The input rules shared by the form, the API and the import, fed the raw values each of
them hands over (Excel gives floats for whole numbers, datetimes for date cells)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.enterprises.rules import (
    MAX_AMOUNT,
    Lookups,
    clean_enterprise,
    clean_figures,
    industry_code_of,
    parse_amount,
)

CODE = "91110000600037341L"
LOOKUPS = Lookups(industries={"30": 30, "01": 1, "39": 39}, parks={"同创产业园": 7}, park_ids={7})
YEAR = 2026


def raw(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "credit_code": CODE, "name": "中玻(朝阳)新材料有限公司", "legal_representative": "陈立群",
        "industry_code": "C30",
    }
    return {**base, **overrides}


def clean(**overrides: Any) -> tuple[dict[str, Any], dict[str, str]]:
    return clean_enterprise(raw(**overrides), LOOKUPS)


def error(field: str, **overrides: Any) -> str:
    out, errors = clean(**overrides)
    assert field in errors, (out, errors)
    assert field not in out
    return errors[field]


class TestEnterpriseFromExcelishValues:
    def test_a_full_row_as_openpyxl_reads_it(self) -> None:
        # Given the cells of an Excel row: whole numbers as floats, a date cell as datetime
        out, errors = clean(
            credit_code=" 9111 0000 6000 3734 1l", industry_code="C30 非金属矿物制品业",
            park="同创产业园", registered_on=dt.datetime(2012, 5, 18), staff_size=460.0,
            credit_grade="aa", credit_source="辽宁省公共信用综合评价", credit_valid_until="2027/6/30",
            growth_tier="高新技术企业", contact_phone=4216800000.0, address=None,
        )
        # Then every value is cleaned to its model type
        assert errors == {}
        assert out["credit_code"] == CODE
        assert out["industry_id"] == 30
        assert out["park_id"] == 7
        assert out["registered_on"] == dt.date(2012, 5, 18)
        assert out["staff_size"] == 460 and isinstance(out["staff_size"], int)
        assert out["credit_grade"] == "AA"
        assert out["credit_valid_until"] == dt.date(2027, 6, 30)
        assert "growth_tier" not in out  # computed by the ladder, never taken from input
        assert out["contact_phone"] == "4216800000"
        assert out["address"] == ""

    @pytest.mark.parametrize("value", [
        dt.datetime(2020, 1, 5, 0, 0), dt.date(2020, 1, 5), "2020-01-05", "2020/1/5", "2020年1月5日",
        "2020.1.5", " 2020-1-5 ", "2020-01-05 00:00:00",
    ])
    def test_dates(self, value: Any) -> None:
        out, errors = clean(registered_on=value)
        assert errors == {}
        assert out["registered_on"] == dt.date(2020, 1, 5)

    @pytest.mark.parametrize("value, reason", [
        ("2020-13-01", "不是有效的日历日期"), ("2021-02-29", "不是有效的日历日期"),
        ("05/01/2020", "日期格式应为 YYYY-MM-DD"), ("明年", "日期格式应为 YYYY-MM-DD"),
        (43835, "日期格式应为 YYYY-MM-DD"),  # a date cell formatted as General
    ])
    def test_bad_dates_name_the_field(self, value: Any, reason: str) -> None:
        assert error("registered_on", registered_on=value) == f"成立日期{reason}"

    def test_registered_in_the_future_is_refused(self) -> None:
        # "today" is the zone's, handed in with the lookups
        today = dt.date(2026, 11, 28)
        lookups = Lookups(industries=LOOKUPS.industries, parks=LOOKUPS.parks, today=today)
        out, errors = clean_enterprise(raw(registered_on="2026-11-29"), lookups)
        assert errors == {"registered_on": "成立日期不能晚于今天"} and "registered_on" not in out
        assert clean_enterprise(raw(registered_on=today), lookups)[1] == {}

    @pytest.mark.parametrize("value", [None, "", "   "])
    def test_blank_optional_cells_are_empty(self, value: Any) -> None:
        out, errors = clean(registered_on=value, staff_size=value, park=value, credit_valid_until=value)
        assert errors == {}
        assert out["registered_on"] is None and out["staff_size"] is None and out["park_id"] is None

    @pytest.mark.parametrize("value, expected", [(12, 12), (12.0, 12), ("1,200", 1200), ("7", 7),
                                                 (Decimal("30.00"), 30)])
    def test_staff_size(self, value: Any, expected: int) -> None:
        out, errors = clean(staff_size=value)
        assert errors == {} and out["staff_size"] == expected

    @pytest.mark.parametrize("value, reason", [(12.5, "应为整数"), ("十二", "应为整数"), (True, "应为整数"),
                                               (-1, "应在 0 到 10000000 之间")])
    def test_bad_staff_size(self, value: Any, reason: str) -> None:
        assert error("staff_size", staff_size=value) == f"从业人数{reason}"

    @pytest.mark.parametrize("value", ["30", "C30", "c30", "3041", "C 30", "30 非金属矿物制品业", 30, 30.0])
    def test_industry_code_forms(self, value: Any) -> None:
        out, errors = clean(industry_code=value)
        assert errors == {} and out["industry_id"] == 30

    def test_excel_dropped_the_leading_zero(self) -> None:
        # 01 农业 typed into a General cell arrives as the number 1
        assert industry_code_of(1) == "01"
        assert industry_code_of(1.0) == "01"
        out, _ = clean(industry_code=1)
        assert out["industry_id"] == 1

    @pytest.mark.parametrize("value", ["C99", "制造业", "3"])
    def test_unknown_industry(self, value: str) -> None:
        assert "GB/T 4754-2017" in error("industry_code", industry_code=value)

    def test_park_by_name_or_id(self) -> None:
        assert clean(park="同创产业园")[0]["park_id"] == 7
        assert clean(park=7)[0]["park_id"] == 7
        assert error("park", park="不存在产业园") == "本园区没有名为“不存在产业园”的产业园"
        assert error("park", park=8) == "所在产业园不属于本园区"

    @pytest.mark.parametrize("field, label", [("credit_code", "统一社会信用代码"), ("name", "企业名称"),
                                              ("legal_representative", "法定代表人"),
                                              ("industry_code", "行业代码")])
    @pytest.mark.parametrize("value", [None, "", "  "])
    def test_required(self, field: str, label: str, value: Any) -> None:
        assert error(field, **{field: value}) == f"{label}必填"

    def test_bad_credit_code_gives_the_rule_message(self) -> None:
        message = error("credit_code", credit_code=CODE[:17] + "M")
        assert message == "第 18 位校验码错误（按前 17 位计算应为“L”）"

    def test_a_credit_code_that_excel_turned_into_a_number_says_so(self) -> None:
        # 911100006000373410 typed into a General cell keeps only a double's digits
        message = error("credit_code", credit_code=float("911100006000373410"))
        assert "数字格式" in message and "设为文本" in message

    def test_credit_grade(self) -> None:
        assert error("credit_grade", credit_grade="E").startswith("信用等级应为 AAA")
        assert "注明来源" in error("credit_source", credit_grade="A")
        out, errors = clean(credit_grade="", credit_source="")
        assert errors == {} and out["credit_grade"] == ""

    def test_growth_tier_is_read_back_and_ignored(self) -> None:
        # an exported sheet's 成长层级 column: the ladder computes the tier (cultivation)
        for value in ("eaglet", "雏鹰企业", "小巨人"):
            out, errors = clean(growth_tier=value)
            assert "growth_tier" not in out and "growth_tier" not in errors

    def test_lengths_and_phone(self) -> None:
        assert error("name", name="企" * 201) == "企业名称不能超过 200 个字符"
        assert clean(name="企" * 200)[1] == {}
        assert "联系电话" in error("contact_phone", contact_phone="call me")
        assert clean(contact_phone="0421-6800000")[0]["contact_phone"] == "0421-6800000"

    def test_several_errors_are_reported_together(self) -> None:
        _, errors = clean(credit_code="123", name="", industry_code="X", staff_size="many")
        assert set(errors) == {"credit_code", "name", "industry_code", "staff_size"}


class TestPartialMode:
    def test_only_the_given_keys_are_checked_and_returned(self) -> None:
        out, errors = clean_enterprise({"staff_size": 12.0}, LOOKUPS, partial=True)
        assert errors == {}
        assert out == {"staff_size": 12}

    def test_nothing_given_is_nothing_to_do(self) -> None:
        assert clean_enterprise({}, LOOKUPS, partial=True) == ({}, {})

    def test_a_given_required_field_must_not_be_blanked(self) -> None:
        out, errors = clean_enterprise({"name": "  "}, LOOKUPS, partial=True)
        assert errors == {"name": "企业名称必填"} and out == {}

    def test_grade_without_source_is_left_to_the_service(self) -> None:
        # the source may already be on the record; the service checks the merged values
        out, errors = clean_enterprise({"credit_grade": "A"}, LOOKUPS, partial=True)
        assert errors == {} and out == {"credit_grade": "A"}


def figures(**values: Any) -> tuple[dict[str, Any], dict[str, str]]:
    return clean_figures({"year": 2025, **values}, this_year=YEAR)


class TestFigures:
    @pytest.mark.parametrize("value, expected", [
        ("1234.56", Decimal("1234.56")), (1234.56, Decimal("1234.56")), ("1,234.5", Decimal("1234.50")),
        (5, Decimal("5.00")), (0.1, Decimal("0.10")), (Decimal("7.1"), Decimal("7.10")),
        ("0", Decimal("0.00")), (2280000.0, Decimal("2280000.00")),
    ])
    def test_amounts_are_decimal(self, value: Any, expected: Decimal) -> None:
        out, errors = figures(revenue=value)
        assert errors == {}
        assert out["revenue"] == expected
        assert type(out["revenue"]) is Decimal
        assert out["revenue"].as_tuple().exponent == -2

    def test_no_float_arithmetic_behind_amounts(self) -> None:
        # Given 0.1 and 0.2 as typed; in float they sum to 0.30000000000000004
        out, _ = figures(revenue="0.1", tax="0.2")
        # Then the amounts are the decimals typed, and sum exactly
        assert out["revenue"] + out["tax"] == Decimal("0.3")
        # and a float cell 0.1 is 0.10, not the binary 0.1000000000000000055511151231257827
        assert figures(revenue=0.1)[0]["revenue"] == Decimal("0.10")
        assert Decimal(0.1) != Decimal("0.1")  # noqa: RUF032 - the float it is not

    def test_a_formula_cell_with_binary_noise_reads_as_excel_shows_it(self) -> None:
        # =0.1+0.2 in a cell is stored as the double 0.30000000000000004; Excel shows 0.3
        out, errors = figures(revenue=0.1 + 0.2)
        assert errors == {} and out["revenue"] == Decimal("0.30")

    @pytest.mark.parametrize("value, reason", [
        ("-0.01", "金额不能为负数"), (-5, "金额不能为负数"),
        ("1.234", "金额最多保留两位小数（单位：万元）"), (1.234, "金额最多保留两位小数（单位：万元）"),
        ("abc", "应为数字金额（单位：万元）"), ("NaN", "应为数字金额（单位：万元）"),
        ("Infinity", "应为数字金额（单位：万元）"), (float("nan"), "应为数字金额（单位：万元）"),
        (True, "应为数字金额（单位：万元）"), ("100000000000000", "金额超出范围"),
    ])
    def test_bad_amounts_are_refused_with_the_field_name(self, value: Any, reason: str) -> None:
        out, errors = figures(tax=value)
        assert errors == {"tax": f"纳税额（万元）{reason}"}
        assert "tax" not in out

    def test_each_bad_amount_field_reports_its_own_label(self) -> None:
        _, errors = figures(revenue="-1", tax="x", rd_spending="0.001")
        assert errors == {
            "revenue": "营业收入（万元）金额不能为负数",
            "tax": "纳税额（万元）应为数字金额（单位：万元）",
            "rd_spending": "研发投入（万元）金额最多保留两位小数（单位：万元）",
        }

    @pytest.mark.parametrize("year", [2025.0, "2025", 2025])
    def test_year_as_excel_gives_it(self, year: Any) -> None:
        out, errors = clean_figures({"year": year}, this_year=YEAR)
        assert errors == {} and out["year"] == 2025

    @pytest.mark.parametrize("year, reason", [(None, "年度必填"), ("", "年度必填"),
                                              (2027, "年度应在 1980 到 2026 之间"),
                                              (1979, "年度应在 1980 到 2026 之间"),
                                              (2025.5, "年度应为整数")])
    def test_bad_year(self, year: Any, reason: str) -> None:
        _, errors = clean_figures({"year": year}, this_year=YEAR)
        assert errors == {"year": reason}

    def test_tech_staff_may_not_exceed_staff(self) -> None:
        assert figures(staff=100.0, tech_staff=101.0)[1] == {"tech_staff": "科技人员数不能多于从业人数"}
        out, errors = figures(staff=100.0, tech_staff=100.0)
        assert errors == {} and (out["staff"], out["tech_staff"]) == (100, 100)

    def test_blank_cells_are_none(self) -> None:
        out, errors = figures(revenue="  ", tax=None, staff="")
        assert errors == {}
        assert out["revenue"] is None and out["tax"] is None and out["staff"] is None


@given(st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2))
def test_an_exported_amount_reads_back_exactly(amount: Decimal) -> None:
    # Export writes an amount as an Excel number (a double); below 10^13 万元 with two decimals
    # the import gets the very same Decimal back.
    assert parse_amount(float(amount)) == amount
    assert parse_amount(str(amount)) == amount


@given(st.decimals(min_value=0, max_value=MAX_AMOUNT, places=2))
def test_text_amounts_up_to_the_maximum_are_exact(amount: Decimal) -> None:
    assert parse_amount(format(amount, "f")) == amount
