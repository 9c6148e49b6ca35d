"""The API never answers an HTML 500: out-of-range numbers and control characters are 422s
naming the field, anything unexpected is a JSON error with a request id (issue 16, point 5)."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from django.test import Client

from zonedesk.core.api import api
from zonedesk.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

HUGE = "9567904708641801391881322496"


def paginated_get_paths() -> list[str]:
    schema = api.get_openapi_schema()
    out = []
    for path, ops in schema["paths"].items():
        get = ops.get("get")
        if get and "{" not in path and any(p["name"] == "page" for p in get.get("parameters", [])):
            out.append(path)
    return sorted(out)


def test_there_are_paginated_lists_to_check() -> None:
    assert len(paginated_get_paths()) >= 3


@pytest.mark.parametrize("path", paginated_get_paths())
@pytest.mark.parametrize("username", ["leader", "window"])
def test_a_page_beyond_bigint_is_a_422_in_json(login_client: Any, path: str, username: str) -> None:
    response = login_client(username).get(path, {"page": HUGE})
    assert response.status_code < 500, (path, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 422:
        assert response.json()["detail"][0]["loc"][0] == "query"


def _patch(client: Client, enterprise: Enterprise, body: str):
    return client.patch(f"/api/enterprises/{enterprise.pk}", body, content_type="application/json")


@pytest.mark.parametrize("text", ["a\u0000b", "\u0007bell", "lone \ud800 surrogate", "x\x7f"])
def test_control_characters_in_a_json_field_are_a_422_naming_it(login_client: Any, text: str) -> None:
    zb = Enterprise.objects.filter(zone__code="LY").first()
    response = _patch(login_client("window"), zb, json.dumps({"version": zb.version, "name": text}))
    assert response.status_code == 422, response.content
    [item] = response.json()["detail"]
    assert item["loc"] == ["body", "name"]
    assert item["type"] == "control_character"
    assert Enterprise.objects.get(pk=zb.pk).name == zb.name


def test_tab_and_newline_are_still_text(login_client: Any) -> None:
    zb = Enterprise.objects.filter(zone__code="LY").first()
    response = _patch(login_client("window"), zb,
                      json.dumps({"version": zb.version, "address": "一行\n二行\t尾"}))
    assert response.status_code == 200, response.content


def test_a_nul_in_a_query_parameter_is_a_422_naming_it(login_client: Any) -> None:
    response = login_client("window").get("/api/enterprises/", {"q": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_an_unexpected_error_is_json_with_a_request_id_and_nothing_internal(
        login_client: Any, caplog) -> None:
    client = login_client("window")
    client.raise_request_exception = False
    with mock.patch("zonedesk.enterprises.api.enterprise_list_for",
                    side_effect=RuntimeError("secret table name zd_internal")):
        response = client.get("/api/enterprises/", HTTP_X_REQUEST_ID="req-42")
    assert response.status_code == 500
    body = response.json()
    assert body == {"detail": body["detail"], "code": "internal_error", "request_id": "req-42"}
    assert "zd_internal" not in response.content.decode()
    assert response["X-Request-ID"] == "req-42"
    assert any("req-42" in r.getMessage() for r in caplog.records)


def test_a_forged_request_id_is_replaced(login_client: Any) -> None:
    client = login_client("window")
    with mock.patch("zonedesk.enterprises.api.enterprise_list_for", side_effect=RuntimeError):
        response = client.get("/api/enterprises/", HTTP_X_REQUEST_ID="<script>")
    assert len(response.json()["request_id"]) == 32


def test_a_validation_message_for_people_names_no_internal_field():
    from zonedesk.core.errors import ValidationFailed

    exc = ValidationFailed({"note": "材料齐全；如需补正其他内容，请写明补正要求", "title": "请填写标题"})
    assert exc.message == "材料齐全；如需补正其他内容，请写明补正要求；请填写标题"
    assert exc.field == "note" and exc.as_detail()["detail"][0]["loc"] == ["body", "note"]
