"""Background work of approvals (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from zonedesk.approvals import services


@task()
def approvals_tolerance_sweep() -> list[int]:
    """Terminate overdue 容缺 applications; schedule daily (e.g. cron → `manage.py approvals_sweep`)."""
    return services.tolerance_sweep()
