"""JSON API of the schedule table (the system administrator's)."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound
from zonedesk.core.requests import ApiRequest
from zonedesk.organisation.roles import Role
from zonedesk.scheduler import services
from zonedesk.scheduler.models import ScheduledJob

router = Router(tags=["scheduler"])


class SchedulerJobOut(Schema):
    id: int
    name: str
    enabled: bool
    every_seconds: int
    next_run_at: dt.datetime
    running_since: dt.datetime | None
    last_started_at: dt.datetime | None
    last_ok: bool | None
    last_result: str
    last_duration_ms: int | None
    runs: int
    failures: int


def _require_admin(request: ApiRequest) -> None:
    if not request.auth.has_role(Role.SYSTEM_ADMIN):
        raise NotFound()


@router.get("/jobs", response={200: list[SchedulerJobOut], **errors(401, 404)}, summary="定时任务表")
def scheduler_jobs(request: ApiRequest):
    _require_admin(request)
    services.jobs_sync()
    return list(ScheduledJob.objects.order_by("name"))


@router.post("/jobs/{job_id}/run", response={202: SchedulerJobOut, **errors(401, 403, 404)},
             summary="立即运行一个定时任务（交给后台任务进程）")
def scheduler_run(request: ApiRequest, job_id: int):
    return Status(202, services.job_trigger(actor=api_actor(request), job_id=job_id))
