"""The one background-work path: django-tasks' database backend, run by `manage.py worker`.

Two workers on PostgreSQL race for the same queue: every job runs exactly once (django-tasks-db
claims with SELECT … FOR UPDATE SKIP LOCKED) and both workers take a share.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection

from zonedesk.core.models import WorkerHeartbeat

JOBS = 40


def _worker_env(tmp_path) -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "zonedesk.settings",
            "ZONEDESK_ENV": "demo", "ZONEDESK_VAR_DIR": str(tmp_path), "DATABASE_URL": url,
            "ZONEDESK_LOG_FORMAT": "text", "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED claims need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_queue_and_run_every_job_exactly_once(tmp_path, settings):
    from django_tasks_db.models import DBTaskResult

    from zonedesk.core.tests.jobs import record_run

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = tmp_path / "runs.txt"
    for n in range(JOBS):
        record_run.enqueue(n, str(out))
    env = _worker_env(tmp_path)
    workers = [subprocess.Popen([sys.executable, "manage.py", "worker", "--batch", "--interval", "0.1",
                                 "--worker-id", f"w{i}"], env=env, cwd=settings.BASE_DIR,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for i in range(2)]
    logs = [w.communicate(timeout=240)[0] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], logs
    runs = Counter(int(line) for line in out.read_text().split())
    assert runs == Counter(range(JOBS)), "every job exactly once"
    results = DBTaskResult.objects.filter(task_path__endswith="record_run")
    assert results.count() == JOBS and set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    by_worker = Counter(r.worker_ids[-1] for r in results)
    assert set(by_worker) == {"w0", "w1"}, f"both workers take a share: {by_worker}"
    assert set(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) >= {"w0", "w1"}


@pytest.mark.django_db
def test_sqlite_and_postgres_deployments_use_the_database_backend():
    # The test profile runs tasks immediately; every other profile uses the database worker.
    assert settings.TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    code = ("from django.conf import settings; print(settings.TASKS['default']['BACKEND']); "
            "print('django_tasks_db' in settings.INSTALLED_APPS)")
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "zonedesk.settings",
           "ZONEDESK_ENV": "production", "ZONEDESK_SECRET_KEY": "x" * 50,
           "ZONEDESK_ALLOWED_HOSTS": "zone.example", "ZONEDESK_AUDIT_KEYS": "k1=" + "ab" * 32}
    done = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + code], env=env,
                          cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["django_tasks_db.DatabaseBackend", "True"], done.stderr
