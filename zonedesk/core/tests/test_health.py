"""/healthz: what the zone's monitoring polls."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zonedesk.core.management.commands.worker import beat
from zonedesk.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _checks(client) -> tuple[int, dict[str, str]]:
    response = client.get("/healthz", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


# The checks run in the library's worker threads, on their own connections: what they read
# must be committed, hence transactional tests wherever the test writes a heartbeat.
committed = pytest.mark.django_db(transaction=True)


@committed
def test_healthy_with_a_recent_worker_heartbeat(client):
    beat("w1", timezone.now())
    status, body = _checks(client)
    assert status == 200, body
    assert any("Database" in k for k in body) and any("WorkerAlive" in k for k in body)
    assert all(v == "OK" for v in body.values()), body


def test_no_worker_ever_is_unhealthy_503(client):
    status, body = _checks(client)
    assert status == 503
    assert "no background worker" in next(v for k, v in body.items() if "WorkerAlive" in k)


@committed
def test_a_stale_heartbeat_is_reported_with_its_age(client):
    beat("w1", timezone.now())
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - dt.timedelta(minutes=10))
    status, body = _checks(client)
    assert status == 503
    assert "s old" in next(v for k, v in body.items() if "WorkerAlive" in k)


def test_too_little_disk_for_uploads_is_unhealthy(client, settings):
    settings.HEALTH_MIN_FREE_MB = 10**12  # more than any disk has
    status, body = _checks(client)
    assert status == 503
    assert "free for uploads" in next(v for k, v in body.items() if "UploadDiskSpace" in k)


def test_every_response_carries_a_request_id(client):
    response = client.get("/login/")
    rid = response["X-Request-ID"]
    assert len(rid) == 32
    assert client.get("/login/", HTTP_X_REQUEST_ID="proxy-abc-12345")["X-Request-ID"] == "proxy-abc-12345"
    # an id that could inject into the logs is replaced
    assert client.get("/login/", HTTP_X_REQUEST_ID="bad id\nforged")["X-Request-ID"] != "bad id\nforged"
