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


def test_a_successful_return_answers_200_not_404(login_client):
    """退单 takes the appeal away from the department: the API answers what it may still know,
    and the page sends the department to its list with the success message."""
    ent = login_client("enterprise")
    body = {"category_id": _general(), "title": "退单测试", "description": "内容"}
    pk = _post(ent, f"{P}/", body).json()["id"]
    window = login_client("window")
    _post(window, f"{P}/{pk}/accept", {})
    ghj = Department.objects.get(zone__code="LY", code="GHJ").pk
    _post(window, f"{P}/{pk}/dispatch", {"lead_department_id": ghj})
    reviewer = login_client("reviewer")
    r = _post(reviewer, f"{P}/{pk}/return", {"text": "不属于本局职责"})
    assert r.status_code == 200, r.content
    assert r.json()["status"] == Appeal.objects.get(pk=pk).status and r.json()["id"] == pk
    # The page: dispatched again, returned again, redirected to the list rather than a 404.
    _post(login_client("window"), f"{P}/{pk}/dispatch", {"lead_department_id": ghj})
    page = login_client("reviewer")
    r = page.post(f"/appeals/{pk}/return/", {"text": "仍不属于本局职责"})
    assert r.status_code == 302 and r.headers["Location"] == "/appeals/"
    assert page.get(r.headers["Location"]).status_code == 200


def test_a_steward_cannot_rate_the_zones_own_service(login_client):
    """Even under an authorisation that names rating (granted before the rule), the steward is
    refused with the reason, and nothing is written; a new authorisation cannot name it."""
    import datetime as dt

    from zonedesk.agency.models import AgentAuthorisation
    from zonedesk.agency.services import authorisation_grant
    from zonedesk.core.actor import Actor
    from zonedesk.core.errors import ValidationFailed
    from zonedesk.organisation.models import User

    case = Appeal.objects.get(title="厂区门前增设公交站点")  # 中玻's, waiting for its rating
    # The steward raised it for 中玻, so it sees the case (a steward sees what it raised).
    Appeal.objects.filter(pk=case.pk).update(raised_by=User.objects.get(username="steward"))
    AgentAuthorisation.objects.filter(agent__username="steward").update(
        actions=["appeals.raise", "appeals.rate", "approvals.rate"])
    before = (Rating.objects.count(), audit_rows())
    r = _post(login_client("steward"), f"{P}/ratings", {"kind": "appeal", "case_id": case.pk,
                                                        "level": "very_satisfied"})
    assert r.status_code == 403 and r.json()["code"] == "rater_not_enterprise", r.content
    assert "管家不能代企业评价" in r.json()["detail"]
    assert (Rating.objects.count(), audit_rows()) == before
    owner = User.objects.get(username="enterprise")
    with pytest.raises(ValidationFailed) as exc:
        authorisation_grant(actor=Actor(user=owner), agent_id=User.objects.get(username="steward").pk,
                            mode="act", actions=["appeals.rate"], valid_from=dt.date(2026, 6, 1),
                            valid_until=dt.date(2027, 5, 31), note="x")
    assert "actions" in exc.value.errors
