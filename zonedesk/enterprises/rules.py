"""Checking enterprise input: one set of rules for the form, the API and the Excel import.

``clean_enterprise`` takes raw values (text from a spreadsheet cell, or typed values from a
form or JSON body) and returns cleaned values plus a map field -> message. Lookups of
industries and parks are passed in so a 5,000-row import runs two queries, not 10,000.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from zonedesk.enterprises import creditcode
from zonedesk.enterprises.models import CreditGrade, GrowthTier

# Column headers of the register (import and export share them, so an export re-imports).
COLUMNS: list[tuple[str, str]] = [
    ("credit_code", gettext_noop("统一社会信用代码")),
    ("name", gettext_noop("企业名称")),
    ("legal_representative", gettext_noop("法定代表人")),
    ("industry_code", gettext_noop("行业代码")),
    ("park", gettext_noop("所在产业园")),
    ("address", gettext_noop("地址")),
    ("registered_on", gettext_noop("成立日期")),
    ("staff_size", gettext_noop("从业人数")),
    ("credit_grade", gettext_noop("信用等级")),
    ("credit_source", gettext_noop("信用等级来源")),
    ("credit_valid_until", gettext_noop("信用等级有效期至")),
    ("growth_tier", gettext_noop("成长层级")),
    ("contact_name", gettext_noop("联系人")),
    ("contact_phone", gettext_noop("联系电话")),
]
LABELS = dict(COLUMNS)
REQUIRED = ("credit_code", "name", "legal_representative", "industry_code")

FIGURE_COLUMNS: list[tuple[str, str]] = [
    ("credit_code", gettext_noop("统一社会信用代码")),
    ("year", gettext_noop("年度")),
    ("revenue", gettext_noop("营业收入（万元）")),
    ("tax", gettext_noop("纳税额（万元）")),
    ("rd_spending", gettext_noop("研发投入（万元）")),
    ("staff", gettext_noop("从业人数")),
    ("tech_staff", gettext_noop("科技人员数")),
]
FIGURE_LABELS = dict(FIGURE_COLUMNS)
AMOUNT_FIELDS = ("revenue", "tax", "rd_spending")
MAX_AMOUNT = Decimal("99999999999999.99")

# The register's files are in Chinese whatever language the person exporting uses.
FILE_LANGUAGE = "zh-hans"
PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")


def label(key: str) -> str:
    """A register column's name in the reader's language (messages; the file keeps Chinese)."""
    return gettext(LABELS[key])


def figure_label(key: str) -> str:
    return gettext(FIGURE_LABELS[key])


def tier_label(value: str) -> str:
    """The growth tier as written in a register file (the Chinese label)."""
    with translation.override(FILE_LANGUAGE):
        return str(GrowthTier(value).label) if value else ""


@cache  # the file language is fixed, so the labels are too; an import asks once per row
def _tiers_by_label() -> dict[str, str]:
    return {tier_label(value): value for value in GrowthTier.values if value}


@dataclass
class Lookups:
    industries: Mapping[str, int]  # two-digit code -> Industry id
    parks: Mapping[str, int]  # park name -> Park id (of this zone)
    park_ids: set[int] = field(default_factory=set)
    # The zone's today (the caller passes timezone.localdate(); the rules read no settings).
    today: dt.date = field(default_factory=dt.date.today)


def cell_text(value: Any) -> str:
    """A cell or field value as stripped text (Excel hands whole numbers over as floats)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel hands whole numbers over as floats
    return str(value).strip()


def _blank(value: Any) -> bool:
    # A cell holding only spaces is as empty as one holding nothing.
    return cell_text(value) == ""


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    # A date pasted as text from elsewhere often keeps a midnight time after it.
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]0{1,2}:00(?::00)?)?", text) or re.fullmatch(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", text
    )
    if not m:
        raise ValueError(gettext("日期格式应为 YYYY-MM-DD"))
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(gettext("不是有效的日历日期")) from exc


