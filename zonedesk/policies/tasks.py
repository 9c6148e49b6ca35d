"""Background work of policies (django-tasks; ids in, never objects)."""

from __future__ import annotations

from django_tasks import task

from zonedesk.core.actor import Actor


@task()
def facts_changed(*, zone_id: int, enterprise_ids: list[int] | None = None) -> dict[str, int]:
    """A fact or a rule changed: recompute the tiers, then the policy matches, of those enterprises."""
    from zonedesk.cultivation.services import tier_recompute
    from zonedesk.policies.services import match_recompute

    actor = Actor.system("policies_rematch")
    tiers = tier_recompute(actor=actor, zone_id=zone_id, enterprise_ids=enterprise_ids)
    matches = match_recompute(actor=actor, zone_id=zone_id, enterprise_ids=enterprise_ids)
    return {**tiers, **matches}


@task()
def clause_changed(*, zone_id: int, clause_id: int) -> dict[str, int]:
    """A clause's rule changed: re-match every enterprise of the zone against that clause."""
    from zonedesk.policies.services import match_recompute

    return match_recompute(actor=Actor.system("policies_rematch"), zone_id=zone_id, clause_ids=[clause_id])
