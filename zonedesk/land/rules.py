"""Standard land (标准地) rules over plain data: areas, boundaries, commitments and the
达产复核 (production review). No ORM, no settings: everything here is tested without a
database.

Units: areas in 亩 and ㎡ (1 亩 = 10000/15 ㎡ exactly), money in 万元, energy in 吨标煤.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext, gettext_noop, pgettext

M2_PER_MU = Decimal(10000) / Decimal(15)  # 666.666…, kept as the exact fraction below
MU_PLACES = Decimal("0.0001")
M2_PLACES = Decimal("0.01")
RATIO_PLACES = Decimal("0.01")

# The status track of a parcel (储备 → 出让公告 → 已出让 → 已供地/开工 → 达产 → 已复核).
RESERVE, ANNOUNCED, SOLD, SUPPLIED, PRODUCING, REVIEWED = (
    "reserve",
    "announced",
    "sold",
    "supplied",
    "producing",
    "reviewed",
)
STATUSES = (RESERVE, ANNOUNCED, SOLD, SUPPLIED, PRODUCING, REVIEWED)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    RESERVE: (ANNOUNCED,),
    ANNOUNCED: (RESERVE,),  # an offer can be withdrawn; 已出让 only through a recorded sale
    SOLD: (SUPPLIED,),
    SUPPLIED: (PRODUCING,),
    PRODUCING: (),  # 已复核 only through a decided review
    REVIEWED: (),
}

# China's extent in CGCS2000 lon/lat (a generous box around the mainland and islands).
LON_RANGE = (Decimal("73"), Decimal("136"))
LAT_RANGE = (Decimal("3"), Decimal("54"))


def q(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def mu_to_m2(mu: Decimal) -> Decimal:
    """亩 → ㎡: × 10000 / 15, to the square centimetre's hundredth (0.01 ㎡)."""
    return q(mu * 10000 / 15, M2_PLACES)


def m2_to_mu(m2: Decimal) -> Decimal:
    """㎡ → 亩: × 15 / 10000, to 0.0001 亩."""
    return q(m2 * 15 / 10000, MU_PLACES)


def areas(mu: Decimal | None, m2: Decimal | None) -> tuple[Decimal | None, Decimal | None, dict[str, str]]:
    """Both areas from whichever was given; (mu, m2, errors). When both are given they must
    agree (to the rounding of the other unit)."""
    errors: dict[str, str] = {}
    if mu is None and m2 is None:
        return None, None, {"area_mu": gettext("请填写面积（亩或平方米）")}
    if mu is not None and mu <= 0:
        errors["area_mu"] = gettext("面积（亩）须大于 0")
    if m2 is not None and m2 <= 0:
        errors["area_m2"] = gettext("面积（平方米）须大于 0")
    if errors:
        return None, None, errors
    if mu is not None and m2 is not None:
        if abs(mu_to_m2(mu) - m2) > Decimal("0.07"):  # 0.0001 亩 ≈ 0.067 ㎡
            return (
                None,
                None,
                {
                    "area_m2": gettext("面积不一致：%(mu)s 亩 = %(m2)s 平方米（1 亩 = 10000/15 平方米）")
                    % {"mu": mu, "m2": mu_to_m2(mu)}
                },
            )
        return q(mu, MU_PLACES), q(m2, M2_PLACES), {}
    if mu is not None:
        return q(mu, MU_PLACES), mu_to_m2(mu), {}
    return m2_to_mu(m2), q(m2, M2_PLACES), {}


# ---------------------------------------------------------------------------------------------
# Boundaries (GeoJSON Polygon / MultiPolygon in lon/lat)