def parse_int(value: Any, *, minimum: int = 0, maximum: int = 10_000_000) -> int:
    if isinstance(value, bool):
        raise ValueError(gettext("应为整数"))
    if isinstance(value, int):
        number = value
    else:
        text = cell_text(value).replace(",", "")
        if not re.fullmatch(r"-?\d+(\.0+)?", text):
            raise ValueError(gettext("应为整数"))
        number = int(Decimal(text))
    if number < minimum or number > maximum:
        raise ValueError(gettext("应在 %(min)s 到 %(max)s 之间") % {"min": minimum, "max": maximum})
    return number


def parse_amount(value: Any) -> Decimal:
    """An amount in 万元, two decimals; never through float arithmetic."""
    if isinstance(value, bool):
        raise ValueError(gettext("应为数字金额（单位：万元）"))
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = _float_amount(value)
    else:
        try:
            amount = Decimal(cell_text(value).replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(gettext("应为数字金额（单位：万元）")) from exc
    if not amount.is_finite():
        raise ValueError(gettext("应为数字金额（单位：万元）"))
    if amount < 0:
        raise ValueError(gettext("金额不能为负数"))
    if amount > MAX_AMOUNT:
        raise ValueError(gettext("金额超出范围"))
    if not _cents(amount):
        raise ValueError(gettext("金额最多保留两位小数（单位：万元）"))
    return amount.quantize(Decimal("0.01"))


def _float_amount(value: float) -> Decimal:
    """A spreadsheet number as the decimal a person typed or saw.

    Excel cells are binary doubles: 1234.56 arrives as the nearest double, whose shortest
    repr is '1234.56' again; a cell computed by =0.1+0.2 arrives as 0.30000000000000004.
    Excel itself shows and compares 15 significant digits, so when the shortest repr carries
    more than two decimals the 15-digit reading is taken if that has at most two (the binary
    noise is dropped, as Excel drops it); otherwise the value stays as it is and is refused.
    """
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(gettext("应为数字金额（单位：万元）"))
    exact = Decimal(repr(value))
    if abs(exact) > MAX_AMOUNT or _cents(exact):
        return exact  # out of range, or already two decimals: parse_amount decides
    shown = Decimal(format(value, ".15g"))
    return shown if _cents(shown) else exact


def _cents(amount: Decimal) -> bool:
    return amount == amount.quantize(Decimal("0.01"))


def industry_code_of(value: Any) -> str:
    """'C30', '30', '3041', '30 非金属矿物制品业' all mean division 30; a number cell 1 means
    '01' (Excel drops the leading zero of a code typed into a General cell)."""
    if (isinstance(value, (int, float)) and not isinstance(value, bool)
            and float(value).is_integer() and 0 < value < 10):
        return f"{int(value):02d}"
    text = cell_text(value).upper()
    m = re.match(r"^([A-T])?\s*(\d{2})(\d{0,2})\b", text)
    return m[2] if m else ""


def clean_enterprise(raw: Mapping[str, Any], lookups: Lookups, *,
                     partial: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
    """Cleaned values and errors (field -> message). ``partial`` checks only given keys."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def given(key: str) -> bool:
        return not partial or key in raw

    for key in REQUIRED:
        if given(key) and not cell_text(raw.get(key)):
            errors[key] = gettext("%(field)s必填") % {"field": label(key)}

    if given("credit_code") and "credit_code" not in errors:
        cell = raw.get("credit_code")
        code = creditcode.normalise(cell_text(cell))
        problem = creditcode.validate(code)
        if problem:
            errors["credit_code"] = problem.message
            if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                # An all-digit code typed into a General cell became a number, and a double
                # keeps only 15–17 digits of it.
                errors["credit_code"] = gettext(
                    "%(problem)s（该单元格是数字格式，Excel 会改写 15 位以后的数字，"
                    "请将该列设为文本后重新填写）"
                ) % {"problem": problem.message}
        else:
            out["credit_code"] = code
    for key, limit in (("name", 200), ("legal_representative", 50), ("address", 200),
                       ("credit_source", 100), ("contact_name", 50)):
        if given(key) and key not in errors:
            text = cell_text(raw.get(key))
            if len(text) > limit:
                errors[key] = gettext("%(field)s不能超过 %(n)s 个字符") % {"field": label(key), "n": limit}
            else:
                out[key] = text
    if given("industry_code") and "industry_code" not in errors:
        code = industry_code_of(raw.get("industry_code"))
        if code not in lookups.industries:
            errors["industry_code"] = gettext("行业代码应为 GB/T 4754-2017 的大类代码，如 C30 或 30")
        else:
            out["industry_id"] = lookups.industries[code]
    if given("park"):
        park = raw.get("park")
        if _blank(park):
            out["park_id"] = None
        elif isinstance(park, int) and not isinstance(park, bool):
            if park in lookups.park_ids:
                out["park_id"] = park
            else:
                errors["park"] = gettext("所在产业园不属于本园区")
        elif cell_text(park) in lookups.parks:
            out["park_id"] = lookups.parks[cell_text(park)]
        else:
            errors["park"] = gettext("本园区没有名为“%(n)s”的产业园") % {"n": cell_text(park)}
    for key in ("registered_on", "credit_valid_until"):
        if given(key):
            value = raw.get(key)
            if _blank(value):
                out[key] = None
            else:
                try:
                    out[key] = parse_date(value)
                except ValueError as exc:
                    errors[key] = gettext("%(field)s%(problem)s") % {"field": label(key), "problem": exc}
    if out.get("registered_on") and out["registered_on"] > lookups.today:
        errors["registered_on"] = gettext("成立日期不能晚于今天")
        del out["registered_on"]
    if given("staff_size"):
        value = raw.get("staff_size")
        if _blank(value):
            out["staff_size"] = None
        else:
            try:
                out["staff_size"] = parse_int(value)
            except ValueError as exc:
                errors["staff_size"] = gettext("%(field)s%(problem)s") % {
                    "field": label("staff_size"), "problem": exc}
    if given("credit_grade"):
        grade = cell_text(raw.get("credit_grade")).upper()
        if grade and grade not in CreditGrade.values:
            errors["credit_grade"] = gettext("信用等级应为 AAA、AA、A、B、C、D 之一或留空")
        else:
            out["credit_grade"] = grade
    if out.get("credit_grade") and not partial and not out.get("credit_source"):
        errors["credit_source"] = gettext("填写信用等级时须注明来源（如 纳税信用评价、公共信用综合评价）")
        out.pop("credit_source", None)
    # growth_tier is not taken from input: the cultivation ladder computes it (one source of
    # truth, synced and audited by cultivation.services.tier_recompute); an exported sheet's
    # 成长层级 column is read back and ignored.
    if given("contact_phone"):
        phone = cell_text(raw.get("contact_phone"))
        if phone and not PHONE.match(phone):
            errors["contact_phone"] = gettext("联系电话只能包含数字、空格、+、-、括号")
        else:
            out["contact_phone"] = phone
    return out, errors


def clean_figures(raw: Mapping[str, Any], *, this_year: int) -> tuple[dict[str, Any], dict[str, str]]:
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if _blank(raw.get("year")):
        errors["year"] = gettext("%(field)s必填") % {"field": figure_label("year")}
    else:
        try:
            out["year"] = parse_int(raw.get("year"), minimum=1980, maximum=this_year)
        except ValueError as exc:
            errors["year"] = gettext("%(field)s%(problem)s") % {"field": figure_label("year"), "problem": exc}
    for key in AMOUNT_FIELDS:
        value = raw.get(key)
        if _blank(value):
            out[key] = None
            continue
        try:
            out[key] = parse_amount(value)
        except ValueError as exc:
            errors[key] = gettext("%(field)s%(problem)s") % {"field": figure_label(key), "problem": exc}
    for key in ("staff", "tech_staff"):
        value = raw.get(key)
        if _blank(value):
            out[key] = None
            continue
        try:
            out[key] = parse_int(value)
        except ValueError as exc:
            errors[key] = gettext("%(field)s%(problem)s") % {"field": figure_label(key), "problem": exc}
    if (out.get("staff") is not None and out.get("tech_staff") is not None
            and out["tech_staff"] > out["staff"]):
        errors["tech_staff"] = gettext("科技人员数不能多于从业人数")
    return out, errors
