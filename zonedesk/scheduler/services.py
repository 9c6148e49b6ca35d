"""The scheduler: ``scheduler_tick`` finds the jobs that are due and hands each to the task
worker; ``job_run`` runs one under a per-job lock and records the result.

Safe on several hosts: the tick takes due rows with ``select_for_update(skip_locked=True)``
and moves their next run on in the same transaction, so two schedulers never enqueue the
same run; the run itself claims the job by a conditional UPDATE of ``running_since``, so two
workers never run one job at once (a run older than ``STALE`` counts as crashed)."""

from __future__ import annotations

import datetime as dt
import time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Forbidden, NotFound
from zonedesk.organisation.roles import Role
from zonedesk.scheduler.jobs import job_registry
from zonedesk.scheduler.models import JobRun, ScheduledJob

STALE = dt.timedelta(hours=2)


def jobs_sync(*, now: dt.datetime | None = None) -> int:
    """Create the row of every registered job that has none (due at once). Idempotent."""
    now = now or timezone.now()
    have = set(ScheduledJob.objects.values_list("name", flat=True))
    new = [ScheduledJob(name=j.name, every_seconds=int(j.every.total_seconds()), next_run_at=now)
           for j in job_registry.jobs.values() if j.name not in have]
    ScheduledJob.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def scheduler_tick(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every due job once; returns their names."""
    now = now or timezone.now()
    jobs_sync(now=now)
    with transaction.atomic():
        due = list(ScheduledJob.objects.select_for_update(skip_locked=True)
                   .filter(enabled=True, next_run_at__lte=now).order_by("next_run_at"))
        for job in due:
            job.next_run_at = now + dt.timedelta(seconds=job.every_seconds)
            job.save(update_fields=["next_run_at"])
        ids = [j.pk for j in due]
        if ids:
            transaction.on_commit(lambda: _enqueue(ids, "schedule"))
    return [j.name for j in due]


def _enqueue(ids: list[int], trigger: str) -> None:
    from zonedesk.scheduler.tasks import scheduled_job_run

    for pk in ids:
        scheduled_job_run.enqueue(pk, trigger)


def job_run(*, job_id: int, trigger: str = "schedule") -> JobRun | None:
    """Run one job now if nobody else is running it; None when it was already running."""
    started = timezone.now()
    claimed = (ScheduledJob.objects.filter(pk=job_id)
               .filter(Q(running_since__isnull=True) | Q(running_since__lt=started - STALE))
               .update(running_since=started, last_started_at=started))
    if not claimed:
        return None
    job = ScheduledJob.objects.get(pk=job_id)
    spec = job_registry.get(job.name)
    t0 = time.monotonic()
    ok, result = True, ""
    if spec is None:
        ok, result = False, _("任务未注册（代码中已删除？）")
    else:
        try:
            result = spec.run()
        # A CommandError, a SystemExit or a crash alike is a failed run, recorded and reported.
        except BaseException as exc:
            ok, result = False, f"{type(exc).__name__}: {exc}"
            if isinstance(exc, KeyboardInterrupt):
                raise
    duration = int((time.monotonic() - t0) * 1000)
    with transaction.atomic():
        job = ScheduledJob.objects.select_for_update().get(pk=job_id)
        job.running_since = None
        job.last_finished_at = timezone.now()
        job.last_ok = ok
        job.last_result = (result or "")[:500]
        job.last_duration_ms = duration
        job.runs += 1
        job.failures += 0 if ok else 1
        job.save()
        run = JobRun.objects.create(job=job, started_at=started, duration_ms=duration, ok=ok,
                                    result=job.last_result, trigger=trigger[:60])
        if not ok:
            _tell_admins(job, run)
    return run


def _tell_admins(job: ScheduledJob, run: JobRun) -> None:
    from django.urls import reverse

    from zonedesk.notifications.emit import notify_people
    from zonedesk.organisation.models import User

    admins = list(User.objects.filter(is_active=True, role_grants__role=Role.SYSTEM_ADMIN,
                                      zone__isnull=False).distinct())
    spec = job_registry.get(job.name)
    for zone_id in {a.zone_id for a in admins}:
        notify_people("scheduler.failed", recipients=[a for a in admins if a.zone_id == zone_id],
                      zone_id=zone_id, object_key=f"scheduler.job:{job.pk}", state=f"run:{run.pk}",
                      subject=str(spec.label) if spec else job.name, detail=run.result,
                      url=reverse("scheduler:list"))


def job_trigger(*, actor: Actor, job_id: int) -> ScheduledJob:
    """立即运行: the system administrator asks for a run now (the worker picks it up)."""
    user = actor.user
    if user is None or not user.has_role(Role.SYSTEM_ADMIN):
        raise NotFound()
    with transaction.atomic():
        job = ScheduledJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            raise NotFound()
        if job.running_since and job.running_since > timezone.now() - STALE:
            raise Forbidden("job_running", _("该任务正在运行，请稍后再试"))
        audit_record(actor=actor, action="scheduler.job.trigger", obj=job,
                     after={"job": job.name})
        pk = job.pk
        transaction.on_commit(lambda: _enqueue([pk], f"manual:{user.username}"))
    return job


def job_set_enabled(*, actor: Actor, job_id: int, enabled: bool) -> ScheduledJob:
    user = actor.user
    if user is None or not user.has_role(Role.SYSTEM_ADMIN):
        raise NotFound()
    with transaction.atomic():
        job = ScheduledJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            raise NotFound()
        before = job.enabled
        job.enabled = bool(enabled)
        job.save(update_fields=["enabled"])
        audit_record(actor=actor, action="scheduler.job.enable", obj=job,
                     before={"enabled": before}, after={"enabled": job.enabled})
    return job
