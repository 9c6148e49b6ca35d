"""The token API: POST /api/auth/token, then Authorization: Bearer on every call."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from zonedesk.audit.chain import sm3_hex
from zonedesk.audit.models import AuditRecord, Result
from zonedesk.core.actor import Actor
from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.organisation.models import ApiToken, User
from zonedesk.organisation.services import BAD_CREDENTIALS, user_change_password
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def issue(client: Client, username: str = "window", password: str = DEMO_PASSWORD,
          meta: dict[str, str] | None = None, **extra: Any):
    """POST the credentials (plus any ``extra`` body fields) as JSON."""
    return client.post("/api/auth/token", {"username": username, "password": password, **extra},
                       content_type="application/json", **(meta or {}))


def me(client: Client, token: str):
    return client.get("/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def token(client: Client) -> str:
    response = issue(client)
    assert response.status_code == 200
    return response.json()["token"]


class TestIssue:
    def test_good_credentials_give_a_token_that_works(self, client: Client, demo_user: Any) -> None:
        # Given / when
        response = issue(client)
        # Then
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"token", "expires_in_days"}
        assert body["expires_in_days"] == 7
        answer = me(Client(), body["token"])
        assert answer.status_code == 200
        assert answer.json() == {
            "id": demo_user("window").pk, "username": "window", "full_name": "李晓琳",
            "zone": "LY", "zone_name": "凌源经济开发区", "zone_short_name": "凌源经开区",
            "department": "行政审批局（审批大厅）", "enterprise_id": None,
            "roles": ["window_clerk"], "large_text": False,
        }

    def test_only_the_sm3_digest_of_the_token_is_stored(self, token: str, demo_user: Any) -> None:
        row = ApiToken.objects.get(user=demo_user("window"))
        assert row.digest == sm3_hex(token.encode())
        assert token not in row.digest
        assert abs(row.expires_at - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM organisation_apitoken WHERE digest = %s", [token])
            assert cursor.fetchone()[0] == 0

    def test_the_sign_in_and_the_issue_are_audited_on_the_api_channel(
        self, client: Client, demo_user: Any
    ) -> None:
        since = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first()
        issue(client, meta={"REMOTE_ADDR": "192.0.2.8"})
        records = list(AuditRecord.objects.filter(id__gt=since).order_by("id"))
        assert [(r.action, r.channel, r.ip) for r in records] == [
            ("auth.login", "api", "192.0.2.8"), ("api_token.issue", "api", "192.0.2.8")]
        assert "token_id" in records[1].after

    def test_bad_credentials_are_401_json_and_issue_nothing(
        self, client: Client, demo_user: Any
    ) -> None:
        response = issue(client, password="wrong")
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == {"detail": BAD_CREDENTIALS, "code": "bad_credentials"}
        assert not ApiToken.objects.filter(user=demo_user("window")).exists()
        assert AuditRecord.objects.filter(action="auth.login").latest("id").result == Result.FAILED

    def test_an_unknown_user_gets_the_same_401(self, client: Client) -> None:
        assert issue(client, username="ghost", password="wrong").json() == \
            issue(client, password="wrong").json()

    def test_an_extra_field_is_422_with_loc_and_msg(self, client: Client, demo_user: Any) -> None:
        rows = audit_rows()
        response = issue(client, remember_me=True)
        assert response.status_code == 422
        detail = response.json()["detail"]
        assert isinstance(detail, list)
        assert detail
        assert any("remember_me" in item["loc"] for item in detail)
        assert all(isinstance(item["msg"], str) and item["msg"] for item in detail)
        assert not ApiToken.objects.filter(user=demo_user("window")).exists()
        assert audit_rows() == rows

    @pytest.mark.parametrize("body", [
        {"username": "window"},
        {"username": "window", "password": 12345678},
        {"username": "", "password": DEMO_PASSWORD},
    ])
    def test_a_malformed_body_is_422(self, client: Client, body: dict) -> None:
        response = client.post("/api/auth/token", body, content_type="application/json")
        assert response.status_code == 422
        assert {"loc", "msg"} <= set(response.json()["detail"][0])

    def test_a_locked_account_gets_no_token(self, client: Client, demo_user: Any) -> None:
        User.objects.filter(username="window").update(
            locked_until=timezone.now() + dt.timedelta(minutes=30))
        response = issue(client)
        assert response.status_code == 401
        assert response.json()["code"] == "bad_credentials"  # the same as an unknown name
        assert not ApiToken.objects.filter(user=demo_user("window")).exists()


class TestBearer:
    def test_no_header_is_401(self) -> None:
        response = Client().get("/api/auth/me")
        assert response.status_code == 401
        assert response.json()["detail"]

    def test_an_unknown_token_is_401(self) -> None:
        assert me(Client(), "not-a-token").status_code == 401

    def test_an_expired_token_is_401(self, token: str) -> None:
        ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
        response = me(Client(), token)
        assert response.status_code == 401
        assert response.json() == {"detail": "未登录或令牌无效", "code": "unauthenticated"}

    def test_a_revoked_token_is_401(self, token: str) -> None:
        ApiToken.objects.update(revoked=True)
        assert me(Client(), token).status_code == 401

    def test_the_token_of_a_deactivated_user_is_401(self, token: str) -> None:
        User.objects.filter(username="window").update(is_active=False)
        assert me(Client(), token).status_code == 401

    def test_changing_the_password_revokes_the_users_tokens(
        self, token: str, demo_user: Any
    ) -> None:
        # Given a working token
        assert me(Client(), token).status_code == 200
        window = demo_user("window")
        # When the user changes their password
        user_change_password(actor=Actor(user=window), user=window, old_password=DEMO_PASSWORD,
                             new_password="Blue-harbour-2031")
        # Then the token is dead, and the audit row says so
        assert me(Client(), token).status_code == 401
        record = AuditRecord.objects.filter(action="user.change_password").latest("id")
        assert record.after["api_tokens_revoked"] == 1

