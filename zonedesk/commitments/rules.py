"""Pure rules of commitments and arrears: no ORM, no settings.

Amounts are Decimal 元; 万元 is for showing. Ageing buckets are ranges of days overdue,
turned into ranges of due dates for the SQL aggregate (so the figure and the list agree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext, gettext_noop

OPEN, FULFILLED, CANCELLED = "open", "fulfilled", "cancelled"
# What may follow what (state machine as data).
TRANSITIONS: dict[str, frozenset[str]] = {
    OPEN: frozenset({FULFILLED, CANCELLED}),
    FULFILLED: frozenset(),
    CANCELLED: frozenset(),
}
KINDS = ("land", "infrastructure", "subsidy", "rent_free", "service", "other")
SOURCES = ("agreement", "policy", "minutes", "other")
ARREAR_KINDS = ("works", "goods", "subsidy", "deposit", "other")
MAX_YUAN = Decimal("99999999999999.99")
CENT = Decimal("0.01")
WAN = Decimal("10000")
DUE_SOON_DAYS = 10  # calendar days before the due date a commitment shows as yellow


def can_move(status: str, target: str) -> bool:
    return target in TRANSITIONS.get(status, frozenset())


def wan(yuan: Decimal | None) -> Decimal:
    """元 -> 万元, two places, half up."""
    return ((yuan or Decimal(0)) / WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def wan_text(yuan: Decimal | None) -> str:
    """An amount held in 元 as the reader writes it (core/units.py)."""
    from zonedesk.core.units import amount_text

    return amount_text(yuan, "元")


def parse_yuan(value: Any) -> tuple[Decimal | None, str]:
    """(amount, problem). Accepts Decimal, int or text; never a float (money is exact). The
    problem is in the active language: parse where it is shown or raised."""
    if value is None or value == "":
        return None, ""
    if isinstance(value, (float, bool)):
        return None, gettext("金额须以文本或十进制数给出，不接受浮点数")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None, gettext("金额不是数字")
    if not amount.is_finite():
        return None, gettext("金额不是数字")
    if amount != amount.quantize(CENT):
        return None, gettext("金额最多两位小数（到分）")
    if amount < 0:
        return None, gettext("金额不能为负数")
    if amount > MAX_YUAN:
        return None, gettext("金额过大")
    return amount, ""


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str
    min_days: int | None  # days overdue, inclusive; None: not yet due
    max_days: int | None  # inclusive; None: no upper end


# Labels are msgids (gettext_noop), translated where shown: this module stays free of a language.
BUCKETS: tuple[Bucket, ...] = (
    Bucket("not_due", gettext_noop("未到期"), None, None),
    Bucket("d90", gettext_noop("逾期 90 天以内"), 1, 90),
    Bucket("d180", gettext_noop("逾期 91–180 天"), 91, 180),
    Bucket("d365", gettext_noop("逾期 181 天至 1 年"), 181, 365),
    Bucket("over1y", gettext_noop("逾期 1 年以上"), 366, None),
)


def bucket_of(due_on: dt.date, today: dt.date) -> str:
    days = (today - due_on).days
    for b in BUCKETS:
        if b.min_days is None:
            if days <= 0:
                return b.key
        elif days >= b.min_days and (b.max_days is None or days <= b.max_days):
            return b.key
    raise AssertionError(days)  # the buckets cover every integer


def bucket_dates(key: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The due dates (inclusive bounds, None: open) whose rows fall in a bucket on ``today``."""
    b = next(b for b in BUCKETS if b.key == key)
    if b.min_days is None:
        return today, None
    latest = today - dt.timedelta(days=b.min_days)
    earliest = today - dt.timedelta(days=b.max_days) if b.max_days is not None else None
    return earliest, latest


