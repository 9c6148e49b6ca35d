"""Two factors (issue 16, point 3): TOTP required per role by setting, enrolment at sign-in,
recovery codes, replay refused, the audited reset by the security administrator, and the
token endpoint asking for the code too."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import pytest
from django.test import Client

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.organisation import totp
from zonedesk.organisation.models import MfaDevice, MfaRecoveryCode, User

pytestmark = pytest.mark.django_db

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


class TestTotp:
    def test_the_rfc_6238_sha1_vectors(self) -> None:
        # RFC 6238 appendix B (8 digits there; the last 6 are the 6-digit code)
        assert totp.code_at(RFC_SECRET, 59) == "287082"
        assert totp.code_at(RFC_SECRET, 1111111109) == "081804"
        assert totp.code_at(RFC_SECRET, 2000000000) == "279037"

    def test_a_code_is_accepted_one_step_either_side_and_never_twice(self) -> None:
        now = 1_800_000_000
        step = now // 30
        for offset in (-1, 0, 1):
            assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, now + 30 * offset), now, 0) \
                == step + offset
        assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, now - 60), now, 0) is None
        assert totp.matching_step(RFC_SECRET, totp.code_at(RFC_SECRET, now), now, step) is None
        assert totp.matching_step(RFC_SECRET, "12345", now, 0) is None
        assert totp.matching_step(RFC_SECRET, "abcdef", now, 0) is None

    def test_the_provisioning_uri_names_the_account_and_issuer(self) -> None:
        uri = totp.provisioning_uri(RFC_SECRET, "security", "zonedesk")
        assert uri.startswith("otpauth://totp/zonedesk:security?")
        assert f"secret={RFC_SECRET}" in uri


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def mfa_for_security(settings) -> None:
    settings.MFA_REQUIRED_ROLES = {"security_admin", "audit_admin"}


def sign_in_password(client: Client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR="192.0.2.77")


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def current_code(user: User, offset: int = 0) -> str:
    device = MfaDevice.objects.get(user=user)
    return totp.code_at(device.secret, time.time() + 30 * offset)


def enrol(client: Client, user: User, password: str) -> list[str]:
    sign_in_password(client, user.username, password)
    client.get("/login/2fa/")
    response = client.post("/login/2fa/", {"code": current_code(user)})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4})</code>", response.content.decode())
    client.post("/logout/")
    return codes


class TestWebSignIn:
    def test_a_required_role_enrols_at_sign_in_and_gets_recovery_codes(
            self, client: Client, demo_user: Any, password: str, mfa_for_security: None) -> None:
        user = demo_user("security")
        # When the password is right
        response = sign_in_password(client, "security", password)
        # Then the session is not signed in yet: the second step asks to enrol
        assert response.status_code == 302 and response["Location"] == "/login/2fa/"
        assert not signed_in(client)
        page = client.get("/login/2fa/").content.decode()
        assert "<svg" in page
        secret = MfaDevice.objects.get(user=user).secret
        assert secret in page
        # A wrong code is refused, naming the field
        response = client.post("/login/2fa/", {"code": "000000"})
        assert "动态口令不正确" in response.content.decode()
        assert not signed_in(client)
        # The right code binds the device, signs in and shows 10 recovery codes once
        response = client.post("/login/2fa/", {"code": current_code(user)})
        assert signed_in(client)
        codes = re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4})</code>", response.content.decode())
        assert len(codes) == 10, response.content.decode()[:3000]
        assert MfaRecoveryCode.objects.filter(user=user).count() == 10
        assert MfaDevice.objects.get(user=user).confirmed_at is not None
        assert AuditRecord.objects.filter(action="mfa.enrol", object_id=str(user.pk)).exists()

    def test_an_enrolled_user_signs_in_with_a_code_and_a_code_is_used_once(
            self, client: Client, demo_user: Any, password: str, mfa_for_security: None) -> None:
        user = demo_user("security")
        enrol(client, user, password)
        sign_in_password(client, "security", password)
        code = current_code(user, +1)  # the enrolment used the current step
        assert client.post("/login/2fa/", {"code": code}).status_code == 302
        assert signed_in(client)
        client.post("/logout/")
        sign_in_password(client, "security", password)
        response = client.post("/login/2fa/", {"code": code})
        assert not signed_in(client)
        assert "动态口令或恢复码不正确" in response.content.decode()
        failed = AuditRecord.objects.filter(action="auth.mfa", actor=user, result=Result.FAILED)
        assert failed.exists()

    def test_a_recovery_code_works_once(
            self, client: Client, demo_user: Any, password: str, mfa_for_security: None) -> None:
        user = demo_user("security")
        codes = enrol(client, user, password)
        sign_in_password(client, "security", password)
        client.post("/login/2fa/", {"code": codes[3].upper()})
        assert signed_in(client)
        client.post("/logout/")
        sign_in_password(client, "security", password)
        client.post("/login/2fa/", {"code": codes[3]})
        assert not signed_in(client)

    def test_a_role_not_required_signs_in_with_the_password_alone(
            self, client: Client, password: str, mfa_for_security: None) -> None:
        response = sign_in_password(client, "window", password)
        assert response.status_code == 302 and response["Location"] == "/"
        assert signed_in(client)

    def test_the_second_step_without_a_password_step_goes_back_to_login(self, client: Client) -> None:
        response = client.get("/login/2fa/")
        assert response.status_code == 302 and response["Location"] == "/login/"

    def test_a_stale_second_step_expires(
            self, client: Client, password: str, mfa_for_security: None) -> None:
        sign_in_password(client, "security", password)
        session = client.session
        pending = session["zonedesk_mfa_pending"]
        session["zonedesk_mfa_pending"] = {**pending, "at": pending["at"] - 600}
        session.save()
        assert client.get("/login/2fa/")["Location"] == "/login/"


class TestReset:
    def test_the_security_admin_resets_a_device_and_it_is_audited(
            self, client: Client, demo_user: Any, password: str, login_client: Any,
            mfa_for_security: None) -> None:
        auditor = demo_user("auditor")
        enrol(Client(), auditor, password)
        admin = login_client("security")
        response = admin.post(f"/security/users/{auditor.pk}/2fa/reset/")
        assert response.status_code == 302
        assert not MfaDevice.objects.filter(user=auditor).exists()
        assert not MfaRecoveryCode.objects.filter(user=auditor).exists()
        record = AuditRecord.objects.filter(action="user.mfa_reset").latest("id")
        assert record.object_id == str(auditor.pk)
        assert record.before == {"enrolled": True, "recovery_codes": 10}

    @pytest.mark.parametrize("username", ["admin", "auditor", "window", "jp-leader"])
    def test_no_one_else_may_reset(self, login_client: Any, demo_user: Any, username: str) -> None:
        target = demo_user("reviewer")
        MfaDevice.objects.create(user=target, secret=RFC_SECRET)
        assert login_client(username).post(f"/security/users/{target.pk}/2fa/reset/").status_code == 404
        assert MfaDevice.objects.filter(user=target).exists()


class TestToken:
    def _token(self, client: Client, password: str, otp: str | None = None):
        body = {"username": "security", "password": password}
        if otp is not None:
            body["otp"] = otp
        return client.post("/api/auth/token", body, content_type="application/json")

    def test_the_token_endpoint_asks_for_the_code(
            self, client: Client, demo_user: Any, password: str, mfa_for_security: None) -> None:
        response = self._token(client, password)
        assert (response.status_code, response.json()["code"]) == (401, "mfa_not_enrolled")
        user = demo_user("security")
        enrol(Client(), user, password)
        response = self._token(client, password)
        assert (response.status_code, response.json()["code"]) == (401, "mfa_required")
        response = self._token(client, password, "000000")
        assert (response.status_code, response.json()["code"]) == (401, "mfa_invalid")
        response = self._token(client, password, current_code(user, +1))
        assert response.status_code == 200
        assert response.json()["token"]
