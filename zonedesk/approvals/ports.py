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
    )
