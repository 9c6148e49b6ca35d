"""API errors of policies, land and commitments (issue 15): the message in the language of
Accept-Language, the stable code alongside, the same code in every language."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from zonedesk.organisation.models import Department
from zonedesk.policies.models import Clause
from zonedesk.rules_engine.texts import HAN

pytestmark = pytest.mark.django_db


def _call(client, method, url, data, language):
    response = getattr(client, method)(
        url, json.dumps(data), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    translation.activate("zh-hans")  # the test client's request leaves its language active
    return response.status_code, response.json()


def _messages(body) -> list[str]:
    if isinstance(body["detail"], list):
        return [item["msg"] for item in body["detail"]]
    return [body["detail"]]


def _codes(body):
    if isinstance(body["detail"], list):
        return sorted((tuple(item["loc"]), item["type"]) for item in body["detail"])
    return body["code"]


def requests() -> list[tuple[str, str, str, dict]]:
    auto = Clause.objects.get(zone__code="LY", code="一.1")
    apply = Clause.objects.get(zone__code="LY", code="二.2")
    department = Department.objects.filter(zone__code="LY").first()
    assert department is not None
    return [
        (
            "investment",
            "post",
            f"/api/policies/clauses/{auto.pk}/auto-awards",
            {"period": 1990, "enterprise_ids": []},
        ),
        (
            "investment",
            "post",
            f"/api/policies/clauses/{apply.pk}/auto-awards",
            {"period": 2025, "enterprise_ids": [1]},
        ),
        (
            "leader",
            "post",
            f"/api/policies/clauses/{auto.pk}/auto-awards",
            {"period": 2025, "enterprise_ids": [1]},
        ),
        (
            "investment",
            "post",
            "/api/land/parcels",
            {
                "code": "LY-EN-1",
                "area_mu": "5",
                "area_m2": "1",
                "boundary": {"type": "Point", "coordinates": [1, 2]},
            },
        ),
        (
            "investment",
            "post",
            "/api/commitments/",
            {
                "title": " ",
                "kind": "land",
                "source_kind": "agreement",
                "source_title": " ",
                "promised_on": "2099-01-01",
                "due_on": "2098-01-01",
                "department_id": department.pk,
            },
        ),
    ]


@pytest.mark.parametrize("index", range(5))
def test_errors_answer_in_the_accepted_language_with_the_same_code(login_client, index) -> None:
    role, method, url, data = requests()[index]
    client = login_client(role)
    status_en, english = _call(client, method, url, data, "en-US,en;q=0.9")
    status_zh, chinese = _call(client, method, url, data, "zh-CN,zh;q=0.9")
    assert status_en == status_zh and status_en in (403, 409, 422), english
    assert _codes(english) == _codes(chinese)
    assert [m for m in _messages(english) if HAN.search(m)] == [], english
    assert all(HAN.search(m) for m in _messages(chinese)), chinese
    if not isinstance(english["detail"], list):
        assert english["code"] and english["code"] == chinese["code"]


def test_a_failed_sign_in_answers_in_the_accepted_language(client) -> None:
    data = {"username": "window", "password": "not-the-password"}
    status_en, english = _call(client, "post", "/api/auth/token", data, "en")
    status_zh, chinese = _call(client, "post", "/api/auth/token", data, "zh-CN")
    assert status_en == status_zh == 401
    assert english["code"] == chinese["code"] == "bad_credentials"
    assert english["detail"].startswith("Wrong user name or password") and HAN.search(chinese["detail"])


def test_a_user_form_refusal_answers_in_english(actor_for) -> None:
    from zonedesk.core.errors import ValidationFailed
    from zonedesk.organisation.services import zone_bootstrap

    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        zone_bootstrap(actor=actor_for("admin"), code="bad code!", name="", region_code="12")
    assert set(exc.value.errors) == {"zone_code", "zone_name", "region_code"}
    assert not any(HAN.search(str(m)) for m in exc.value.errors.values()), exc.value.errors
