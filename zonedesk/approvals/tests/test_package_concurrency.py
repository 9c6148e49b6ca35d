"""Two window clerks accept the same 一件事 case at the same moment, on PostgreSQL: the case
row lock makes the second see the first's acceptance; the items start once."""

from __future__ import annotations

import pytest
from django.db import connection

from zonedesk.approvals.catalogue import catalogue_start
from zonedesk.approvals.package_models import PackageCase, ServicePackage
from zonedesk.approvals.packages import package_materials, packages_start
from zonedesk.approvals.services import packages as services
from zonedesk.approvals.tests.test_concurrency import race
from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.testing.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    IndustryFactory,
    UserFactory,
    ZoneFactory,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_two_acceptances_of_one_case_one_wins() -> None:
    from zonedesk.approvals.models import MaterialType

    zone = ZoneFactory()
    IndustryFactory()
    spj = DepartmentFactory(zone=zone, code="SPJ", name="行政审批局")
    version = catalogue_start(actor=Actor.system("test"), zone=zone)
    packages_start(actor=Actor.system("test"), version=version)
    windows = [UserFactory(zone=zone, roles=[Role.WINDOW_CLERK], department=spj).pk for _ in range(2)]
    enterprise = EnterpriseFactory(zone=zone)
    owner = UserFactory(zone=zone, roles=[Role.ENTERPRISE], enterprise=enterprise)
    package = ServicePackage.objects.get(version=version, code="QYKB")
    uploads = {
        mt.code: (f"{mt.code}.pdf", PDF)
        for mt in MaterialType.objects.filter(pk__in=list(package_materials(package)))
    }
    case = services.package_case_submit(
        actor=Actor(user=owner),
        enterprise_id=enterprise.pk,
        package_id=package.pk,
        form={"contact_name": "甲", "contact_phone": "1"},
        uploads=uploads,
    )

    def accept(i: int) -> PackageCase:
        return services.package_case_accept(
            actor=Actor(user=User.objects.get(pk=windows[i])), case_id=case.pk
        )

    results = race(lambda: accept(0), lambda: accept(1))
    winners = [r for r in results if isinstance(r, PackageCase)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert (
        AuditRecord.objects.filter(action="approvals.package_case.accept", object_id=str(case.pk)).count()
        == 1
    )
    assert case.items.filter(started_at__isnull=True).count() == 0
