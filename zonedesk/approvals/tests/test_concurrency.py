"""Two reviewers deciding the same item at the same moment, on PostgreSQL (SQLite serialises
whole transactions, so the row lock is proved where it matters).

Transactional tests commit for real and the database is flushed after them, so the test
builds its own zone, catalogue, users and application.
"""

from __future__ import annotations

import pytest
from django.db import connection

from zonedesk.approvals import services
from zonedesk.approvals.catalogue import catalogue_start
from zonedesk.approvals.models import ApplicationItem, ItemState, ProjectCategory, Stage
from zonedesk.approvals.tests.conftest import stage_values
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
from zonedesk.testing.race import race

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"



def _actor(user_id: int) -> Actor:
    return Actor(user=User.objects.get(pk=user_id), channel="web")


def test_two_reviewers_decide_one_item_exactly_one_decision_recorded() -> None:
    zone = ZoneFactory()
    IndustryFactory()
    spj = DepartmentFactory(zone=zone, code="SPJ", name="行政审批局")
    catalogue_start(actor=Actor.system("test"), zone=zone)
    window = UserFactory(zone=zone, roles=[Role.WINDOW_CLERK], department=spj)
    reviewers = [UserFactory(zone=zone, roles=[Role.REVIEWER], department=spj).pk for _ in range(2)]
    enterprise = EnterpriseFactory(zone=zone, credit_grade="A", credit_source="测试")
    owner = UserFactory(zone=zone, roles=[Role.ENTERPRISE], enterprise=enterprise)
    ent = Actor(user=owner, channel="web")
    category = ProjectCategory.objects.get(version__zone=zone, code="industrial_social")
    project = services.project_create(
        actor=ent,
        enterprise_id=enterprise.pk,
        name="并发测试项目",
        code="2026-211382-30-03-000999",
        category_id=category.pk,
        parcels=["T-1"],
    )
    app = services.application_submit(
        actor=ent, project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND, project.zone_id)
    )
    for row in app.materials.all():
        services.application_add_material(
            actor=ent,
            application_id=app.pk,
            material_type_id=row.material_type_id,
            upload=(f"m{row.pk}.pdf", PDF),
        )
    services.application_accept(actor=Actor(user=window, channel="web"), application_id=app.pk)
    items = list(app.items.filter(state=ItemState.IN_REVIEW).values_list("pk", flat=True))
    assert len(items) >= 5
    for item_id in items:  # one round per item: the race is repeated
        results = race(
            lambda i=item_id: services.item_approve(actor=_actor(reviewers[0]), item_id=i),
            lambda i=item_id: services.item_refuse(
                actor=_actor(reviewers[1]), item_id=i, reason="不符合条件"
            ),
        )
        winners = [r for r in results if isinstance(r, ApplicationItem)]
        losers = [r for r in results if isinstance(r, Exception)]
        assert len(winners) == 1 and len(losers) == 1, results
        assert isinstance(losers[0], Conflict) and losers[0].code == "already_decided"
        assert "本次操作未执行" in losers[0].message
        decisions = AuditRecord.objects.filter(
            object_id=str(item_id), action__in=["approvals.item.approve", "approvals.item.refuse"]
        )
        assert decisions.count() == 1
        assert ApplicationItem.objects.get(pk=item_id).state == winners[0].state


def test_two_warning_sweeps_at_once_warn_each_item_once() -> None:
    """Several workers share the sweep: SKIP LOCKED hands each batch to one of them, a marked
    item leaves the range, so every overdue item is warned exactly once."""
    import datetime as dt

    zone = ZoneFactory()
    IndustryFactory()
    spj = DepartmentFactory(zone=zone, code="SPJ", name="行政审批局")
    catalogue_start(actor=Actor.system("test"), zone=zone)
    window = UserFactory(zone=zone, roles=[Role.WINDOW_CLERK], department=spj)
    enterprise = EnterpriseFactory(zone=zone, credit_grade="A", credit_source="测试")
    ent = Actor(user=UserFactory(zone=zone, roles=[Role.ENTERPRISE], enterprise=enterprise), channel="web")
    category = ProjectCategory.objects.get(version__zone=zone, code="industrial_social")
    for n in range(3):
        project = services.project_create(
            actor=ent, enterprise_id=enterprise.pk, name=f"预警{n}", code=f"2026-211382-30-03-00088{n}",
            category_id=category.pk, parcels=[f"W-{n}"],
        )
        app = services.application_submit(
            actor=ent, project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND, project.zone_id)
        )
        for row in app.materials.filter(status="missing"):  # later projects reuse the library
            services.application_add_material(
                actor=ent, application_id=app.pk, material_type_id=row.material_type_id,
                upload=(f"m{row.pk}.pdf", PDF),
            )
        services.application_accept(actor=Actor(user=window, channel="web"), application_id=app.pk)
    mine = ApplicationItem.objects.filter(zone=zone, state=ItemState.IN_REVIEW)
    total = mine.count()
    assert total >= 10
    later = max(mine.values_list("due_date", flat=True)) + dt.timedelta(days=1)
    results = race(
        lambda: services.items_warn(today=later, batch=3),
        lambda: services.items_warn(today=later, batch=3),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert sum(r.red for r in results) == total
    assert set(mine.values_list("clock_warned", flat=True)) == {"red"}
    assert services.items_warn(today=later).red == 0
