"""The three capabilities approvals calls into: secure file storage (files), e-certificates
(certificates) and agent handling (agency). One place, so the services read as the workflow."""

from __future__ import annotations

import datetime as dt
from typing import Any

from zonedesk.agency.selectors import actor_for_enterprise
from zonedesk.certificates.services import certificate_issue
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound
from zonedesk.files.services import file_store
from zonedesk.indicators import services as indicators
from zonedesk.organisation.roles import Role


def acting_for(actor: Actor, enterprise_id: int, action: str) -> Actor:
    """The actor as which ``actor.user`` may act for the enterprise: itself when it is the
    enterprise's own user, else a steward under a recorded authorisation (agency)."""
    user = actor.user
    if user is None:
        raise NotFound()
    if Role.ENTERPRISE in user.roles:
        if user.enterprise_id != enterprise_id:
            raise NotFound()
        return actor
    return actor_for_enterprise(actor=actor, enterprise_id=enterprise_id, action=action)


def store_file(*, actor: Actor, zone_id: int, upload: Any):
    return file_store(actor=actor, zone_id=zone_id, upload=upload)


def issue_certificate(
    *,
    actor: Actor,
    zone_id: int,
    enterprise_id: int,
    kind: str,
    title: str,
    fields: list[tuple[str, str]],
    source: str,
    valid_until: dt.date | None,
    holder=None,
):
    return certificate_issue(
        actor=actor,
        zone_id=zone_id,
        holder_enterprise_id=enterprise_id,
        kind=kind,
        title=title,
        fields=fields,
        source=source,
        valid_until=valid_until,
        holder=holder,
    )


def parcels_of(project) -> list[dict[str, Any]]:
    """The land register's parcels of a construction project's site (land): those its parcel
    codes name in the zone, those linked to it, and its pipeline project's parcel — in the
    order of the project's codes. Plain values, so the form's rules stay pure."""
    from django.db.models import Q

    from zonedesk.land.models import Parcel
    from zonedesk.land.rules import parcel_codes

    codes = parcel_codes(project.parcels)
    match = Q(zone_id=project.zone_id, code__in=codes) | Q(construction_projects=project)
    pipeline = project.pipeline_project
    if pipeline is not None and pipeline.parcel_ref_id:
        match |= Q(pk=pipeline.parcel_ref_id)
    rows = {
        p.pk: p for p in Parcel.objects.filter(match).select_related("indicators").distinct()
    }.values()
    order = {c: i for i, c in enumerate(codes)}
    out = []
    for p in sorted(rows, key=lambda p: (order.get(p.code, len(order)), p.code)):
        indicators = getattr(p, "indicators", None)
        out.append(
            {
                "code": p.code,
                "location": p.location,
                "land_use": str(p.get_land_use_display()),
                "area_m2": p.area_m2,
                "area_mu": p.area_mu,
                "far_max": indicators.far_max if indicators is not None else None,
            }
        )
    return out


def case_ended(app, item=None) -> None:
    """In the transaction that completed ``app`` (or granted ``item`` of it): the 营商环境
    indicators' per-day summary counts the case (a no-op for stages and items it does not
    measure)."""
    if item is not None:
        indicators.utility_case_approved(item, app)
    else:
        indicators.permit_case_completed(app)
