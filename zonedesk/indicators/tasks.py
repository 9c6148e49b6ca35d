"""Background work of the indicators (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def indicators_summary_refresh(since: str | None = None) -> int:
    """Rebuild the per-day summary from ``since`` (ISO date; none: all of it) after a calendar
    correction changed how many working days the cases ending then took."""
    from zonedesk.core.actor import Actor
    from zonedesk.indicators.services import summary_rebuild

    day = dt.date.fromisoformat(since) if since else None
    return summary_rebuild(since=day, actor=Actor.system("indicators.calendar"))
