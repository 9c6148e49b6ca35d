"""Reads of 一件事 cases, always through ``PackageCase.objects.visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zonedesk.approvals.models import ItemState
from zonedesk.approvals.package_models import CaseStatus, PackageCase, PackageCaseItem

STATUS_VIEWS = ("submitted", "in_review", "completed", "refused", "open", "overdue")


@dataclass(frozen=True)
class CaseFilter:
    status: str = ""  # a CaseStatus, or open / overdue
    package: str = ""  # package code
    visits: str = ""  # 0 / le1 / ge2
    done_from: dt.date | None = None
    done_to: dt.date | None = None
    q: str = ""


def case_list_for(*, user, filters: CaseFilter = CaseFilter()) -> QuerySet:
    qs = PackageCase.objects.visible_to(user).select_related("package", "enterprise", "zone")
    f = filters
    if f.status == "open":
        qs = qs.filter(status__in=[CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW])
    elif f.status == "overdue":
        qs = qs.filter(
            pk__in=PackageCaseItem.objects.filter(
                state=ItemState.IN_REVIEW, due_date__lt=timezone.localdate()
            ).values("case_id")
        )
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.package:
        qs = qs.filter(package__code=f.package)
    if f.visits == "0":
        qs = qs.filter(visit_count=0)
    elif f.visits == "le1":
        qs = qs.filter(visit_count__lte=1)
    elif f.visits == "ge2":
        qs = qs.filter(visit_count__gte=2)
    if f.done_from:
        qs = qs.filter(completed_at__date__gte=f.done_from)
    if f.done_to:
        qs = qs.filter(completed_at__date__lte=f.done_to)
    if f.done_from or f.done_to:
        qs = qs.filter(status=CaseStatus.COMPLETED)
    if f.q:
        qs = qs.filter(
            Q(number__icontains=f.q) | Q(enterprise__name__icontains=f.q) | Q(package__name__icontains=f.q)
        )
    return qs.order_by("-submitted_at", "-id")


def get_case_for(user, pk: int) -> PackageCase:
    return get_object_or_404(
        PackageCase.objects.visible_to(user).select_related(
            "package", "package__version", "enterprise", "zone"
        ),
        pk=pk,
    )
