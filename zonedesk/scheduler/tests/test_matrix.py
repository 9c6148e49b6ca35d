"""The schedule table is the system administrator's alone."""

from __future__ import annotations

import pytest

from zonedesk.notifications.tests.matrix import ROLES, Req, check, our_url_names
from zonedesk.scheduler.models import ScheduledJob
from zonedesk.scheduler.services import jobs_sync

pytestmark = pytest.mark.django_db


def _job() -> int:
    jobs_sync()
    return ScheduledJob.objects.get(name="files_sweep").pk


ADMIN = "302L {} 404 404 404 404 404 404 404 404 404 404 404 404"
MATRIX: dict[str, tuple[Req, str]] = {
    "scheduler:list": (Req("/scheduler/"), ADMIN.format("200")),
    "scheduler:trigger": (Req(lambda: f"/scheduler/{_job()}/run/", "post"), ADMIN.format("W")),
    "scheduler:toggle": (Req(lambda: f"/scheduler/{_job()}/enable/", "post", {"enabled": "0"}),
                         ADMIN.format("W")),
    "api:scheduler_jobs": (Req("/api/scheduler/jobs"),
                           "401 200 404 404 404 404 404 404 404 404 404 404 404 404"),
    "api:scheduler_run": (Req(lambda: f"/api/scheduler/jobs/{_job()}/run", "post", json=True),
                          "401 202 404 404 404 404 404 404 404 404 404 404 404 404"),
}
CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_matrix(client, name, role):
    req, cells = MATRIX[name]
    check(client, req, cells, role)


def test_every_url_name_has_a_row():
    assert our_url_names("scheduler") == {k.split("[")[0] for k in MATRIX}
