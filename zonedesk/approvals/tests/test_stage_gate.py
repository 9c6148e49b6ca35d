"""The lead department's combined result gates the stage (issue 9, point 2): a stage with a
lead (牵头部门) completes only when every item is decided AND the lead has recorded the
combined result; until then it waits (待牵头部门汇总), the lead has a to-do and the next stage
does not open. A stage without a lead completes when its last item is decided."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from zonedesk.approvals import services
from zonedesk.approvals.catalogue import catalogue_start
from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationStatus,
    ItemState,
    ProjectCategory,
    Stage,
    StageLead,
)
from zonedesk.approvals.tests.conftest import (
    actor,
    lead_of,
    new_project,
    reviewer_of,
    run_stage,
    stage_values,
)
from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, ValidationFailed
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.organisation.workbench import todo_registry


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.django_db
def test_a_stage_with_a_lead_waits_for_the_combined_result_before_the_next_stage_opens() -> None:
    project = new_project(["LY-QH-61"])
    app = run_stage(project, Stage.LAND, close=False)
    # Every item decided, but the lead has not summed up: the stage waits
    assert not app.items.filter(state__in=[ItemState.IN_REVIEW, ItemState.PENDING]).exists()
    assert app.status == ApplicationStatus.LEAD_SUMMARY and app.completed_at is None
    lead = lead_of(app)
    lead_user = lead.user
    assert lead_user is not None
    # the next stage does not open
    with pytest.raises(Conflict) as exc:
        services.application_submit(
            actor=actor("enterprise"), project_id=project.pk, stage=Stage.BUILD,
            form=stage_values(Stage.BUILD)
        )
    assert exc.value.code == "previous_stage_open"
    # the applicant's page and timeline say what it waits for; the API too
    ent = _client(User.objects.get(username="enterprise"))
    page = ent.get(f"/approvals/applications/{app.pk}/").content.decode()
    assert 'id="lead-waiting"' in page and "待牵头部门汇总" in page
    assert "待牵头部门汇总" in ent.get(f"/approvals/projects/{project.pk}/").content.decode()
    body = ent.get(f"/api/approvals/applications/{app.pk}").json()
    assert (body["status"], body["status_name"]) == ("lead_summary", "待牵头部门汇总")
    # the lead has a to-do and the stage heads its inbox (page and API)
    todos = [t for t in todo_registry.for_user(lead_user) if t.kind == "approvals.lead"]
    assert any(f"/approvals/applications/{app.pk}/" == t.url and "办结意见" in t.title for t in todos)
    lead_client = _client(lead_user)
    inbox = lead_client.get("/approvals/lead/").content.decode()
    assert "各事项已办结，待出具办结意见" in inbox
    rows = lead_client.get("/api/approvals/lead-inbox").json()["items"]
    assert rows[0]["application_id"] == app.pk and rows[0]["status"] == "lead_summary"
    # ... and a message in the message centre, to the lead department's people only, once
    from zonedesk.notifications.models import Message

    sent = Message.objects.filter(event="stage.lead_summary", object_key=f"approvals.application:{app.pk}")
    assert sent.count() >= 1 and {m.recipient.department_id for m in sent} == {lead_user.department_id}
    assert lead_user.pk in {m.recipient_id for m in sent}
    assert all("待汇总" in m.title and m.url == f"/approvals/applications/{app.pk}/" for m in sent)
    # only the lead closes, with a written result
    other = next(ai for ai in app.items.all() if ai.department_id != lead_user.department_id)
    with pytest.raises(Forbidden):
        services.stage_close(actor=reviewer_of(other), application_id=app.pk, result="同意")
    with pytest.raises(ValidationFailed) as bad:
        services.stage_close(actor=lead, application_id=app.pk, result="  ")
    assert "办结意见" in bad.value.errors["result"]
    # the lead closes through the page: the stage completes, audited, and the next one opens
    response = lead_client.post(
        f"/approvals/applications/{app.pk}/close/", {"reason": "各事项均准予许可，本阶段办结"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.COMPLETED and app.completed_at == app.lead_closed_at
    record = AuditRecord.objects.get(action="approvals.stage.close", object_id=str(app.pk))
    assert record.before == {"status": "lead_summary"} and (record.after or {})["status"] == "completed"
    assert not [t for t in todo_registry.for_user(lead_user) if t.url.endswith(f"/{app.pk}/")]
    nxt = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=Stage.BUILD, form=stage_values(Stage.BUILD)
    )
    assert nxt.stage == Stage.BUILD


@pytest.mark.django_db
def test_closing_is_refused_while_an_item_is_open_and_through_the_api() -> None:
    project = new_project(["LY-QH-62"])
    app = run_stage(project, Stage.LAND, finish=False)
    lead_user = lead_of(app).user
    assert lead_user is not None
    open_names = list(app.items.filter(state=ItemState.IN_REVIEW).values_list("item__name", flat=True))
    api = _client(lead_user)
    response = api.post(
        f"/api/approvals/applications/{app.pk}/close", {"result": "同意"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "items_open" and open_names[0] in response.json()["detail"]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.IN_REVIEW and not app.lead_closed_at
    for ai in app.items.filter(state=ItemState.IN_REVIEW):
        services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
    response = api.post(
        f"/api/approvals/applications/{app.pk}/close",
        {"result": "各事项均准予许可"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["lead_result"] == "各事项均准予许可"
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.COMPLETED
    again = api.post(
        f"/api/approvals/applications/{app.pk}/close", {"result": "再次"}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "stage_closed"


@pytest.mark.django_db
def test_a_stage_without_a_lead_completes_with_its_last_item() -> None:
    project = new_project(["LY-QH-63"])
    app = run_stage(project, Stage.LAND, finish=False)
    StageLead.objects.filter(version_id=app.version_id, stage=Stage.LAND).delete()
    for ai in app.items.filter(state=ItemState.IN_REVIEW):
        services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.COMPLETED and app.completed_at and not app.lead_closed_at
    from zonedesk.notifications.models import Message

    assert not Message.objects.filter(event="stage.lead_summary",
                                      object_key=f"approvals.application:{app.pk}").exists()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_closes_at_once_one_wins_the_other_is_told() -> None:
    from zonedesk.testing.factories import (
        DepartmentFactory,
        EnterpriseFactory,
        IndustryFactory,
        UserFactory,
        ZoneFactory,
    )
    from zonedesk.testing.race import race

    zone: Any = ZoneFactory()
    IndustryFactory()
    # One department: it handles every item and (the template's fallback) leads every stage.
    spj = DepartmentFactory(zone=zone, code="SPJ", name="行政审批局")
    catalogue_start(actor=Actor.system("test"), zone=zone)
    window: Any = UserFactory(zone=zone, roles=[Role.WINDOW_CLERK], department=spj)
    leads: list[Any] = [UserFactory(zone=zone, roles=[Role.REVIEWER], department=spj) for _ in range(2)]
    enterprise: Any = EnterpriseFactory(zone=zone, credit_grade="A", credit_source="测试")
    owner: Any = UserFactory(zone=zone, roles=[Role.ENTERPRISE], enterprise=enterprise)
    ent = Actor(user=owner, channel="web")
    category = ProjectCategory.objects.get(version__zone=zone, code="industrial_social")
    project = services.project_create(
        actor=ent, enterprise_id=enterprise.pk, name="并发办结测试", code="2026-211382-30-03-000998",
        category_id=category.pk, parcels=["T-2"],
    )
    app = services.application_submit(
        actor=ent, project_id=project.pk, stage=Stage.LAND, form=stage_values(Stage.LAND, zone.pk)
    )
    for row in app.materials.filter(status="missing"):
        services.application_add_material(
            actor=ent, application_id=app.pk, material_type_id=row.material_type_id,
            upload=(f"m{row.pk}.pdf", PDF),
        )
    services.application_accept(actor=Actor(user=window, channel="web"), application_id=app.pk)
    for ai in ApplicationItem.objects.filter(application=app, state=ItemState.IN_REVIEW):
        services.item_approve(actor=Actor(user=leads[0], channel="web"), item_id=ai.pk)
    assert Application.objects.get(pk=app.pk).status == ApplicationStatus.LEAD_SUMMARY

    def close(i: int):
        user = User.objects.get(pk=leads[i].pk)
        return services.stage_close(actor=Actor(user=user, channel="web"), application_id=app.pk,
                                    result=f"办结意见 {i}")

    results = race(lambda: close(0), lambda: close(1))
    winners = [r for r in results if isinstance(r, Application)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert isinstance(losers[0], Conflict) and losers[0].code == "stage_closed"
    assert "本次操作未执行" in losers[0].message
    stored = Application.objects.get(pk=app.pk)
    assert stored.status == ApplicationStatus.COMPLETED and stored.lead_result == winners[0].lead_result
    assert AuditRecord.objects.filter(action="approvals.stage.close", object_id=str(app.pk)).count() == 1
