from __future__ import annotations

import dataclasses

from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.agency.models import AgentAction, AgentAuthorisation
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Forbidden, NotFound
from zonedesk.organisation.roles import Role


def authorisation_list_for(*, user, enterprise_id: int | None = None):
    qs = AgentAuthorisation.objects.visible_to(user).select_related("enterprise", "agent",
                                                                    "granted_by")
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs


def actor_for_enterprise(*, actor: Actor, enterprise_id: int, action: str) -> Actor:
    """The actor to record when someone acts as the enterprise.

    The enterprise's own user acts as itself. A steward acts for it only under an
    authorisation in force that covers the action; the returned actor carries both names,
    so the audit row and every page show who did what for whom.
    """
    user = actor.user
    if user is None:
        raise NotFound()
    if Role.ENTERPRISE in user.roles:
        if user.enterprise_id != enterprise_id:
            raise NotFound()
        return actor
    today = timezone.localdate()
    grants = list(AgentAuthorisation.objects.select_related("enterprise").filter(
        agent_id=user.pk, enterprise_id=enterprise_id, zone_id__in=user.visible_zone_ids))
    if not grants:
        raise NotFound()
    label = dict(AgentAction.choices).get(action, action)
    for grant in grants:
        if grant.covers(action, today):
            return dataclasses.replace(actor, on_behalf_of=enterprise_id,
                                       on_behalf_of_name=grant.enterprise.name,
                                       authorisation_id=grant.pk)
    message = _("没有覆盖“%(action)s”的有效授权（授权可能已过期、被撤销或不含该事项）")
    raise Forbidden("not_authorised", message % {"action": label})