def boundary_problem(geo: Any) -> str | None:
    """Why a boundary is not a closed polygon inside China, or None. Accepts a geometry, a
    Feature or a FeatureCollection of one feature."""
    if not isinstance(geo, Mapping):
        return gettext("边界应为 GeoJSON 对象")
    if geo.get("type") == "FeatureCollection":
        feats = geo.get("features") or []
        if len(feats) != 1:
            return gettext("边界应为一个面（FeatureCollection 只能含一个要素）")
        geo = feats[0]
    if isinstance(geo, Mapping) and geo.get("type") == "Feature":
        geo = geo.get("geometry")
    if not isinstance(geo, Mapping):
        return gettext("边界应为 GeoJSON 对象")
    kind = geo.get("type")
    coords = geo.get("coordinates")
    if kind == "Polygon":
        polygons = [coords]
    elif kind == "MultiPolygon":
        polygons = coords if isinstance(coords, list) else None
    else:
        if not kind:
            return gettext("边界应为面（Polygon 或 MultiPolygon），收到的对象没有类型")
        return gettext("边界应为面（Polygon 或 MultiPolygon），收到的是 %(kind)s") % {"kind": kind}
    if not polygons or not isinstance(polygons, list):
        return gettext("边界缺少坐标")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return gettext("边界缺少坐标")
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return gettext("每个环至少需要 4 个坐标点（首尾相同）")
            for point in ring:
                if (
                    not isinstance(point, list | tuple)
                    or len(point) < 2
                    or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in point[:2])
                ):
                    return gettext("坐标应为 [经度, 纬度] 数值")
                lon, lat = Decimal(str(point[0])), Decimal(str(point[1]))
                if not (LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
                    return gettext(
                        "坐标 [%(lon)s, %(lat)s] 不在中国境内（CGCS2000 经度 73–136，纬度 3–54）"
                    ) % {
                        "lon": point[0],
                        "lat": point[1],
                    }
            if list(ring[0][:2]) != list(ring[-1][:2]):
                return gettext("面的环未闭合（首尾坐标应相同）")
    return None


def geometry_of(geo: Mapping) -> dict:
    """The bare geometry of a checked boundary (a Feature's geometry, or itself)."""
    if geo.get("type") == "FeatureCollection":
        geo = geo["features"][0]
    if geo.get("type") == "Feature":
        geo = geo["geometry"]
    return {"type": geo["type"], "coordinates": geo["coordinates"]}


# ---------------------------------------------------------------------------------------------
# Control indicators and commitments


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    direction: str  # "min": the actual must reach it; "max": the actual must stay under it


# Labels and formulas are msgids (gettext_noop): a review stores them in Chinese as its record,
# and pages translate them when shown (land/views.py).
INDICATORS: tuple[Indicator, ...] = (
    Indicator("investment_intensity", gettext_noop("固定资产投资强度"), "万元/亩", "min"),
    Indicator("far_min", gettext_noop("容积率下限"), "", "min"),
    Indicator("far_max", gettext_noop("容积率上限"), "", "max"),
    Indicator("tax_per_mu", gettext_noop("亩均税收"), "万元/亩/年", "min"),
    Indicator("energy_per_output", gettext_noop("单位能耗"), "吨标煤/万元", "max"),
)
# The figures behind each computed line, one template each: the stored text is built from them
# and a page re-renders it in the reader's language by matching it against them (figures_parse,
# land/views.py).
MONEY_PER_MU = gettext_noop("%(amount)s 万元 ÷ %(mu)s 亩")
FLOOR_PER_AREA = gettext_noop("%(floor)s ㎡ ÷ %(area)s ㎡")
ENERGY_PER_OUTPUT = gettext_noop("%(energy)s 吨标煤 ÷ %(output)s 万元")
FIGURE_TEMPLATES = (MONEY_PER_MU, FLOOR_PER_AREA, ENERGY_PER_OUTPUT)
BY_KEY = {i.key: i for i in INDICATORS}


def indicator_problems(values: Mapping[str, Decimal | None]) -> dict[str, str]:
    errors = {}
    for ind in INDICATORS:
        v = values.get(ind.key)
        if v is None:
            errors[ind.key] = gettext("请填写%(indicator)s") % {"indicator": gettext(ind.label)}
        elif v < 0 or (v == 0 and ind.key != "energy_per_output"):
            errors[ind.key] = gettext("%(indicator)s须大于 0") % {"indicator": gettext(ind.label)}
    lo, hi = values.get("far_min"), values.get("far_max")
    if lo is not None and hi is not None and lo > hi and "far_max" not in errors:
        errors["far_max"] = gettext("容积率上限不能小于下限")
    return errors


def extra_problems(extras: Any) -> dict[str, str]:
    """Optional indicators the zone adds: [{key, label, unit, direction, value}]."""
    if not isinstance(extras, list):
        return {"extras": gettext("附加指标应为列表")}
    seen = set()
    for n, e in enumerate(extras, 1):
        if not isinstance(e, Mapping):
            return {"extras": gettext("第 %(n)s 项附加指标格式不正确") % {"n": n}}
        key, label = str(e.get("key") or ""), str(e.get("label") or "")
        if not key or not label or key in BY_KEY or key in seen:
            return {"extras": gettext("第 %(n)s 项附加指标须有唯一的 key 和名称") % {"n": n}}
        seen.add(key)
        if e.get("direction") not in ("min", "max"):
            return {
                "extras": gettext("第 %(n)s 项附加指标的方向应为 min（不低于）或 max（不高于）") % {"n": n}
            }
        try:
            if Decimal(str(e.get("value"))) < 0:
                raise ValueError
        except (ArithmeticError, ValueError):
            return {
                "extras": gettext("第 %(n)s 项附加指标（%(label)s）的数值应为非负数")
                % {"n": n, "label": label}
            }
    return {}


def _figures(ind: Indicator, have: Any, need: Any) -> dict[str, str]:
    unit = pgettext("unit", ind.unit) if ind.unit else ""
    return {
        "indicator": gettext(ind.label),
        "have": f"{have} {unit}".strip(),
        "need": f"{need} {unit}".strip(),
    }


def stricter_problems(indicator: Mapping[str, Any], committed: Mapping[str, Any]) -> dict[str, str]:
    """A commitment may be stricter than the parcel's indicator, never looser: at least the
    minimums, at most the maximums (the 容积率 range inside the indicator's)."""
    errors = {}
    for ind in INDICATORS:
        have, need = committed.get(ind.key), indicator.get(ind.key)
        if have is None or need is None:
            if need is not None:
                errors[ind.key] = gettext("请填写承诺的%(indicator)s") % {"indicator": gettext(ind.label)}
            continue
        if ind.direction == "min" and have < need:
            errors[ind.key] = gettext("承诺的%(indicator)s（%(have)s）不能低于控制指标 %(need)s") % _figures(
                ind, have, need
            )
        if ind.direction == "max" and have > need:
            errors[ind.key] = gettext("承诺的%(indicator)s（%(have)s）不能高于控制指标 %(need)s") % _figures(
                ind, have, need
            )
    return errors


def deviation_problem(
    defaults: Mapping[str, Any] | None, values: Mapping[str, Any], reason: str
) -> str | None:
    """A parcel may deviate from its industry's default indicators only with a reason."""
    if not defaults:
        return None
    differs = [
        gettext(BY_KEY[k].label)
        for k in BY_KEY
        if defaults.get(k) is not None and values.get(k) != defaults.get(k)
    ]
    if differs and not reason.strip():
        return gettext("与行业默认指标不同（%(indicators)s），请填写调整理由") % {
            "indicators": pgettext("list separator", "、").join(differs)
        }
    return None


# ---------------------------------------------------------------------------------------------
# 达产复核


@dataclass(frozen=True)
class Clauses:
    """The agreement's consequences of a failed review (configurable per sale)."""

    rectify_months: int = 12  # 整改期限
    penalty_rate: Decimal = Decimal("1")  # 违约金 = 税收差额 × 面积 × 比例
    reclaim_below: Decimal = Decimal("0.5")  # 投资强度未达承诺的该比例：收回土地


@dataclass(frozen=True)
class ReviewInput:
    area_mu: Decimal
    area_m2: Decimal
    committed: Mapping[str, Decimal | None]
    investment_wan: Decimal | None  # 固定资产投资（万元）
    tax_wan: Decimal | None  # 年度税收（万元）
    energy_tce: Decimal | None = None  # 年综合能耗（吨标煤）
    output_wan: Decimal | None = None  # 年产值（万元）
    floor_area_m2: Decimal | None = None  # 总建筑面积（㎡）
    extras_committed: tuple[tuple[str, str, str, str, Decimal], ...] = ()  # key, label, unit, dir, value
    extras_actual: Mapping[str, Decimal] = field(default_factory=dict)
    clauses: Clauses = Clauses()
    decided_on: dt.date | None = None


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    unit: str
    committed: Decimal | None
    actual: Decimal | None
    formula: str
    figures: str
    passed: bool | None  # None: no data, not judged

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "committed": None if self.committed is None else str(self.committed),
            "actual": None if self.actual is None else str(self.actual),
            "formula": self.formula,
            "figures": self.figures,
            "passed": self.passed,
        }


