"""Two issuers at the same moment, on PostgreSQL: numbers are never duplicated or skipped.

Transactional tests commit for real and the database is flushed after them, so the test
builds its own zone, users and enterprise instead of using the demo zone.
"""

from __future__ import annotations

import pytest
from django.db import connection

from zonedesk.certificates.models import Certificate, CertificateCounter
from zonedesk.certificates.services import certificate_issue
from zonedesk.core.actor import Actor
from zonedesk.organisation.roles import Role
from zonedesk.testing.factories import EnterpriseFactory, IndustryFactory, UserFactory, ZoneFactory
from zonedesk.testing.race import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]



@pytest.fixture
def setup(tmp_storage):
    zone = ZoneFactory(code="RC", name="竞态测试开发区")
    enterprise = EnterpriseFactory(zone=zone, industry=IndustryFactory())
    a = UserFactory(zone=zone, roles=[Role.REVIEWER], full_name="审批甲")
    b = UserFactory(zone=zone, roles=[Role.WINDOW_CLERK], full_name="窗口乙")
    return zone, enterprise, a, b


def _issue(user, zone, enterprise, n):
    return lambda: certificate_issue(actor=Actor(user=user), zone_id=zone.pk,
                                     holder_enterprise_id=enterprise.pk, kind="施工许可证",
                                     title="施工许可证", fields=[("序号", str(n))], source="race")


@pytest.mark.parametrize("round_", range(3))
def test_two_issuers_at_once_get_consecutive_numbers(setup, round_):
    zone, enterprise, a, b = setup
    # Both start from a year with no counter row yet, so the creation of the row races too.
    results = race(_issue(a, zone, enterprise, 1), _issue(b, zone, enterprise, 2))
    assert all(isinstance(r, Certificate) for r in results), results
    numbers = sorted(int(r.number[-6:]) for r in results)
    assert numbers == [1, 2]
    results = race(*(_issue(u, zone, enterprise, i) for i, u in enumerate([a, b, a, b])))
    assert all(isinstance(r, Certificate) for r in results), results
    assert sorted(int(r.number[-6:]) for r in results) == [3, 4, 5, 6]
    assert CertificateCounter.objects.get(zone=zone).last == 6
    assert Certificate.objects.filter(zone=zone).values("number").distinct().count() == 6
