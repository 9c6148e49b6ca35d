"""The consequence of a 容缺 breach: the zone's configured suspension of the green channel (and
so of 容缺 and the 信用承诺书) until the period ends or a 信用修复 is recorded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.approvals.models import CreditEvent
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.roles import Role

REPAIR_ROLES = frozenset({Role.WINDOW_CLERK, Role.LEADER})


def suspended_until_for(enterprise_id: int, today: dt.date) -> dt.date | None:
    """The last day of the enterprise's green-channel suspension in force today, if any (one
    indexed aggregate)."""
    return CreditEvent.objects.filter(
        enterprise_id=enterprise_id, repaired_on__isnull=True, suspended_until__gte=today
    ).aggregate(m=Max("suspended_until"))["m"]


def credit_event_repair(*, actor: Actor, event_id: int, note: str) -> CreditEvent:
    """信用修复: the window or a leader of the zone records that the enterprise repaired its
    credit (e.g. delivered the materials and the committee accepted its 信用修复 application);
    the suspension ends today."""
    note = note.strip()
    if not note:
        raise ValidationFailed({"note": _("请写明信用修复的依据（如修复申请及审核意见）")})
    user = actor.user
    with transaction.atomic():
        from zonedesk.enterprises.models import Enterprise

        # The enterprise's scope: an event of an enterprise the user may not see is a 404.
        event = (
            CreditEvent.objects.select_for_update()
            .filter(pk=event_id, enterprise__in=Enterprise.objects.visible_to(user))
            .first()
            if user
            else None
        )
        if event is None or user is None or user.is_admin_role:
            raise NotFound()
        if not user.has_role(*REPAIR_ROLES) or user.zone_id != event.zone_id:
            raise Forbidden("not_repairer", _("只有本园区综合窗口或领导可以登记信用修复"))
        if event.repaired_on is not None:
            raise Conflict("already_repaired", _("该信用事件已于 %(d)s 登记修复") % {"d": event.repaired_on})
        today = timezone.localdate()
        event.repaired_on = today
        event.repaired_by = actor.display
        event.repair_note = note[:300]
        event.save(update_fields=["repaired_on", "repaired_by", "repair_note"])
        audit_record(
            actor=actor,
            action="approvals.credit_event.repair",
            obj=event,
            before={"suspended_until": event.suspended_until, "repaired_on": None},
            after={"repaired_on": today, "note": event.repair_note},
        )
    return event
