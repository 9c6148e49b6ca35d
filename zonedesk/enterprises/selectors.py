from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, EnterpriseYearFigure


@dataclass(frozen=True)
class EnterpriseFilter:
    q: str = ""
    industry: str = ""  # two-digit division code
    park: int | None = None
    credit_grade: str = ""
    growth_tier: str = ""
    flagged: bool | None = None  # on any active dishonesty list
    zone: int | None = None


def _active_flags(today: dt.date) -> Q:
    return Q(listed_on__lte=today) & (Q(removed_on__isnull=True) | Q(removed_on__gt=today))


def enterprise_list_for(*, user, filters: EnterpriseFilter = EnterpriseFilter()) -> QuerySet:
    """Scoped, filtered list; a page costs the same queries whatever its size (count, rows,
    active flags)."""
    today = timezone.localdate()
    qs = (
        Enterprise.objects.visible_to(user)
        .select_related("industry", "park", "zone")
        .prefetch_related(
            Prefetch("flags", queryset=EnterpriseFlag.objects.filter(_active_flags(today)),
                     to_attr="active_flags")
        )
    )
    f = filters
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(credit_code__icontains=f.q.upper())
                       | Q(legal_representative__icontains=f.q))
    if f.industry:
        qs = qs.filter(industry__code=f.industry)
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.credit_grade:
        qs = qs.filter(credit_grade=f.credit_grade)
    if f.growth_tier:
        qs = qs.filter(growth_tier=f.growth_tier)
    if f.zone:
        qs = qs.filter(zone_id=f.zone)
    if f.flagged is not None:
        flagged_ids = EnterpriseFlag.objects.filter(_active_flags(today)).values("enterprise_id")
        qs = qs.filter(pk__in=flagged_ids) if f.flagged else qs.exclude(pk__in=flagged_ids)
    return qs.order_by("name", "id")


def get_enterprise_for(user, pk: int) -> Enterprise:
    return get_object_or_404(
        Enterprise.objects.visible_to(user).select_related("industry", "park", "zone"), pk=pk
    )


def enterprise_figures_for(*, user, enterprise_ids) -> QuerySet:
    return (EnterpriseYearFigure.objects
            .filter(enterprise__in=Enterprise.objects.visible_to(user), enterprise_id__in=enterprise_ids)
            .select_related("enterprise").order_by("enterprise__name", "year"))


def dishonesty_status(enterprise: Enterprise, day: dt.date | None = None) -> list[EnterpriseFlag]:
    """Flags in force on ``day``; what the green channel and 容缺 check later."""
    day = day or timezone.localdate()
    return [f for f in enterprise.flags.all() if f.active_on(day)]