def clean_commitment(
    data: Mapping[str, Any], *, today: dt.date, partial: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    """Shapes and rules of a commitment's own fields: (clean values, field -> problem)."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def text(key: str, max_len: int, required: str, too_long: str) -> None:
        if key not in data:
            if required and not partial:
                errors[key] = required
            return
        value = (data.get(key) or "").strip()
        if required and not value:
            errors[key] = required
        elif len(value) > max_len:
            errors[key] = too_long % {"n": max_len}
        else:
            out[key] = value

    text("title", 200, gettext("请填写承诺事项"), gettext("承诺事项不能超过 %(n)s 字"))
    text("beneficiary", 120, "", gettext("承诺对象不能超过 %(n)s 字"))
    text("source_title", 200, gettext("请填写依据文件名称"), gettext("依据文件名称不能超过 %(n)s 字"))
    text("detail", 4000, "", gettext("承诺内容不能超过 %(n)s 字"))
    text("promised_by", 60, "", gettext("承诺人不能超过 %(n)s 字"))
    if "kind" in data or not partial:
        if data.get("kind") not in KINDS:
            errors["kind"] = gettext("承诺类别应为土地交付、配套到地块、奖补资金、租金减免、审批服务或其他")
        else:
            out["kind"] = data["kind"]
    if "source_kind" in data or not partial:
        if data.get("source_kind") not in SOURCES:
            errors["source_kind"] = gettext("依据文件类别应为投资协议、政策文件/承诺函、会议纪要或其他")
        else:
            out["source_kind"] = data["source_kind"]
    for key, required in (
        ("promised_on", gettext("请填写承诺日期（日期）")),
        ("due_on", gettext("请填写兑现期限（日期）")),
    ):
        if key in data or not partial:
            value = data.get(key)
            if not isinstance(value, dt.date):
                errors[key] = required
            else:
                out[key] = value
    if isinstance(out.get("promised_on"), dt.date) and out["promised_on"] > today:
        errors["promised_on"] = gettext("承诺日期不能晚于今天")
    if "amount_yuan" in data:
        amount, problem = parse_yuan(data.get("amount_yuan"))
        if problem:
            errors["amount_yuan"] = problem
        else:
            out["amount_yuan"] = amount
    return out, errors


def due_problem(promised_on: dt.date | None, due_on: dt.date | None) -> str:
    if promised_on and due_on and due_on < promised_on:
        return gettext("兑现期限不能早于承诺日期")
    return ""


def clean_arrear(data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if data.get("kind") not in ARREAR_KINDS:
        errors["kind"] = gettext("账款类别应为工程款、货物和服务款、奖补资金、保证金或其他")
    else:
        out["kind"] = data["kind"]
    basis = (data.get("basis") or "").strip()
    if not basis:
        errors["basis"] = gettext("请填写形成依据（合同或文件名称）")
    elif len(basis) > 200:
        errors["basis"] = gettext("形成依据不能超过 %(n)s 字") % {"n": 200}
    else:
        out["basis"] = basis
    amount, problem = parse_yuan(data.get("amount_yuan"))
    if problem or amount is None or amount <= 0:
        errors["amount_yuan"] = problem or gettext("应付金额须大于 0")
    else:
        out["amount_yuan"] = amount
    if not isinstance(data.get("due_on"), dt.date):
        errors["due_on"] = gettext("请填写应付日期（日期）")
    else:
        out["due_on"] = data["due_on"]
    note = (data.get("note") or "").strip()
    if len(note) > 300:
        errors["note"] = gettext("说明不能超过 %(n)s 字") % {"n": 300}
    out["note"] = note
    return out, errors


def payment_problem(amount: Decimal | None, outstanding: Decimal) -> str:
    if amount is None or amount <= 0:
        return gettext("支付金额须大于 0")
    if amount > outstanding:
        return gettext("支付金额不能超过未清偿余额 %(amount)s 元") % {"amount": f"{outstanding:,.2f}"}
    return ""


def on_time(due_on: dt.date, fulfilled_on: dt.date | None) -> bool:
    return fulfilled_on is not None and fulfilled_on <= due_on
