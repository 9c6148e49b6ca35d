"""Rules of the investment pipeline over plain data (no ORM, no settings).

- the lifecycle as data: stages, the allowed moves and the gate of each move (the fields and
  documents it needs, named when missing);
- the 投资项目代码 format (GB/T 40058-2021), checked rule by rule;
- the reporting-year view: 新建 / 续建 / 签约 are read from the dates of the moves, not stages;
- amounts: stored in 万元, shown in 亿元 from 1亿 up;
- days-in-stage aging against per-stage thresholds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext, gettext_noop, pgettext

from zonedesk.core import projectcode

# ---------------------------------------------------------------------------------------------
# Lifecycle

RESERVE, NEGOTIATING, SIGNED, BUILDING, PRODUCTION = (
    "reserve",
    "negotiating",
    "signed",
    "building",
    "production",
)
STAGES: tuple[str, ...] = (RESERVE, NEGOTIATING, SIGNED, BUILDING, PRODUCTION)
# Labels are msgids (gettext_noop): callers translate them where they are shown or raised;
# the Excel import matches the Chinese stage names as they are.
STAGE_LABELS: dict[str, str] = {
    RESERVE: gettext_noop("储备"),
    NEGOTIATING: gettext_noop("在谈"),
    SIGNED: gettext_noop("签约"),
    BUILDING: gettext_noop("开工建设"),
    PRODUCTION: gettext_noop("投产"),
}
# The date field that records when a project entered each stage.
STAGE_DATE: dict[str, str] = {
    RESERVE: "entered_on",
    NEGOTIATING: "negotiating_on",
    SIGNED: "signed_on",
    BUILDING: "started_on",
    PRODUCTION: "production_on",
}
# Forward only: the stage dates are the history the reporting-year figures are read from, and
# moving back would rewrite it (a lead that falls through stays where it stopped, and ages).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RESERVE: (NEGOTIATING,),
    NEGOTIATING: (SIGNED,),
    SIGNED: (BUILDING,),
    BUILDING: (PRODUCTION,),
    PRODUCTION: (),
}

# Documents a gate may ask for.
DOC_AGREEMENT, DOC_PERMIT, DOC_PRODUCTION, DOC_OTHER = "agreement", "permit", "production", "other"
DOC_LABELS: dict[str, str] = {
    DOC_AGREEMENT: gettext_noop("投资协议（合同）"),
    DOC_PERMIT: gettext_noop("施工许可证或开工报告"),
    DOC_PRODUCTION: gettext_noop("竣工验收或投产报告"),
    DOC_OTHER: gettext_noop("其他材料"),
}

FIELD_LABELS: dict[str, str] = {
    "name": gettext_noop("项目名称"),
    "investor_name": gettext_noop("投资方"),
    "chain": gettext_noop("产业链"),
    "total_investment": gettext_noop("总投资"),
    "yearly_investment": gettext_noop("年度计划投资"),
    "lead_source": gettext_noop("招商渠道"),
    "site": gettext_noop("产业园或地块"),
    "enterprise": gettext_noop("项目单位（已登记企业）"),
    "project_code": gettext_noop("投资项目代码"),
    "project_steward": gettext_noop("项目管家"),
}


@dataclass(frozen=True)
class Gate:
    fields: tuple[str, ...]
    documents: tuple[str, ...] = ()


# The gate of a move is the gate of the stage it enters.
GATES: dict[str, Gate] = {
    NEGOTIATING: Gate(("investor_name", "chain", "total_investment", "lead_source")),
    SIGNED: Gate(("investor_name", "chain", "total_investment", "site"), (DOC_AGREEMENT,)),
    BUILDING: Gate(("enterprise", "project_code", "yearly_investment", "project_steward"), (DOC_PERMIT,)),
    PRODUCTION: Gate(("enterprise",), (DOC_PRODUCTION,)),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, ())


def missing_for(target: str, present: Collection[str], documents: Collection[str]) -> list[str]:
    """What the project lacks to enter ``target``: field and document labels, in gate order."""
    gate = GATES.get(target)
    if gate is None:
        return []
    out = [FIELD_LABELS[f] for f in gate.fields if f not in present]
    out += [DOC_LABELS[d] for d in gate.documents if d not in documents]
    return out


def present_fields(values: Mapping[str, object]) -> set[str]:
    """The gate fields that hold a value (an amount of 0 counts as missing)."""
    out = set()
    for key, value in values.items():
        if value is None or value == "" or (isinstance(value, Decimal) and value <= 0):
            continue
        out.add(key)
    if values.get("park") or values.get("parcel"):
        out.add("site")
    if values.get("self_built"):
        out.add("enterprise")  # the zone's platform company is the project unit
    out.discard("self_built")
    return out


def move_problem(
    current: str, target: str, *, on: dt.date, previous: dt.date | None, today: dt.date
) -> str | None:
    """Why a move of the stage on ``on`` is refused (None when it is allowed)."""
    if target not in STAGES:
        return gettext("未知的阶段")
    if not can_move(current, target):
        names = [gettext(STAGE_LABELS[s]) for s in TRANSITIONS.get(current, ())]
        allowed = pgettext("list separator", "、").join(names) or gettext("无")
        return gettext("项目处于“%(current)s”阶段，不能转入“%(target)s”（可转入：%(allowed)s）") % {
            "current": gettext(STAGE_LABELS[current]),
            "target": gettext(STAGE_LABELS[target]),
            "allowed": allowed,
        }
    if on > today:
        return gettext("阶段变更日期不能晚于今天")
    if previous is not None and on < previous:
        return gettext("阶段变更日期不能早于进入“%(stage)s”阶段的日期 %(date)s") % {
            "stage": gettext(STAGE_LABELS[current]),
            "date": previous.isoformat(),
        }
    return None


def stage_on(dates: Mapping[str, dt.date | None], day: dt.date) -> str | None:
    """The stage a project was in on ``day`` from its stage dates (None: not yet in the pipeline)."""
    found = None
    for stage in STAGES:
        d = dates.get(STAGE_DATE[stage])
        if d is not None and d <= day:
            found = stage
    return found


# ---------------------------------------------------------------------------------------------
# 投资项目代码 (GB/T 40058-2021): one rule for the pipeline and the approvals, in
# `core/projectcode.py`; these names keep the pipeline's callers short.


def normalise_project_code(value: str) -> str:
    return projectcode.normalise(value)


def project_code_problem(value: str) -> str | None:
    """The first rule a 投资项目代码 breaks (untranslated msgid text), or None."""
    found = projectcode.problem(value)
    return found.message() if found else None


# ---------------------------------------------------------------------------------------------
# Amounts (万元 stored; 亿元 shown from 1亿 up)

WAN_PER_YI = Decimal(10000)


def yi(wan: Decimal) -> Decimal:
    """万元 → 亿元, to two decimals (half up, as a report rounds)."""
    return (wan / WAN_PER_YI).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def yi_text(wan: Decimal) -> str:
    """111.49亿 stays 111.49; 96.10 reads 96.1 as the report writes it."""
    value = yi(wan).normalize()
    text = format(value, "f")
    return text


def amount_text(wan: Decimal | None) -> str:
    """An amount in 万元 as the reader writes it (core/units.py): 亿元 from 1亿 up in Chinese,
    yuan in English."""
    from zonedesk.core.units import amount_text as money

    return money(wan, "万元")


def parse_yi(text: str) -> Decimal:
    """'6.2' (亿元) → 62000.00 万元."""
    return (Decimal(text) * WAN_PER_YI).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------
# The reporting-year view


@dataclass(frozen=True)
class PipelineRow:
    total_wan: Decimal
    entered_on: dt.date | None = None
    negotiating_on: dt.date | None = None
    signed_on: dt.date | None = None
    started_on: dt.date | None = None
    production_on: dt.date | None = None
    is_key: bool = False


def is_new(p: PipelineRow, start: dt.date, end: dt.date) -> bool:
    """新建: construction started within the period (already in production counts too)."""
    return p.started_on is not None and start <= p.started_on <= end


def is_continuing(p: PipelineRow, start: dt.date, end: dt.date) -> bool:
    """续建: started before the period and still building at its start (so either building
    through it or reaching production within it)."""
    return (
        p.started_on is not None
        and p.started_on < start
        and (p.production_on is None or p.production_on >= start)
    )


def is_signed(p: PipelineRow, start: dt.date, end: dt.date) -> bool:
    """签约: the investment agreement was signed within the period, whatever happened after."""
    return p.signed_on is not None and start <= p.signed_on <= end


def in_stage_at(p: PipelineRow, stage: str, day: dt.date) -> bool:
    return stage_on({k: getattr(p, k) for k in STAGE_DATE.values()}, day) == stage


# ---------------------------------------------------------------------------------------------
# Aging

DEFAULT_THRESHOLDS: dict[str, tuple[int, int]] = {
    # working days in the stage before the yellow and the red warning (*configurable*)
    RESERVE: (250, 500),  # a lead untouched for a year, two years
    NEGOTIATING: (120, 250),  # talks of half a year, a year
    SIGNED: (90, 180),  # an agreement not started within 4–5 months, 9 months
    BUILDING: (500, 750),  # two and three years of construction
}


def aging_state(days: int, thresholds: tuple[int, int] | None) -> str:
    if thresholds is None:
        return "running"
    yellow, red = thresholds
    if days >= red:
        return "red"
    if days >= yellow:
        return "yellow"
    return "running"
