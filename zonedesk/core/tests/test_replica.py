"""The read-replica router, and a real streaming standby (run with DATABASE_REPLICA_URL set,
e.g. after `sh bench/replica.sh start`; skipped otherwise)."""

from __future__ import annotations

import contextlib
import os
import time
import uuid

import pytest
from django.conf import settings

from zonedesk.core.replica import REPLICA, ReplicaRouter, replica_enabled, replica_reads

needs_replica = pytest.mark.skipif(not os.environ.get("DATABASE_REPLICA_URL"),
                                   reason="DATABASE_REPLICA_URL is not set")


@needs_replica
@pytest.mark.django_db(databases=["default", REPLICA])
def test_report_reads_go_to_the_replica_and_everything_else_to_the_primary(login_client) -> None:
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from zonedesk.appeals.models import Appeal

    assert replica_enabled()
    router = ReplicaRouter()
    assert Appeal.objects.all().db == "default"
    with replica_reads():
        assert Appeal.objects.all().db == REPLICA
        assert router.db_for_write(Appeal) == "default"
    assert router.allow_migrate(REPLICA, "appeals") is False
    # The dashboard and the rates page read their figures from the replica connection.
    client = login_client("leader")
    for url in ("/dashboard/", "/appeals/rates/", "/api/appeals/rates?from=2026-01-01&to=2026-12-31"):
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            assert client.get(url).status_code == 200
        assert any("appeals_appeal" in q["sql"] for q in on_replica.captured_queries), url
    # An ordinary page does not.
    with CaptureQueriesContext(connections[REPLICA]) as on_replica:
        assert client.get("/appeals/").status_code == 200
    assert not on_replica.captured_queries


@needs_replica
def test_the_replica_is_a_streaming_standby_that_replays_the_primary() -> None:
    import psycopg

    primary_url = os.environ.get("DATABASE_URL") or ""
    replica_url = os.environ["DATABASE_REPLICA_URL"]
    assert primary_url.startswith("postgres"), "the replica test needs the PostgreSQL primary"
    assert settings.DATABASES[REPLICA]["PORT"] != settings.DATABASES["default"]["PORT"]
    marker = uuid.uuid4().hex
    with psycopg.connect(primary_url, autocommit=True) as primary, \
            psycopg.connect(replica_url, autocommit=True) as replica:
        assert primary.execute("select pg_is_in_recovery()").fetchone()[0] is False
        assert replica.execute("select pg_is_in_recovery()").fetchone()[0] is True
        primary.execute("create table if not exists zd_replica_probe (marker text)")
        try:
            primary.execute("insert into zd_replica_probe values (%s)", [marker])
            deadline = time.monotonic() + 10
            seen = False
            while time.monotonic() < deadline and not seen:
                with contextlib.suppress(psycopg.errors.UndefinedTable):
                    seen = bool(replica.execute("select 1 from zd_replica_probe where marker = %s",
                                                [marker]).fetchone())
                time.sleep(0.1)
            assert seen, "the standby did not replay the primary's write within 10 s"
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                replica.execute("insert into zd_replica_probe values ('x')")
        finally:
            primary.execute("drop table if exists zd_replica_probe")