@dataclass(frozen=True)
class ReviewResult:
    lines: tuple[Line, ...]
    passed: bool
    consequence: str  # none / rectify / rectify_penalty / reclaim
    rectify_until: dt.date | None
    penalty_wan: Decimal
    missing: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "lines": [line.as_dict() for line in self.lines],
            "passed": self.passed,
            "consequence": self.consequence,
            "rectify_until": self.rectify_until.isoformat() if self.rectify_until else None,
            "penalty_wan": str(self.penalty_wan),
            "missing": list(self.missing),
        }


def _judge(direction: str, committed: Decimal | None, actual: Decimal | None) -> bool | None:
    if committed is None or actual is None:
        return None
    return actual >= committed if direction == "min" else actual <= committed


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def review(data: ReviewInput) -> ReviewResult:
    """Committed vs actual per indicator, with the formula and the figures used, pass/fail,
    and the consequence the agreement's clauses give for a failure."""
    c = data.committed
    mu = data.area_mu
    lines: list[Line] = []
    missing: list[str] = []

    def ratio(num: Decimal | None, den: Decimal | None) -> Decimal | None:
        if num is None or den is None or den == 0:
            return None
        return q(num / den, RATIO_PLACES)

    inv = ratio(data.investment_wan, mu)
    lines.append(
        Line(
            "investment_intensity",
            gettext_noop("固定资产投资强度"),
            "万元/亩",
            c.get("investment_intensity"),
            inv,
            gettext_noop("固定资产投资 ÷ 用地面积"),
            MONEY_PER_MU % {"amount": data.investment_wan, "mu": mu} if inv is not None else "",
            _judge("min", c.get("investment_intensity"), inv),
        )
    )
    tax = ratio(data.tax_wan, mu)
    lines.append(
        Line(
            "tax_per_mu",
            gettext_noop("亩均税收"),
            "万元/亩/年",
            c.get("tax_per_mu"),
            tax,
            gettext_noop("年度税收 ÷ 用地面积"),
            MONEY_PER_MU % {"amount": data.tax_wan, "mu": mu} if tax is not None else "",
            _judge("min", c.get("tax_per_mu"), tax),
        )
    )
    far = ratio(data.floor_area_m2, data.area_m2)
    far_ok = None
    if far is not None and c.get("far_min") is not None and c.get("far_max") is not None:
        far_ok = c["far_min"] <= far <= c["far_max"]
    far_committed = c.get("far_min")
    lines.append(
        Line(
            "far",
            gettext_noop("容积率"),
            f"（{c.get('far_min')}–{c.get('far_max')}）",
            far_committed,
            far,
            gettext_noop("总建筑面积 ÷ 用地面积"),
            FLOOR_PER_AREA % {"floor": data.floor_area_m2, "area": data.area_m2} if far is not None else "",
            far_ok,
        )
    )
    energy = None
    if data.energy_tce is not None and data.output_wan:
        energy = data.energy_tce / data.output_wan
        energy = energy.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    lines.append(
        Line(
            "energy_per_output",
            gettext_noop("单位能耗"),
            "吨标煤/万元",
            c.get("energy_per_output"),
            energy,
            gettext_noop("年综合能耗 ÷ 年产值"),
            ENERGY_PER_OUTPUT % {"energy": data.energy_tce, "output": data.output_wan}
            if energy is not None
            else "",
            _judge("max", c.get("energy_per_output"), energy),
        )
    )
    for key, label, unit, direction, value in data.extras_committed:
        actual = data.extras_actual.get(key)
        lines.append(
            Line(
                key,
                label,
                unit,
                value,
                actual,
                gettext_noop("复核人员录入（附证明材料）"),
                "" if actual is None else f"{actual}{unit}",
                _judge(direction, value, actual),
            )
        )
    for line in lines:
        if line.committed is not None and line.actual is None:
            missing.append(line.label)
    judged = [line for line in lines if line.passed is not None]
    # The two headline indicators must be judged: a review without them is not a pass.
    core_missing = inv is None or tax is None
    passed = bool(judged) and all(line.passed for line in judged) and not core_missing

    penalty = Decimal("0.00")
    consequence = "none"
    rectify_until = None
    if not passed:
        consequence = "rectify"
        committed_tax = c.get("tax_per_mu")
        if tax is not None and committed_tax is not None and tax < committed_tax:
            penalty = q((committed_tax - tax) * mu * data.clauses.penalty_rate, RATIO_PLACES)
            if penalty > 0:
                consequence = "rectify_penalty"
        committed_inv = c.get("investment_intensity")
        if inv is not None and committed_inv is not None and inv < committed_inv * data.clauses.reclaim_below:
            consequence = "reclaim"
        if data.decided_on and consequence != "reclaim":
            rectify_until = add_months(data.decided_on, data.clauses.rectify_months)
    return ReviewResult(tuple(lines), passed, consequence, rectify_until, penalty, tuple(missing))


