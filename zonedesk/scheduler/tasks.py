"""The scheduler's task: the worker (``manage.py db_worker``) runs each due job."""

from __future__ import annotations

from django_tasks import task

from zonedesk.scheduler import services


@task()
def scheduled_job_run(job_id: int, trigger: str = "schedule") -> str:
    run = services.job_run(job_id=job_id, trigger=trigger)
    if run is None:
        return "already running"
    return ("ok: " if run.ok else "failed: ") + run.result
