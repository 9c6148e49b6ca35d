from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.agency.models import NOT_DELEGABLE, AgentAction, AgentAuthorisation, AgentMode
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import snapshot
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role

MAX_VALIDITY_DAYS = 366  # an authorisation letter is renewed yearly at most


def authorisation_grant(*, actor: Actor, agent_id: int, mode: str, actions: list[str],
                        valid_from: dt.date, valid_until: dt.date, note: str = "") -> AgentAuthorisation:
    """The enterprise (its own user, never a steward for it) authorises a steward."""
    user = actor.user
    if user is None or Role.ENTERPRISE not in user.roles or not user.enterprise_id or actor.on_behalf_of:
        raise Forbidden("forbidden", _("只有企业本身的用户可以授权管家代办"))
    errors: dict[str, str] = {}
    agent = User.objects.filter(pk=agent_id, zone_id=user.zone_id, is_active=True,
                                role_grants__role=Role.STEWARD).first()
    if agent is None:
        errors["agent"] = _("被授权人须为本园区在岗的项目管家")
    if mode not in AgentMode.values:
        errors["mode"] = _("方式应为 领办、帮办、代办 之一")
    unknown = sorted(set(actions) - set(AgentAction.values))
    if not actions:
        errors["actions"] = _("至少授权一项事项")
    elif unknown:
        errors["actions"] = _("未知的授权事项：%(a)s") % {"a": "、".join(unknown)}
    elif set(actions) & NOT_DELEGABLE:
        errors["actions"] = _("好差评须由企业自己作出，不能授权管家代为评价园区的服务")
    if valid_until < valid_from:
        errors["valid_until"] = _("截止日期不能早于生效日期")
    elif (valid_until - valid_from).days > MAX_VALIDITY_DAYS:
        errors["valid_until"] = _("授权期限最长一年，到期后重新授权")
    if valid_until < timezone.localdate():
        errors.setdefault("valid_until", _("截止日期已过"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = AgentAuthorisation.objects.create(
            zone_id=user.zone_id, enterprise_id=user.enterprise_id, agent=agent, mode=mode,
            actions=sorted(set(actions)), valid_from=valid_from, valid_until=valid_until,
            note=note[:300], granted_by=user,
        )
        audit_record(actor=actor, action="authorisation.grant", obj=row, after=snapshot(row))
    return row


def authorisation_revoke(*, actor: Actor, authorisation_id: int) -> AgentAuthorisation:
    user = actor.user
    with transaction.atomic():
        row = (AgentAuthorisation.objects.visible_to(user).select_for_update()
               .filter(pk=authorisation_id).first()) if user else None
        if row is None:
            raise NotFound()
        if Role.ENTERPRISE not in user.roles or user.enterprise_id != row.enterprise_id \
                or actor.on_behalf_of:
            raise Forbidden("forbidden", _("只有授权企业本身可以撤销授权"))
        if row.revoked_at is not None:
            raise Conflict("already_revoked", _("该授权已撤销"))
        before = snapshot(row)
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="authorisation.revoke", obj=row, before=before,
                     after=snapshot(row))
    return row
