"""API tokens: an idle timeout, and a list and revoke API of one's own tokens (issue 16, point 3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zonedesk.audit.models import AuditRecord
from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.organisation.models import ApiToken

pytestmark = pytest.mark.django_db


def issue(client: Client, username: str = "window") -> str:
    response = client.post("/api/auth/token", {"username": username, "password": DEMO_PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_unused_past_the_idle_timeout_stops_working(client: Client, settings) -> None:
    settings.API_TOKEN_IDLE_MINUTES = 30
    token = issue(client)
    assert client.get("/api/auth/me", **bearer(token)).status_code == 200
    row = ApiToken.objects.latest("id")
    assert row.last_used_at is not None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=31))
    assert client.get("/api/auth/me", **bearer(token)).status_code == 401


def test_a_token_never_used_times_out_from_its_creation(client: Client, settings) -> None:
    settings.API_TOKEN_IDLE_MINUTES = 30
    token = issue(client)
    ApiToken.objects.filter(digest__isnull=False).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert client.get("/api/auth/me", **bearer(token)).status_code == 401


def test_list_and_revoke_own_tokens(client: Client) -> None:
    first, second = issue(client), issue(client)
    listed = client.get("/api/auth/tokens", **bearer(first)).json()
    assert len(listed) >= 2
    assert {"id", "created_at", "expires_at", "last_used_at", "revoked"} <= set(listed[0])
    newest = listed[0]["id"]
    response = client.delete(f"/api/auth/tokens/{newest}", **bearer(first))
    assert response.status_code == 200 and response.json()["revoked"] is True
    assert client.get("/api/auth/me", **bearer(second)).status_code == 401
    assert client.get("/api/auth/me", **bearer(first)).status_code == 200
    assert AuditRecord.objects.filter(action="api_token.revoke").latest("id").after["token_id"] == newest
    again = client.delete(f"/api/auth/tokens/{newest}", **bearer(first))
    assert (again.status_code, again.json()["code"]) == (409, "token_revoked")


def test_someone_elses_token_is_a_404(client: Client, demo_user: Any) -> None:
    issue(client, "reviewer")
    theirs = ApiToken.objects.filter(user=demo_user("reviewer")).latest("id")
    mine = issue(client, "window")
    assert client.delete(f"/api/auth/tokens/{theirs.pk}", **bearer(mine)).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.revoked


def test_the_tokens_page_lists_and_revokes_own_tokens(login_client: Any) -> None:
    api_client = Client()  # no session: only the bearer token may authenticate it
    token = issue(api_client, "window")
    row = ApiToken.objects.latest("id")
    page = login_client("window")
    html = page.get("/account/tokens/").content.decode()
    assert f"/account/tokens/{row.pk}/revoke/" in html
    assert page.post(f"/account/tokens/{row.pk}/revoke/").status_code == 302
    row.refresh_from_db()
    assert row.revoked
    assert api_client.get("/api/auth/me", **bearer(token)).status_code == 401


def test_the_page_never_revokes_someone_elses_token(login_client: Any) -> None:
    issue(Client(), "window")
    theirs = ApiToken.objects.latest("id")
    assert login_client("security").post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.revoked
