"""API tokens end with the sign-in that asked for them (issue 16, point 3): a token requested
from a signed-in web session is revoked when that session signs out; POST /api/auth/logout
revokes the token it is called with. Other tokens of the user live on."""

from __future__ import annotations

import pytest
from django.test import Client

from zonedesk.audit.models import AuditRecord
from zonedesk.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _token(client: Client, username: str = "window") -> str:
    response = client.post("/api/auth/token", {"username": username, "password": DEMO_PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _works(token: str) -> bool:
    return Client().get("/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_signing_out_of_the_web_session_revokes_the_tokens_it_asked_for(login_client) -> None:
    web = login_client("window")
    from_session = _token(web)
    elsewhere = _token(Client())
    assert _works(from_session) and _works(elsewhere)
    web.post("/logout/")
    assert not _works(from_session)
    assert _works(elsewhere)
    logout = AuditRecord.objects.filter(action="auth.logout").latest("id")
    assert len(logout.after["revoked_tokens"]) == 1


def test_api_logout_revokes_the_token_it_came_with() -> None:
    first, second = _token(Client()), _token(Client())
    response = Client().post("/api/auth/logout", HTTP_AUTHORIZATION=f"Bearer {first}")
    assert response.status_code == 200 and response.json() == {"revoked_tokens": 1}
    assert not _works(first) and _works(second)
    assert Client().post("/api/auth/logout", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 401
