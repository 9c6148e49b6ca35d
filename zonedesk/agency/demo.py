"""Demo: 中玻(朝阳)新材料 authorises its project steward to handle approvals for it."""

from __future__ import annotations

import datetime as dt

from zonedesk.agency.models import AgentAction, AgentAuthorisation
from zonedesk.agency.services import authorisation_grant
from zonedesk.core.actor import Actor
from zonedesk.organisation.models import User, Zone


def load(*, zones: dict[str, Zone]) -> None:
    enterprise_user = User.objects.get(username="enterprise")
    steward = User.objects.get(username="steward")
    if AgentAuthorisation.objects.filter(enterprise_id=enterprise_user.enterprise_id,
                                         agent=steward).exists():
        return
    authorisation_grant(
        actor=Actor(user=enterprise_user, channel="command", label="demo_load"),
        agent_id=steward.pk, mode="act",
        actions=[AgentAction.APPROVALS_APPLY, AgentAction.APPROVALS_SUPPLEMENT,
                 AgentAction.APPROVALS_SIGN_PROMISE, AgentAction.APPEALS_RAISE],
        valid_from=dt.date(2026, 6, 1), valid_until=dt.date(2027, 5, 31),
        note="中玻(朝阳)新材料有限公司授权委托书（2026）第 1 号",
    )
