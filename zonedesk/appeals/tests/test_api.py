"""The JSON API: strict bodies, coded errors, and a case moved end to end."""

from __future__ import annotations

import pytest

from zonedesk.appeals.models import Appeal, Category, Rating
from zonedesk.organisation.models import Department
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db
P = "/api/appeals"


def _post(client, path, body):
    return client.post(path, data=body, content_type="application/json")


def _general():
    return Category.objects.get(zone__code="LY", code="general").pk


def test_a_case_through_the_api(login_client):
    ent = login_client("enterprise")
    r = _post(ent, f"{P}/", {"category_id": _general(), "title": "接口诉求", "description": "内容",
                             "contact_phone": "0421-6822000"})
    assert r.status_code == 201, r.content
    pk, body = r.json()["id"], r.json()
    assert body["status"] == "submitted" and body["timing"]["state"] == ""
    window = login_client("window")
    assert _post(window, f"{P}/{pk}/accept", {}).json()["status"] == "accepted"
    ghj = Department.objects.get(zone__code="LY", code="GHJ").pk
    r = _post(window, f"{P}/{pk}/dispatch", {"lead_department_id": ghj})
    assert r.json()["lead_department"] == "规划建设局"
    reviewer = login_client("reviewer")
    assert _post(reviewer, f"{P}/{pk}/sign", {}).json()["status"] == "handling"
    r = _post(reviewer, f"{P}/{pk}/reply", {"text": "已办理"})
    assert r.json()["status"] == "replied" and r.json()["replied_on_time"] is True
    assert _post(login_client("window"), f"{P}/{pk}/visit", {"text": "已回访"}).json()["status"] == "visited"
    r = _post(login_client("enterprise"), f"{P}/ratings", {"kind": "appeal", "case_id": pk,
                                                           "level": "unsatisfied", "comment": "慢"})
    assert r.status_code == 201 and r.json()["rectification"]["status"] == "open"
    assert Appeal.objects.get(pk=pk).status == "closed"
    detail = login_client("enterprise").get(f"{P}/{pk}").json()
    assert [h["action"] for h in detail["history"]] == [
        "raise", "accept", "dispatch", "sign", "reply", "visit", "rate"]
    assert detail["explain"] and "受理时间" in detail["explain"][0]


def test_unknown_or_mistyped_fields_are_refused(login_client):
    client = login_client("enterprise")
    before = (Appeal.objects.count(), audit_rows())
    r = _post(client, f"{P}/", {"category_id": _general(), "title": "t", "description": "d",
                                "status": "closed"})
    assert r.status_code == 422
    r = _post(client, f"{P}/", {"category_id": str(_general()), "title": "t", "description": "d"})
    assert r.status_code == 422
    r = _post(client, f"{P}/", {"category_id": _general(), "title": "t", "description": " "})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "description"]
    assert (Appeal.objects.count(), audit_rows()) == before


def test_a_conflict_is_409_with_its_code(login_client):
    a = Appeal.objects.get(title="二期厂房规划许可进度")
    r = _post(login_client("reviewer"), f"{P}/{a.pk}/sign", {})
    assert r.status_code == 409 and r.json()["code"] == "wrong_state"
    r = _post(login_client("reviewer"), f"{P}/{a.pk}/reply", {"text": "x", "version": a.version - 1})
    assert r.status_code == 409 and r.json()["code"] == "stale_version"


def test_a_second_rating_is_409_and_changes_nothing(login_client):
    rating = Rating.objects.filter(rated_by__username="enterprise").first()
    before = (Rating.objects.count(), audit_rows())
    r = _post(login_client("enterprise"), f"{P}/ratings",
              {"kind": "appeal", "case_id": rating.case_id, "level": "very_satisfied"})
    assert r.status_code == 409 and r.json()["code"] == "already_rated"
    assert (Rating.objects.count(), audit_rows()) == before


def test_every_route_declares_its_errors(client):
    schema = client.get("/api/openapi.json").json()
    ops = [(path, method, op) for path, item in schema["paths"].items() if path.startswith(P)
           for method, op in item.items()]
    assert len(ops) >= 20
    for path, method, op in ops:
        assert "401" in op["responses"], f"{method} {path}"
        if method == "post":
            assert {"403", "404", "409", "422"} <= set(op["responses"]), f"{method} {path}"
