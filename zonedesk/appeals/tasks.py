"""Background work of appeals (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from zonedesk.appeals.services import appeals_escalate_all
from zonedesk.core.actor import Actor


@task()
def appeals_escalate() -> int:
    """The escalation sweep, for a scheduler to enqueue; safe to run twice at once."""
    return appeals_escalate_all(actor=Actor.system("appeals_escalate"))


@task()
def appeals_clocks_refresh() -> int:
    """Recompute the stored deadlines of every live appeal (after a calendar change)."""
    from zonedesk.appeals.services.clocks import appeal_clocks_refresh

    return appeal_clocks_refresh()
