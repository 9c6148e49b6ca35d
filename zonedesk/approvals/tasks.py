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
def approvals_clocks_refresh(spans: list[list[str]] | None = None) -> dict[str, int]:
    """Recompute, after a calendar change, the stored deadlines of the open items and the 容缺
    deadlines whose span covers a changed date (``spans``: inclusive [first, last] ISO dates;
    none given: every open one); each moved deadline is recorded (the item says so) and
    audited."""
    import datetime as dt

    from django.utils.translation import gettext as _

    from zonedesk.approvals.services.clocks import deadlines_recompute

    dates = [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in spans or ()]
    return deadlines_recompute(reason=_("节假日安排调整后重新计算"), spans=dates or None)
