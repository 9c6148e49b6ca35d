"""Background work of approvals (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from zonedesk.approvals import services


@task()
def approvals_tolerance_sweep() -> list[int]:
    """Terminate overdue 容缺 applications; schedule daily (e.g. cron → `manage.py approvals_sweep`)."""
    return services.tolerance_sweep()


@task()
def approvals_items_warn() -> dict[str, int]:
    """Yellow/red warnings of the item clocks; schedule every few minutes (safe to run twice)."""
    result = services.items_warn()
    return {"red": result.red, "yellow": result.yellow}


@task()
def approvals_clocks_refresh() -> dict[str, int]:
    """Recompute the stored deadlines of every open item and every 容缺 deadline after a
    calendar change; each moved deadline is recorded (the item says so) and audited."""
    from django.utils.translation import gettext as _

    from zonedesk.approvals.services.clocks import deadlines_recompute

    return deadlines_recompute(reason=_("节假日安排调整后重新计算"))