def review_due_on(production_due_on: dt.date, after_months: int) -> dt.date:
    """The review falls due a configurable number of months after the agreement's 达产 date."""
    return add_months(production_due_on, after_months)


def parcel_codes(value: Any) -> list[str]:
    """The parcel codes of a list or of text separated by commas or 、 (in order, no blanks)."""
    items = (
        value
        if isinstance(value, list)
        else str(value or "").replace("，", ",").replace("、", ",").split(",")
    )
    out: list[str] = []
    for item in items:
        code = str(item).strip()
        if code and code not in out:
            out.append(code)
    return out


def figures_parse(stored: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """A line's stored figures (built from FIGURE_TEMPLATES in Chinese: the record) taken apart
    into its two figures with their units, for a page to write in the reader's language; None
    for text no template matches (a zone's own indicator)."""
    for template, units in _FIGURE_UNITS.items():
        names = re.findall(r"%\((\w+)\)s", template)
        pattern = re.escape(template)
        for name in names:
            pattern = pattern.replace(re.escape(f"%({name})s"), rf"(?P<{name}>\S+)")
        match = re.fullmatch(pattern, stored)
        if match:
            first, second = (match.group(name) for name in names)
            return (first, units[0]), (second, units[1])
    return None


# The units of the two figures of each template, in the order they appear.
_FIGURE_UNITS = {MONEY_PER_MU: ("万元", "亩"), FLOOR_PER_AREA: ("平方米", "平方米"),
                 ENERGY_PER_OUTPUT: ("吨标煤", "万元")}
