"""Several writers on one chain at the same moment, on PostgreSQL.

The threads commit for real (none can see another's open transaction). Rather than a
transactional test, which would flush the session's demo zone, each test builds a zone of its
own from a helper thread and deletes it afterwards the same way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from zonedesk.audit.models import AuditChain
from zonedesk.audit.selectors import audit_chain_verify
from zonedesk.audit.services import audit_record
from zonedesk.organisation.models import Zone
from zonedesk.testing.factories import ZoneFactory

from .support import ON_POSTGRES, SYSTEM, chain_key, in_thread, lane_seqs, purge_zone, race, seqs, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL"),
]


@pytest.fixture
def committed_zone(db: Any) -> Iterator[Zone]:
    zone = in_thread(ZoneFactory)
    yield zone
    in_thread(lambda: purge_zone(zone.pk))


def test_concurrent_writers_on_a_new_chain_never_share_a_number(committed_zone: Zone, settings) -> None:
    # Given a zone whose chain does not exist yet and one lane / when four writers append ten each
    settings.AUDIT_CHAIN_LANES = 1

    def writer() -> int:
        for _ in range(10):
            write(committed_zone)
        return 10

    results = race(writer, writer, writer, writer)
    # Then every record got its own number, in one unbroken, verifiable chain
    assert results == [10, 10, 10, 10]
    assert seqs(committed_zone) == list(range(1, 41))
    assert AuditChain.objects.get(key=chain_key(committed_zone)).last_seq == 40
    assert [key for key, _ in audit_chain_verify() if key == chain_key(committed_zone)] == []


def test_concurrent_writers_share_the_lanes_each_an_unbroken_chain(committed_zone: Zone, settings) -> None:
    # Given four lanes / when four writers append ten records each at the same moment
    settings.AUDIT_CHAIN_LANES = 4

    def writer() -> int:
        for _ in range(10):
            write(committed_zone)
        return 10

    assert race(writer, writer, writer, writer) == [10, 10, 10, 10]
    # Then the 40 records lie in the zone's lanes, each numbered 1..n without a gap, each head
    # registering its last record, and every lane verifies
    lanes = lane_seqs(committed_zone)
    assert sum(len(s) for s in lanes.values()) == 40
    assert set(lanes) <= {chain_key(committed_zone)} | {f"{chain_key(committed_zone)}.{i}" for i in (1, 2, 3)}
    for key, numbers in lanes.items():
        assert numbers == list(range(1, len(numbers) + 1)), key
        assert AuditChain.objects.get(key=key).last_seq == len(numbers)
    assert [key for key, _ in audit_chain_verify() if key in lanes] == []


def test_a_second_writer_appends_while_the_first_holds_the_head(committed_zone: Zone, settings) -> None:
    """The lock that lanes remove: with one lane the second writer waits for the first's
    commit; with two it appends at once, to the second lane."""
    settings.AUDIT_CHAIN_LANES = 2
    # The zone's chain exists (committed): the very first record of a zone creates its first
    # lane, and a writer that has to create a lane waits for a concurrent creator's commit.
    in_thread(lambda: write(committed_zone))
    holding, release = threading.Event(), threading.Event()

    def first() -> str:
        with transaction.atomic():
            record = audit_record(actor=SYSTEM, action="test.first", zone_id=committed_zone.pk)
            holding.set()
            assert release.wait(timeout=20), "the second writer never finished"
        return record.chain

    def second() -> str:
        assert holding.wait(timeout=20)
        try:
            return write(committed_zone, action="test.second").chain
        finally:
            release.set()

    assert race(first, second) == [chain_key(committed_zone), f"{chain_key(committed_zone)}.1"]
    lanes = {chain_key(committed_zone), f"{chain_key(committed_zone)}.1"}
    assert [key for key, _ in audit_chain_verify() if key in lanes] == []
