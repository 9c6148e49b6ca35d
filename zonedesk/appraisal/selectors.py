"""Reads of the appraisal, always through visible_to (a denied object is a 404)."""

from __future__ import annotations

from django.http import Http404

from zonedesk.appraisal import derived
from zonedesk.appraisal.models import (
    AppraisalPeriod,
    AppraisalSheet,
    EmploymentDecision,
    KpiTemplate,
    Objection,
    Score,
)


def periods_visible(user):
    return AppraisalPeriod.objects.visible_to(user)


def sheets_visible(user):
    return AppraisalSheet.objects.visible_to(user)


def template_list_for(*, user):
    return KpiTemplate.objects.visible_to(user).order_by("name", "-number")


def get_template_for(user, pk: int) -> KpiTemplate:
    t = KpiTemplate.objects.visible_to(user).filter(pk=pk).first()
    if t is None:
        raise Http404
    return t


def period_list_for(*, user):
    return periods_visible(user).select_related("template", "zone").order_by("-start", "-id")


def get_period_for(user, pk: int) -> AppraisalPeriod:
    p = periods_visible(user).select_related("template").filter(pk=pk).first()
    if p is None:
        raise Http404
    return p


def sheet_list_for(*, user, period: AppraisalPeriod):
    """The sheets of a period the user may see, in ranking order (a person sees only their own)."""
    ids = sheets_visible(user).filter(period=period).values("pk")
    return (
        AppraisalSheet.objects.filter(pk__in=ids)
        .select_related("person", "department", "assessor", "reviewer")
        .order_by("rank_group", "place", "-total", "id")
    )


def get_sheet_for(user, pk: int) -> AppraisalSheet:
    s = sheets_visible(user).filter(pk=pk).first()
    if s is None:
        raise Http404
    return AppraisalSheet.objects.select_related(
        "period__template", "person", "department", "assessor", "reviewer"
    ).get(pk=s.pk)


def scores_of(sheet: AppraisalSheet) -> list[Score]:
    return list(
        sheet.scores.select_related("indicator", "entered_by").order_by("indicator__sort", "indicator_id")
    )


def objections_of(sheet: AppraisalSheet) -> list[Objection]:
    return list(sheet.objections.select_related("reviewer"))


def objections_to_review(user):
    return Objection.objects.filter(reviewer_id=user.pk, status="open").select_related(
        "sheet__person", "sheet__period"
    )


def decision_list_for(*, user):
    ids = sheets_visible(user).values("pk")
    return (
        EmploymentDecision.objects.filter(sheet_id__in=ids)
        .select_related("sheet__person", "sheet__period", "decided_by")
        .order_by("-effective_on", "-id")
    )


def basis_rows(sheet: AppraisalSheet, score: Score):
    """The rows behind a derived value (same filter as the aggregate)."""
    p = sheet.period
    person = derived.Person(sheet.person_id, sheet.person.display_name)
    return derived.rows_for(score.indicator.source, p.zone_id, p.start, p.end, person)
