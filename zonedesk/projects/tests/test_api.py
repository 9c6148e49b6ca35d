"""The pipeline's JSON API: strict bodies, the same rules as the pages, lists at a fixed cost."""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zonedesk.projects.models import Project

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_new_view_lists_the_36_with_their_total(login_client) -> None:
    r = login_client("leader").get("/api/projects/", {"view": "new", "period": "2026", "page_size": 50})
    body = r.json()
    assert (body["count"], body["total_investment_yi"]) == (36, "111.49")
    assert {i["stage"] for i in body["items"]} <= {"building", "production"}


def test_create_is_strict_and_checked_by_the_same_rules(login_client, counts) -> None:
    client = login_client("investment")
    before = counts()
    r = post(client, "/api/projects/", {"name": "接口测试项目", "total_investment_wan": "100", "extra": 1})
    assert r.status_code == 422
    r = post(
        client,
        "/api/projects/",
        {"name": "接口测试项目", "total_investment_wan": "100", "project_code": "2106-211382-04-01"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "project_code"]
    assert counts() == before
    r = post(
        client,
        "/api/projects/",
        {
            "name": "接口测试项目",
            "total_investment_wan": "25000.50",
            "lead_source": "qingdao",
            "is_key": True,
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["stage"], body["total_investment_yi"], body["lead_source"]) == ("reserve", "2.50", "qingdao")


def test_a_move_refused_by_the_gate_is_409_with_what_is_missing(login_client, counts) -> None:
    p = (
        Project.objects.filter(zone__code="LY", stage="reserve", investor_name="").first()
        or Project.objects.filter(zone__code="LY", stage="reserve").first()
    )
    p.lead_source = ""
    p.save(update_fields=["lead_source"])
    before = counts()
    r = post(login_client("investment"), f"/api/projects/{p.pk}/moves", {"to_stage": "negotiating"})
    assert r.status_code == 409
    assert r.json()["code"] == "gate" and "招商渠道" in r.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("params", [{}, {"view": "signed", "period": "2026"}])
def test_the_api_list_costs_the_same_for_20_and_100_rows(login_client, params) -> None:
    client = login_client("investment")

    def cost(size: int) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/api/projects/", {"page_size": size, **params}).status_code == 200
        return len(ctx.captured_queries)

    cost(20)
    assert cost(20) == cost(100)


def test_the_project_page_shows_what_a_steward_did_for_its_enterprise(login_client, demo_user) -> None:
    import datetime as dt

    from zonedesk.agency.models import AgentAuthorisation
    from zonedesk.agency.selectors import actor_for_enterprise
    from zonedesk.audit.services import audit_record
    from zonedesk.core.actor import Actor

    p = Project.objects.filter(
        zone__code="LY", enterprise__isnull=False, project_steward=demo_user("steward")
    ).first()
    AgentAuthorisation.objects.create(
        zone=p.zone,
        enterprise=p.enterprise,
        agent=demo_user("steward"),
        mode="act",
        actions=["approvals.apply"],
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2027, 12, 31),
        granted_by=demo_user("enterprise"),
    )
    acting = actor_for_enterprise(
        actor=Actor(user=demo_user("steward")), enterprise_id=p.enterprise_id, action="approvals.apply"
    )
    with transaction.atomic():
        audit_record(actor=acting, action="approvals.apply", object_repr="代办测试申报")
    html = login_client("leader").get(reverse("projects:detail", args=[p.pk])).content.decode()
    assert f"孙志强（代{p.enterprise.name}）" in html and "代办测试申报" in html
    assert "申报审批事项" in html
