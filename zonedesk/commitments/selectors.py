"""Reads of the commitment and arrears registers, always through ``visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zonedesk.commitments import rules
from zonedesk.commitments.models import Arrear, ArrearPayment, ArrearStatus, Commitment, CommitmentStatus

COMMITMENT_VIEWS = ("open", "overdue", "due_soon", "fulfilled", "kept", "late", "cancelled", "due")


@dataclass(frozen=True)
class CommitmentFilter:
    view: str = ""  # one of COMMITMENT_VIEWS
    kind: str = ""
    department: int | None = None
    enterprise: int | None = None
    project: int | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    q: str = ""
    zone: int | None = None


def commitment_view_q(view: str, today: dt.date) -> Q:
    """The rows behind each figure (the figure counts the same Q)."""
    if view == "open":
        return Q(status=CommitmentStatus.OPEN)
    if view == "overdue":
        return Q(status=CommitmentStatus.OPEN, due_on__lt=today)
    if view == "due_soon":
        return Q(
            status=CommitmentStatus.OPEN,
            due_on__gte=today,
            due_on__lte=today + dt.timedelta(days=rules.DUE_SOON_DAYS),
        )
    if view == "fulfilled":
        return Q(status=CommitmentStatus.FULFILLED)
    if view == "kept":
        return Q(status=CommitmentStatus.FULFILLED, fulfilled_on__lte=F("due_on"))
    if view == "late":
        return Q(status=CommitmentStatus.FULFILLED, fulfilled_on__gt=F("due_on"))
    if view == "cancelled":
        return Q(status=CommitmentStatus.CANCELLED)
    if view == "due":
        return ~Q(status=CommitmentStatus.CANCELLED)
    raise ValueError(view)


def commitment_list_for(
    *, user, filters: CommitmentFilter = CommitmentFilter(), today: dt.date | None = None
) -> QuerySet:
    today = today or timezone.localdate()
    qs = Commitment.objects.visible_to(user).select_related("zone", "enterprise", "department", "responsible")
    f = filters
    if f.view:
        qs = qs.filter(commitment_view_q(f.view, today))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.department:
        qs = qs.filter(department_id=f.department)
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    if f.project:
        qs = qs.filter(project_id=f.project)
    if f.due_from:
        qs = qs.filter(due_on__gte=f.due_from)
    if f.due_to:
        qs = qs.filter(due_on__lte=f.due_to)
    if f.zone:
        qs = qs.filter(zone_id=f.zone)
    if f.q:
        qs = qs.filter(
            Q(title__icontains=f.q)
            | Q(beneficiary__icontains=f.q)
            | Q(number__icontains=f.q)
            | Q(source_title__icontains=f.q)
        )
    return qs.order_by("due_on", "id")


def get_commitment_for(user, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.visible_to(user).select_related(
            "zone",
            "enterprise",
            "project",
            "department",
            "responsible",
            "source_file",
            "created_by",
            "sale__parcel",
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class ArrearFilter:
    status: str = ""
    bucket: str = ""
    department: int | None = None
    enterprise: int | None = None
    confirm_state: str = ""
    q: str = ""
    zone: int | None = None
    paid_from: dt.date | None = None  # arrears with a payment in this span
    paid_to: dt.date | None = None


def bucket_q(key: str, today: dt.date) -> Q:
    """Outstanding arrears in an ageing bucket (or "overdue": every bucket past due)."""
    if key == "overdue":
        return Q(status=ArrearStatus.OUTSTANDING, due_on__lt=today)
    earliest, latest = rules.bucket_dates(key, today)
    q = Q(status=ArrearStatus.OUTSTANDING)
    if key == "not_due":
        return q & Q(due_on__gte=today)
    if earliest is not None:
        q &= Q(due_on__gte=earliest)
    if latest is not None:
        q &= Q(due_on__lte=latest)
    return q


def arrear_list_for(
    *, user, filters: ArrearFilter = ArrearFilter(), today: dt.date | None = None
) -> QuerySet:
    today = today or timezone.localdate()
    qs = Arrear.objects.visible_to(user).select_related("zone", "enterprise", "department", "appeal")
    f = filters
    if f.status:
        qs = qs.filter(status=f.status)
    if f.bucket:
        qs = qs.filter(bucket_q(f.bucket, today))
    if f.department:
        qs = qs.filter(department_id=f.department)
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    if f.confirm_state:
        qs = qs.filter(confirm_state=f.confirm_state)
    if f.paid_from or f.paid_to:
        payments = ArrearPayment.objects.all()
        if f.paid_from:
            payments = payments.filter(paid_on__gte=f.paid_from)
        if f.paid_to:
            payments = payments.filter(paid_on__lte=f.paid_to)
        qs = qs.filter(pk__in=payments.values("arrear_id"))
    if f.zone:
        qs = qs.filter(zone_id=f.zone)
    if f.q:
        qs = qs.filter(
            Q(number__icontains=f.q) | Q(basis__icontains=f.q) | Q(enterprise__name__icontains=f.q)
        )
    return qs.order_by("due_on", "id")


BUCKET_KEYS = (*(b.key for b in rules.BUCKETS), "overdue")


def get_arrear_for(user, pk: int) -> Arrear:
    return get_object_or_404(
        Arrear.objects.visible_to(user).select_related(
            "zone", "enterprise", "department", "appeal", "confirmed_by"
        ),
        pk=pk,
    )
