"""The zone's appeal parameters and categories (reference values, then the zone's own)."""

from __future__ import annotations

from django.db import transaction

from zonedesk.appeals.clocks import CATEGORIES_EN, REFERENCE_CATEGORIES
from zonedesk.appeals.models import SATISFIED_DEFAULT, AppealSettings, Category
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.jsonable import snapshot


def appeal_reference_ensure(*, actor: Actor, zone_id: int) -> None:
    """Give a zone the reference settings and categories if it has none yet (idempotent)."""
    with transaction.atomic():
        if not AppealSettings.objects.filter(zone_id=zone_id).exists():
            s = AppealSettings.objects.create(zone_id=zone_id, satisfied_levels=list(SATISFIED_DEFAULT))
            audit_record(actor=actor, action="appeals.settings_create", obj=s, after=snapshot(s))
        for i, (code, name, amount, unit) in enumerate(REFERENCE_CATEGORIES):
            if Category.objects.filter(zone_id=zone_id, code=code).exists():
                continue
            c = Category.objects.create(zone_id=zone_id, code=code, name=name,
                                        name_en=CATEGORIES_EN.get(code, ""), limit_amount=amount,
                                        limit_unit=unit, sort=i)
            audit_record(actor=actor, action="appeals.category_create", obj=c, after=snapshot(c))
