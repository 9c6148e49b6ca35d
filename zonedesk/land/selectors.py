"""Reads of the land register, always through ``visible_to(user)``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zonedesk.land.models import Parcel, ProductionReview


@dataclass(frozen=True)
class ParcelFilter:
    status: str = ""
    park: int | None = None
    q: str = ""
    zone: int | None = None
    sold_from: dt.date | None = None
    sold_to: dt.date | None = None


def parcel_list_for(*, user, filters: ParcelFilter = ParcelFilter()) -> QuerySet:
    qs = Parcel.objects.visible_to(user).select_related("zone", "park", "industry", "sale__enterprise")
    f = filters
    if f.status:
        qs = qs.filter(status=f.status)
    if f.park:
        qs = qs.filter(park_id=f.park)
    if f.zone:
        qs = qs.filter(zone_id=f.zone)
    if f.sold_from:
        qs = qs.filter(sale__sold_on__gte=f.sold_from)
    if f.sold_to:
        qs = qs.filter(sale__sold_on__lte=f.sold_to)
    if f.q:
        qs = (
            qs.filter(code__icontains=f.q)
            | qs.filter(location__icontains=f.q)
            | qs.filter(sale__enterprise__name__icontains=f.q)
        )
    return qs.order_by("zone_id", "code", "id")


def get_parcel_for(user, pk: int) -> Parcel:
    return get_object_or_404(
        Parcel.objects.visible_to(user).select_related(
            "zone", "park", "industry", "sale__enterprise", "sale__agreement", "indicators"
        ),
        pk=pk,
    )


def review_list_for(*, user, status: str = "", due_before: dt.date | None = None) -> QuerySet:
    qs = ProductionReview.objects.visible_to(user).select_related("parcel", "sale__enterprise", "zone")
    if status:
        qs = qs.filter(status=status)
    if due_before:
        qs = qs.filter(due_on__lte=due_before)
    return qs.order_by("due_on", "id")


def get_review_for(user, pk: int) -> ProductionReview:
    return get_object_or_404(
        ProductionReview.objects.visible_to(user).select_related(
            "parcel", "sale__enterprise", "evidence", "decided_by"
        ),
        pk=pk,
    )


def map_features(parcels) -> dict:
    """A FeatureCollection of the parcels that have a boundary, for the ECharts geo map."""
    features = []
    for p in parcels:
        if p.boundary:
            features.append(
                {
                    "type": "Feature",
                    "id": p.pk,
                    "properties": {
                        "name": p.code,
                        "id": p.pk,
                        "status": p.status,
                        "status_label": str(p.get_status_display()),
                    },
                    "geometry": p.boundary,
                }
            )
    return {"type": "FeatureCollection", "features": features}


def tax_hint(review: ProductionReview) -> tuple[int, object] | None:
    """The enterprise's latest yearly tax already in the register (the reviewer may use it)."""
    from zonedesk.enterprises.models import EnterpriseYearFigure

    row = (
        EnterpriseYearFigure.objects.filter(enterprise_id=review.sale.enterprise_id, tax__isnull=False)
        .order_by("-year")
        .values_list("year", "tax")
        .first()
    )
    return row
