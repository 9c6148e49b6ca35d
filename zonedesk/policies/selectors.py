"""Reads of policies: the register with per-clause counts, matches, awards and their totals."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from zonedesk.cultivation.selectors import snapshot_of
from zonedesk.policies.models import Award, AwardStatus, Clause, ClauseRule, Match, Policy
from zonedesk.policies.services import active_clauses, evaluate_enterprise


def policy_list_for(*, user) -> QuerySet:
    clauses = Clause.objects.annotate(
        n_passed=Count("matches", filter=Q(matches__outcome="passed")),
        n_unknown=Count("matches", filter=Q(matches__outcome="unknown")),
        n_near=Count("matches", filter=Q(matches__outcome="failed")),
    ).order_by("code")
    return (
        Policy.objects.visible_to(user)
        .prefetch_related(Prefetch("clauses", queryset=clauses))
        .order_by("-valid_from", "title")
    )


def get_clause_for(user, pk: int) -> Clause:
    return get_object_or_404(Clause.objects.visible_to(user).select_related("policy"), pk=pk)


def clause_rule(clause: Clause, number: int | None = None) -> ClauseRule:
    return ClauseRule.objects.get(clause=clause, number=number or clause.rule_version)


def matches_for_clause(*, user, clause: Clause, outcome: str) -> QuerySet:
    return (
        Match.objects.visible_to(user)
        .filter(clause=clause, outcome=outcome)
        .select_related("enterprise")
        .order_by("distance", "-benefit", "enterprise__name", "pk")
    )


def unawarded_passed(clause: Clause, period: int) -> QuerySet:
    taken = Award.objects.filter(clause=clause, period=period).exclude(status=AwardStatus.CANCELLED)
    return (
        Match.objects.filter(clause=clause, outcome="passed")
        .exclude(enterprise_id__in=taken.values("enterprise_id"))
        .select_related("enterprise")
        .order_by("enterprise__name")
    )


def enterprise_evaluations(enterprise, on: dt.date) -> list[dict]:
    """Every clause in force for one enterprise, evaluated now with traces; the stored
    result's computation time is attached where there is one."""
    clauses = active_clauses(enterprise.zone_id, on)
    results = evaluate_enterprise(snapshot_of(enterprise.pk, enterprise.zone_id, on), clauses, on)
    by_id = Clause.objects.select_related("policy").in_bulk([c.id for c in clauses])
    stored = dict(
        Match.objects.filter(enterprise=enterprise, clause_id__in=by_id).values_list(
            "clause_id", "computed_at"
        )
    )
    for r in results:
        r["clause"] = by_id[r["clause_id"]]
        r["computed_at"] = stored.get(r["clause_id"])
    order = {"passed": 0, "unknown": 1, "failed": 2}
    return sorted(results, key=lambda r: (order[r["outcome"]], r["distance"], r["clause"].policy.title))


def award_list_for(
    *, user, status: str = "", mode: str = "", period: int | None = None, clause: int | None = None
):
    qs = Award.objects.visible_to(user).select_related("clause__policy", "enterprise")
    if status:
        qs = qs.filter(status=status)
    if mode:
        qs = qs.filter(mode=mode)
    if period:
        qs = qs.filter(period=period)
    if clause:
        qs = qs.filter(clause_id=clause)
    return qs.order_by("-confirmed_at", "-pk")


def award_totals(qs: QuerySet) -> dict:
    """Totals by policy and year (two aggregate queries) and overall."""
    live = qs.exclude(status=AwardStatus.CANCELLED)
    paid = Q(status=AwardStatus.PAID)
    by_policy = list(
        live.values("clause__policy__title", "period")
        .annotate(n=Count("pk"), total=Sum("amount"), paid=Sum("amount", filter=paid))
        .order_by("clause__policy__title", "period")
    )
    overall = live.aggregate(n=Count("pk"), total=Sum("amount"), paid=Sum("amount", filter=paid))
    return {"by_policy": by_policy, "overall": overall}


def get_award_for(user, pk: int) -> Award:
    return get_object_or_404(
        Award.objects.visible_to(user).select_related(
            "clause__policy", "enterprise", "confirmed_by", "approved_by"
        ),
        pk=pk,
    )


def application_list_for(*, user, status: str = "") -> QuerySet:
    from zonedesk.policies.models import PolicyApplication

    qs = PolicyApplication.objects.visible_to(user).select_related("clause__policy", "enterprise")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("due_on", "pk")


def get_application_for(user, pk: int):
    from zonedesk.policies.models import PolicyApplication

    return get_object_or_404(
        PolicyApplication.objects.visible_to(user)
        .select_related("clause__policy", "enterprise", "award", "decided_by", "submitted_by")
        .prefetch_related("materials__material_type"),
        pk=pk,
    )
