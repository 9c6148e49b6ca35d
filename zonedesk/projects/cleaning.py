"""Checking project input: one set of rules for the form, the API and the Excel import.

``clean_project`` takes raw values (spreadsheet cells, form or JSON values) and returns the
cleaned values plus field -> message. Lookups are passed in, so an import of thousands of rows
runs a handful of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zonedesk.core import projectcode
from zonedesk.enterprises.rules import cell_text, parse_amount, parse_date, parse_int
from zonedesk.projects import rules

TEXT_LIMITS = {"name": 120, "investor_name": 120, "parcel": 120, "note": 300}
AMOUNTS = ("total_investment", "yearly_investment", "expected_output", "expected_tax")
DATES = ("expected_completion",)
STEWARD_FIELDS = ("project_steward", "env_steward", "safety_steward", "assistant")


@dataclass
class Lookups:
    chains: Mapping[str, int]  # name -> id
    parks: Mapping[str, int]  # name -> id
    enterprises: Mapping[str, int]  # name and credit code -> id
    stewards: Mapping[str, int]  # username and full name -> id (stewards of the zone)
    projects: Mapping[str, int] = field(default_factory=dict)  # name -> id (for 补链延链)
    lead_sources: Mapping[str, str] = field(default_factory=dict)  # label or value -> value
    today: dt.date = field(default_factory=dt.date.today)

    def ids(self, mapping: Mapping[str, int]) -> set[int]:
        return set(mapping.values())


def _ref(value: Any, mapping: Mapping[str, int], what: str) -> int:
    """A reference given as an id (form, API) or a name (spreadsheet)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value in set(mapping.values()):
            return value
        raise ValueError(_("%(what)s不存在或不属于本园区") % {"what": what})
    text = cell_text(value)
    if text.isdigit() and int(text) in set(mapping.values()):
        return int(text)
    if text in mapping:
        return mapping[text]
    raise ValueError(_("%(what)s“%(text)s”不存在或不属于本园区") % {"what": what, "text": text})


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    if text in ("", "0", "否", "N", "n", "no", "No", "false", "False"):
        return False
    if text in ("1", "是", "Y", "y", "yes", "Yes", "true", "True", "√"):
        return True
    raise ValueError(_("应填“是”或“否”"))


def clean_project(
    raw: Mapping[str, Any], lookups: Lookups, *, partial: bool = False
) -> tuple[dict[str, Any], dict[str, str]]:
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def given(key: str) -> bool:
        return key in raw and not (raw[key] is None or cell_text(raw[key]) == "")

    for key, limit in TEXT_LIMITS.items():
        if key in raw or not partial:
            text = cell_text(raw.get(key))
            if len(text) > limit:
                errors[key] = _("不能超过 %(n)s 个字") % {"n": limit}
            else:
                clean[key] = text
    if (not partial or "name" in raw) and not clean.get("name") and "name" not in errors:
        errors["name"] = _("请填写项目名称")
    for key in AMOUNTS:
        if given(key):
            try:
                clean[key] = parse_amount(raw[key])
            except ValueError as exc:
                errors[key] = str(exc)
        elif key in raw or not partial:
            clean[key] = None
    total_missing = clean.get("total_investment") is None and "total_investment" not in errors
    if (not partial or "total_investment" in raw) and total_missing:
        errors["total_investment"] = _("请填写总投资（万元）")
    total, yearly = clean.get("total_investment"), clean.get("yearly_investment")
    if total is not None and yearly is not None and yearly > total:
        errors["yearly_investment"] = _("年度计划投资不能大于总投资")
    if given("expected_jobs"):
        try:
            clean["expected_jobs"] = parse_int(raw["expected_jobs"], maximum=1_000_000)
        except ValueError as exc:
            errors["expected_jobs"] = str(exc)
    elif "expected_jobs" in raw or not partial:
        clean["expected_jobs"] = None
    for key in DATES:
        if given(key):
            try:
                clean[key] = parse_date(raw[key])
            except ValueError as exc:
                errors[key] = str(exc)
        elif key in raw or not partial:
            clean[key] = None
    refs = (
        ("chain", lookups.chains, _("产业链")),
        ("park", lookups.parks, _("产业园")),
        ("enterprise", lookups.enterprises, _("企业")),
        ("parent", lookups.projects, _("项目")),
    )
    for key, mapping, what in refs:
        if given(key):
            try:
                clean[f"{key}_id"] = _ref(raw[key], mapping, what)
            except ValueError as exc:
                errors[key] = str(exc)
        elif key in raw or not partial:
            clean[f"{key}_id"] = None
    if given("lead_source"):
        value = lookups.lead_sources.get(cell_text(raw["lead_source"]))
        if value is None:
            errors["lead_source"] = _("招商渠道应为：%(choices)s") % {
                "choices": pgettext("list separator", "、").join(
                    k for k, v in lookups.lead_sources.items() if k != v
                )
            }
        else:
            clean["lead_source"] = value
    elif "lead_source" in raw or not partial:
        clean["lead_source"] = ""
    if given("project_code"):
        code = rules.normalise_project_code(cell_text(raw["project_code"]))
        problem = projectcode.problem(code)
        if problem:
            errors["project_code"] = problem.message(_)
        else:
            clean["project_code"] = code
    elif "project_code" in raw or not partial:
        clean["project_code"] = ""
    for key in ("is_key", "self_built"):
        if key in raw or not partial:
            try:
                clean[key] = _bool(raw.get(key))
            except ValueError as exc:
                errors[key] = str(exc)
    return clean, errors


