"""A transaction's later records on a chain reuse the lane it holds (no second locking read),
and only while the head it last wrote is still the database's: a rolled-back savepoint or
transaction makes the next record read the head again, so the chain stays unbroken."""

from __future__ import annotations

from typing import cast

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from zonedesk.audit.models import AuditRecord
from zonedesk.audit.services import audit_record
from zonedesk.organisation.models import Zone
from zonedesk.testing.factories import ZoneFactory

from .support import SYSTEM, chain_key, head, verify_ok

pytestmark = pytest.mark.django_db


def _record(zone, i: int) -> AuditRecord:
    return audit_record(
        actor=SYSTEM,
        action="test.event",
        zone_id=zone.pk,
        object_type="test.thing",
        object_id=i,
        after={"n": i},
    )


def _lane_reads(ctx) -> int:
    return sum('FROM "audit_auditchain"' in q["sql"] for q in ctx.captured_queries)


@pytest.mark.django_db(transaction=True)  # real commits: the test's own transaction would hold the lane
def test_the_second_record_of_a_transaction_does_not_read_the_head_again() -> None:
    zone = cast(Zone, ZoneFactory())
    with transaction.atomic():
        _record(zone, 0)  # the zone's chain exists (its first record creates it)
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        first = _record(zone, 1)
        second = _record(zone, 2)
        third = _record(zone, 3)
    assert _lane_reads(ctx) == 1
    assert [second.prev_hash, third.prev_hash] == [first.hash, second.hash]
    assert (head(zone).last_seq, head(zone).last_hash) == (4, third.hash)
    verify_ok()  # raises on a break


def test_a_rolled_back_savepoint_makes_the_next_record_read_the_head_again() -> None:
    zone = cast(Zone, ZoneFactory())
    with transaction.atomic():
        first = _record(zone, 1)
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint whose record is rolled back
            _record(zone, 2)
            raise RuntimeError("rolled back")
        with CaptureQueriesContext(connection) as ctx:
            after = _record(zone, 3)
    assert _lane_reads(ctx) == 1  # the cached head (seq 2) was dropped with the savepoint
    assert (after.seq, after.prev_hash) == (2, first.hash)
    assert list(
        AuditRecord.objects.filter(chain=chain_key(zone)).order_by("seq").values_list("seq", flat=True)
    ) == [
        1,
        2,
    ]
    assert (head(zone).last_seq, head(zone).last_hash) == (2, after.hash)
    verify_ok()


def test_a_released_savepoint_keeps_the_lane() -> None:
    zone = cast(Zone, ZoneFactory())
    with transaction.atomic():
        _record(zone, 1)
        with transaction.atomic():
            inner = _record(zone, 2)
        with CaptureQueriesContext(connection) as ctx:
            after = _record(zone, 3)
    assert _lane_reads(ctx) == 0
    assert (after.seq, after.prev_hash) == (3, inner.hash)


@pytest.mark.django_db(transaction=True)  # real commits: the test's own transaction would hold the lane
def test_a_new_transaction_reads_the_head_again() -> None:
    zone = cast(Zone, ZoneFactory())
    with transaction.atomic():
        _record(zone, 1)
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        second = _record(zone, 2)
    assert _lane_reads(ctx) == 1
    assert second.seq == 2
