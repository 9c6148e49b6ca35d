"""Two submissions at the same moment, on PostgreSQL: the year's first two case numbers of a
zone are 1 and 2 — never the same number, never a gap — even when the sequence row does not
exist yet and both try to create it."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from zonedesk.audit.tests.support import race
from zonedesk.casefiles.models import CaseNumber, CaseSequence
from zonedesk.casefiles.services import case_number_allocate
from zonedesk.testing.factories import ZoneFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_concurrent_first_numbers_are_distinct_and_gapless() -> None:
    zone = ZoneFactory()

    def allocate(object_id: int):
        def call():
            with transaction.atomic():
                return case_number_allocate(zone_id=zone.pk, object_id=object_id).number
        return call

    results = race(*(allocate(900_000 + i) for i in range(4)))
    assert not [r for r in results if isinstance(r, Exception)], results
    seqs = sorted(int(n.rsplit("-", 1)[1]) for n in results)
    assert seqs == [1, 2, 3, 4]
    assert CaseSequence.objects.get(zone=zone).last == 4
    assert CaseNumber.objects.filter(zone=zone).count() == 4
