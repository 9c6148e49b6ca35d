"""Background work of the message centre (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from zonedesk.notifications import services


@task()
def deliveries_send(delivery_ids: list[int]) -> dict[str, str]:
    """Send the outbox rows a committed event wrote (enqueued on commit, ids only)."""
    return {str(pk): services.delivery_send(delivery_id=pk) for pk in delivery_ids}
