"""Background work of the commitment register (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from zonedesk.commitments.services import commitments_sweep_overdue
from zonedesk.core.actor import Actor


@task()
def commitments_sweep() -> int:
    """The overdue sweep, for a scheduler to enqueue; safe to run twice at once."""
    return commitments_sweep_overdue(actor=Actor.system("commitments_sweep"))
