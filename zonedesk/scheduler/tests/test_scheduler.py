"""The schedule table: due jobs run once per period whatever the number of schedulers, a run
holds its job's lock, a failure is recorded and reaches the system administrator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound
from zonedesk.notifications.models import Message
from zonedesk.organisation.models import User
from zonedesk.scheduler import services
from zonedesk.scheduler.jobs import Job, job_registry
from zonedesk.scheduler.models import JobRun, ScheduledJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def boom():
    def fail() -> str:
        raise RuntimeError("磁盘已满")

    job_registry.jobs["test_boom"] = Job("test_boom", "测试失败任务", dt.timedelta(minutes=5), fail)
    yield "test_boom"
    job_registry.jobs.pop("test_boom", None)


def test_first_tick_creates_every_registered_job_and_runs_it_once(django_capture_on_commit_callbacks) -> None:
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        names = services.scheduler_tick(now=now)
    assert {"appeals_escalate", "approvals_sweep", "audit_verify", "files_sweep",
            "notifications_deliver", "audit_prune"} <= set(names)
    assert set(ScheduledJob.objects.values_list("name", flat=True)) == set(job_registry.jobs)
    runs = JobRun.objects.filter(job__name="appeals_escalate")
    assert runs.count() == 1 and runs.get().ok and "上报超期诉求" in runs.get().result
    assert ScheduledJob.objects.get(name="audit_verify").last_ok is True
    # A second scheduler ticking at the same moment finds nothing due: no second run.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.scheduler_tick(now=now) == []
    assert runs.count() == 1
    later = now + dt.timedelta(minutes=11)
    with django_capture_on_commit_callbacks(execute=True):
        assert "appeals_escalate" in services.scheduler_tick(now=later)
    assert runs.count() == 2


def test_a_running_job_is_not_run_twice() -> None:
    services.jobs_sync()
    job = ScheduledJob.objects.get(name="files_sweep")
    ScheduledJob.objects.filter(pk=job.pk).update(running_since=timezone.now())
    assert services.job_run(job_id=job.pk) is None
    ScheduledJob.objects.filter(pk=job.pk).update(running_since=timezone.now() - services.STALE * 2)
    assert services.job_run(job_id=job.pk).ok  # a stale lock counts as a crashed run


def test_failure_is_shown_and_messages_the_system_administrator(boom) -> None:
    services.jobs_sync()
    job = ScheduledJob.objects.get(name=boom)
    run = services.job_run(job_id=job.pk)
    job.refresh_from_db()
    assert not run.ok and "磁盘已满" in run.result and job.last_ok is False and job.failures == 1
    assert job.running_since is None
    admin = User.objects.get(username="admin")
    message = Message.objects.get(recipient=admin, event="scheduler.failed")
    assert "测试失败任务" in message.title and "磁盘已满" in message.body


def test_trigger_is_for_the_system_administrator(django_capture_on_commit_callbacks) -> None:
    services.jobs_sync()
    job = ScheduledJob.objects.get(name="files_sweep")
    with pytest.raises(NotFound):
        services.job_trigger(actor=Actor(user=User.objects.get(username="leader")), job_id=job.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.job_trigger(actor=Actor(user=User.objects.get(username="admin")), job_id=job.pk)
    assert JobRun.objects.get(job=job).trigger == "manual:admin"


def test_scheduler_command_once(django_capture_on_commit_callbacks, capsys) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("scheduler", "--once")
    assert "enqueued:" in capsys.readouterr().out
    assert JobRun.objects.filter(job__name="approvals_sweep").exists()


def test_disabled_job_is_not_enqueued() -> None:
    services.jobs_sync()
    job = ScheduledJob.objects.get(name="files_sweep")
    admin = Actor(user=User.objects.get(username="admin"))
    services.job_set_enabled(actor=admin, job_id=job.pk, enabled=False)
    assert "files_sweep" not in services.scheduler_tick()
