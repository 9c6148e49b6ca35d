"""GET /api/approvals/assessments and /api/approvals/assessments/{id}: the register of regional
assessments (区域评估), read as the page reads it. Written in the admin (reference data of the
committee). A zone holds one assessment per kind and renewal (a handful), so the list is
answered whole, ordered by zone and kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from zonedesk.approvals.models import RegionalAssessment
from zonedesk.core.api import errors
from zonedesk.core.errors import NotFound

router = Router(tags=["approvals"])


def assessment_list_for(user):
    """Business staff and enterprises of the zones see the zones' assessments (they decide
    which items a project is spared); the administrators see no business data."""
    if not user.is_authenticated or user.is_admin_role or not (user.is_business_staff or user.enterprise_id):
        return RegionalAssessment.objects.none()
    rows = RegionalAssessment.objects.filter(zone_id__in=user.visible_zone_ids).select_related("zone")
    return rows.order_by("zone", "kind", "valid_from", "pk")


class ApprovalAssessmentOut(Schema):
    id: int
    zone: str
    kind: str
    kind_name: str
    title: str
    parcels: list[str] = Field(description="覆盖的地块编号")
    valid_from: dt.date
    valid_until: dt.date
    valid_today: bool
    cost_wan: Decimal = Field(description="单个项目节省费用（万元）")


def _out(a: RegionalAssessment, today: dt.date) -> dict:
    return {"id": a.pk, "zone": a.zone.code, "kind": a.kind, "kind_name": a.get_kind_display(),
            "title": a.title, "parcels": list(a.parcels), "valid_from": a.valid_from,
            "valid_until": a.valid_until, "valid_today": a.valid_from <= today <= a.valid_until,
            "cost_wan": a.cost_wan}


@router.get("/", response={200: list[ApprovalAssessmentOut], **errors(401)}, summary="区域评估清单",
            url_name="approvals_assessments")
def list_assessments(request: HttpRequest):
    from django.utils import timezone

    today = timezone.localdate()
    return [_out(a, today) for a in assessment_list_for(request.auth)]


@router.get("/{int:pk}", response={200: ApprovalAssessmentOut, **errors(401, 404)}, summary="区域评估详情",
            url_name="approvals_assessment")
def get_assessment(request: HttpRequest, pk: int):
    from django.utils import timezone

    a = assessment_list_for(request.auth).filter(pk=pk).first()
    if a is None:
        raise NotFound()
    return _out(a, timezone.localdate())
