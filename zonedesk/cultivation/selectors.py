"""Reads of the cultivation register, and the batch loader of facts shared with policies.

``snapshots`` reads enterprises in keyset batches and, per batch, their figures, active
flags, entered facts, valid certificates and latest tier in a fixed number of queries (six),
whatever the batch size: never one query per enterprise.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from zonedesk.cultivation.ladder import LADDER
from zonedesk.cultivation.models import EnterpriseFact, TierAssessment, TierCertificate, TierRule
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, EnterpriseYearFigure, FlagKind
from zonedesk.rules_engine.derive import YEARLY_KEYS, Snapshot
from zonedesk.rules_engine.engine import CompiledRule, compile_rule

DISHONEST = (FlagKind.SERIOUS_DISHONESTY, FlagKind.JUDGMENT_DEFAULTER)
_COMPILED: dict[tuple[int, str, int], CompiledRule] = {}


def ladder_rules(zone_id: int) -> dict[str, tuple[int, CompiledRule]]:
    """Each tier's rule in force for the zone: its latest version, else the shipped one (0)."""
    latest = {}
    for r in TierRule.objects.filter(zone_id=zone_id).order_by("tier", "number"):
        latest[r.tier] = r
    out = {}
    for tier, shipped in LADDER.items():
        row = latest.get(tier)
        number, doc = (row.number, row.rule) if row else (0, shipped)
        key = (zone_id if row else 0, tier, number)
        if key not in _COMPILED:
            _COMPILED[key] = compile_rule(doc)
        out[tier] = (number, _COMPILED[key])
    return out


def snapshots(
    *,
    zone_ids,
    on: dt.date,
    enterprise_ids=None,
    batch: int = 2000,
    after: int = 0,
    upto: int | None = None,
) -> Iterator[list[tuple[dict, Snapshot]]]:
    """The enterprises' facts in keyset batches; ``after`` / ``upto`` bound the primary keys
    (a shard of a zone: pk in (after, upto])."""
    last = after
    while True:
        qs = Enterprise.objects.filter(zone_id__in=zone_ids, pk__gt=last)
        if upto is not None:
            qs = qs.filter(pk__lte=upto)
        if enterprise_ids is not None:
            qs = qs.filter(pk__in=enterprise_ids)
        rows = list(
            qs.order_by("pk").values(
                "pk",
                "zone_id",
                "name",
                "registered_on",
                "staff_size",
                "industry__code",
                "park__name",
                "credit_grade",
                "growth_tier",
            )[:batch]
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        ids = [r["pk"] for r in rows]
        figures: dict[int, dict[int, dict]] = defaultdict(dict)
        for f in EnterpriseYearFigure.objects.filter(enterprise_id__in=ids).values(
            "enterprise_id", "year", *YEARLY_KEYS
        ):
            figures[f["enterprise_id"]][f["year"]] = f
        flags: dict[int, set[str]] = defaultdict(set)
        for eid, kind in (
            EnterpriseFlag.objects.filter(enterprise_id__in=ids, listed_on__lte=on)
            .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on))
            .values_list("enterprise_id", "kind")
        ):
            flags[eid].add(kind)
        entered: dict[int, dict[str, dict[int, tuple]]] = defaultdict(lambda: defaultdict(dict))
        for eid, key, year, number, flag, source in EnterpriseFact.objects.filter(
            enterprise_id__in=ids
        ).values_list("enterprise_id", "key", "year", "number", "flag", "source"):
            value = flag if flag is not None else _tidy(number)
            entered[eid][key][year] = (value, source)
        certified: dict[int, set[str]] = defaultdict(set)
        certificates: dict[int, list] = defaultdict(list)
        for eid, tier, issued, until in TierCertificate.objects.filter(enterprise_id__in=ids).values_list(
            "enterprise_id", "tier", "issued_on", "valid_until"
        ):
            certificates[eid].append((tier, issued, until))
            if issued <= on <= until:
                certified[eid].add(tier)
        tiers = dict(
            TierAssessment.objects.filter(enterprise_id__in=ids)
            .order_by("enterprise_id", "year")
            .values_list("enterprise_id", "tier")
        )
        out = []
        for r in rows:
            eid = r["pk"]
            out.append(
                (
                    r,
                    Snapshot(
                        registered_on=r["registered_on"],
                        staff_size=r["staff_size"],
                        industry=r["industry__code"] or "",
                        park=r["park__name"] or "",
                        credit_grade=r["credit_grade"] or "",
                        dishonest=bool(flags[eid] & set(DISHONEST)),
                        abnormal=FlagKind.ABNORMAL_OPERATION in flags[eid],
                        figures=figures.get(eid, {}),
                        entered=dict(entered.get(eid, {})),
                        certified=frozenset(certified[eid]),
                        certificates=tuple(certificates[eid]),
                        tier=tiers.get(eid, ""),
                    ),
                )
            )
        yield out