def clean_history(raw: Mapping[str, Any], lookups: Lookups) -> tuple[dict[str, Any], dict[str, str]]:
    """The stage, its dates and the stewards of an imported (existing) project.

    An import registers what already happened, so the dates are checked for order and the
    stage's own date is required; the documents of the gates are not asked for (they are
    kept on paper for history; moves made in the system ask for them).
    """
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    by_label = {v: k for k, v in rules.STAGE_LABELS.items()}
    stage_text = cell_text(raw.get("stage"))
    stage = by_label.get(stage_text) or (stage_text if stage_text in rules.STAGES else "")
    if stage_text and not stage:
        errors["stage"] = _("阶段应为：%(choices)s") % {
            "choices": pgettext("list separator", "、").join(str(v) for v in rules.STAGE_LABELS.values())
        }
    stage = stage or rules.RESERVE
    clean["stage"] = stage
    previous: dt.date | None = None
    reached = rules.STAGES[: rules.STAGES.index(stage) + 1]
    for s in rules.STAGES:
        key = rules.STAGE_DATE[s]
        value = raw.get(key)
        if value is None or cell_text(value) == "":
            clean[key] = None
            if s in reached and s != rules.RESERVE:
                errors[key] = _("阶段为“%(stage)s”时须填写%(s)s日期") % {
                    "stage": rules.STAGE_LABELS[stage],
                    "s": rules.STAGE_LABELS[s],
                }
            continue
        if s not in reached:
            errors[key] = _("项目尚未到“%(s)s”阶段，不应填写该日期") % {"s": rules.STAGE_LABELS[s]}
            continue
        try:
            d = parse_date(value)
        except ValueError as exc:
            errors[key] = str(exc)
            continue
        if d > lookups.today:
            errors[key] = _("日期不能晚于今天")
        elif previous is not None and d < previous:
            errors[key] = _("日期不能早于上一阶段的日期")
        clean[key] = d
        previous = d
    if clean.get("entered_on") is None:
        clean["entered_on"] = lookups.today if "entered_on" not in errors else None
    if raw.get("partial_use_on") not in (None, ""):
        try:
            d = parse_date(raw["partial_use_on"])
            if stage not in (rules.BUILDING, rules.PRODUCTION):
                errors["partial_use_on"] = _("开工建设后才能部分投用")
            clean["partial_use_on"] = d
            clean["partial_use"] = True
        except ValueError as exc:
            errors["partial_use_on"] = str(exc)
    for key in STEWARD_FIELDS:
        if raw.get(key) not in (None, ""):
            try:
                clean[f"{key}_id"] = _ref(raw[key], lookups.stewards, "管家")
            except ValueError as exc:
                errors[key] = str(exc)
    return clean, errors


def gate_values(project: Any) -> dict[str, Any]:
    """The values the gates look at, read from a project row."""
    return {
        "investor_name": project.investor_name,
        "chain": project.chain_id,
        "total_investment": project.total_investment,
        "yearly_investment": project.yearly_investment,
        "lead_source": project.lead_source,
        "park": project.park_id,
        "parcel": project.parcel,
        "enterprise": project.enterprise_id,
        "project_code": project.project_code,
        "project_steward": project.project_steward_id,
        "self_built": project.self_built,
    }


def as_decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))
