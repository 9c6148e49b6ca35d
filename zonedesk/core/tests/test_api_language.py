"""The API answers in the request's language (Accept-Language) with the same stable codes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("accept", "detail"), [
    ("en-US,en;q=0.9", "Not logged in, or the token is not valid"),
    ("zh-CN,zh;q=0.9", "未登录或令牌无效"),
    ("", "未登录或令牌无效"),  # Chinese first
    ("fr-FR", "未登录或令牌无效"),
])
def test_api_error_in_the_accepted_language(client, accept, detail) -> None:
    response = client.get("/api/enterprises/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 401
    assert response.json() == {"detail": detail, "code": "unauthenticated"}
    assert "Accept-Language" in response["Vary"]


def test_unknown_api_path_in_english(client) -> None:
    response = client.get("/api/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["detail"] == "No such API endpoint"


def test_the_language_cookie_wins_over_accept_language(client) -> None:
    client.cookies["django_language"] = "zh-hans"
    response = client.get("/api/enterprises/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "未登录或令牌无效"


def test_pages_ignore_accept_language(client) -> None:
    """A page stays Chinese first: only the language menu switches it."""
    response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "zh-hans"