def _tidy(number: Decimal | None):
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else number.normalize()


def snapshot_of(enterprise_id: int, zone_id: int, on: dt.date) -> Snapshot:
    for chunk in snapshots(zone_ids=[zone_id], on=on, enterprise_ids=[enterprise_id]):
        return chunk[0][1]
    raise LookupError(enterprise_id)


# -- reads for pages and API ------------------------------------------------------------------------


def assessment_list_for(*, user, year: int | None = None, tier: str | None = None) -> QuerySet:
    qs = TierAssessment.objects.visible_to(user).select_related("enterprise")
    if year:
        qs = qs.filter(year=year)
    if tier is not None:
        qs = qs.filter(tier=tier)
    return qs.order_by("-rank", "enterprise__name", "pk")


def latest_year(zone_ids) -> int | None:
    return TierAssessment.objects.filter(zone_id__in=zone_ids).aggregate(y=Max("year"))["y"]


def tier_counts(zone_ids) -> dict[int, dict[str, int]]:
    """{year: {tier: count}} in one aggregate query."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        TierAssessment.objects.filter(zone_id__in=zone_ids)
        .values("year", "tier")
        .annotate(n=Count("pk"))
        .order_by("year")
    ):
        out[row["year"]][row["tier"]] = row["n"]
    return dict(out)


def moves(zone_ids, year: int) -> QuerySet:
    """Assessments of ``year`` whose tier differs from the year before (annotated prev_rank)."""
    prev = TierAssessment.objects.filter(enterprise_id=OuterRef("enterprise_id"), year=year - 1)
    return (
        TierAssessment.objects.filter(zone_id__in=zone_ids, year=year)
        .annotate(prev_tier=Subquery(prev.values("tier")[:1]), prev_rank=Subquery(prev.values("rank")[:1]))
        .filter(prev_rank__isnull=False)
        .exclude(rank=F("prev_rank"))
        .select_related("enterprise")
        .order_by("-rank", "enterprise__name")
    )


def closest(zone_ids, year: int, limit: int = 20) -> QuerySet:
    return (
        TierAssessment.objects.filter(zone_id__in=zone_ids, year=year)
        .exclude(next_tier="")
        .filter(distance__gte=1, distance__lte=2)
        .select_related("enterprise")
        .order_by("distance", "-rank", "enterprise__name")[:limit]
    )


def get_assessment_for(user, enterprise_id: int, year: int | None = None) -> TierAssessment | None:
    qs = TierAssessment.objects.visible_to(user).filter(enterprise_id=enterprise_id)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year").first()


def get_enterprise_for(user, pk: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(user).select_related("industry", "park"), pk=pk)


def facts_for(enterprise_id: int) -> QuerySet:
    return EnterpriseFact.objects.filter(enterprise_id=enterprise_id).order_by("key", "-year")


def certificates_for(enterprise_id: int) -> QuerySet:
    return TierCertificate.objects.filter(enterprise_id=enterprise_id).order_by("-issued_on")
