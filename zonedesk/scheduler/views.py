"""The schedule table for the system administrator: what runs, when, and how it went."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError
from zonedesk.core.requests import AuthedRequest
from zonedesk.organisation.roles import Role
from zonedesk.scheduler import services
from zonedesk.scheduler.jobs import job_registry
from zonedesk.scheduler.models import JobRun, ScheduledJob


def _require_admin(request: AuthedRequest) -> None:
    if not request.user.has_role(Role.SYSTEM_ADMIN):
        raise Http404


def _every(seconds: int) -> str:
    for unit, text in ((86400, _("每 %(n)d 天")), (3600, _("每 %(n)d 小时")), (60, _("每 %(n)d 分钟"))):
        if seconds >= unit and seconds % unit == 0:
            return text % {"n": seconds // unit}
    return _("每 %(n)d 秒") % {"n": seconds}


@login_required
def job_list(request: AuthedRequest) -> HttpResponse:
    _require_admin(request)
    services.jobs_sync()
    jobs = list(ScheduledJob.objects.order_by("name"))
    for job in jobs:
        spec = job_registry.get(job.name)
        job.label = spec.label if spec else job.name
        job.every_text = _every(job.every_seconds)
    failures = list(JobRun.objects.filter(ok=False).select_related("job").order_by("-id")[:20])
    return render(request, "scheduler/list.html", {"jobs": jobs, "failures": failures})


@login_required
@require_POST
def job_trigger(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    try:
        job = services.job_trigger(actor=Actor.from_request(request), job_id=pk)
    except ServiceError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, _("已提交运行：%(n)s。结果稍后显示在表中。") % {"n": job.name})
    return redirect("scheduler:list")


@login_required
@require_POST
def job_toggle(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_admin(request)
    services.job_set_enabled(actor=Actor.from_request(request), job_id=pk,
                             enabled=request.POST.get("enabled") == "1")
    return redirect("scheduler:list")
