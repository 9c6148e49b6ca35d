"""Several writers on one chain at the same moment, on PostgreSQL.

The threads commit for real (none can see another's open transaction). Rather than a
transactional test, which would flush the session's demo zone, each test builds a zone of its
own from a helper thread and deletes it afterwards the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from zonedesk.audit.models import AuditChain
from zonedesk.audit.selectors import audit_chain_verify
from zonedesk.organisation.models import Zone
from zonedesk.testing.factories import ZoneFactory

from .support import ON_POSTGRES, chain_key, in_thread, purge_zone, race, seqs, write

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL"),
]


@pytest.fixture
def committed_zone(db: Any) -> Iterator[Zone]:
    zone = in_thread(ZoneFactory)
    yield zone
    in_thread(lambda: purge_zone(zone.pk))


def test_concurrent_writers_on_a_new_chain_never_share_a_number(committed_zone: Zone) -> None:
    # Given a zone whose chain does not exist yet / when four writers append ten records each
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
