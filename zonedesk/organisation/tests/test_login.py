"""Signing in: lockout after repeated failures, unlock by the security admin, and the audit
of every attempt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.audit.services import GLOBAL_CHAIN
from zonedesk.demo.people import DEMO_PASSWORD, LOGINS
from zonedesk.organisation.models import User
from zonedesk.organisation.services import BAD_CREDENTIALS, LoginFailed, auth_login

pytestmark = pytest.mark.django_db

IP = "192.0.2.7"
BAD = BAD_CREDENTIALS


def post_login(client: Client, username: str, password: str) -> Any:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=IP)


def form_errors(response: Any) -> list[str]:
    return list(response.context["form"].non_field_errors())


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def new_audits(since: int, action: str = "auth.login") -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(id__gt=since, action=action).order_by("id"))


@pytest.fixture
def since() -> int:
    return AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.fixture
def window(demo_user: Any) -> User:
    return demo_user("window")


class TestSignIn:
    def test_the_right_password_signs_in_and_is_audited(
        self, client: Client, window: User, since: int
    ) -> None:
        response = post_login(client, "window", DEMO_PASSWORD)
        assert response.status_code == 302
        assert response["Location"] == "/"
        assert signed_in(client)
        [record] = new_audits(since)
        assert (record.result, record.actor_id, record.ip) == (Result.OK, window.pk, IP)
        assert record.chain == f"zone-{window.zone_id}"
        window.refresh_from_db()
        assert window.last_login is not None

    def test_a_wrong_password_is_refused_counted_and_audited(
        self, client: Client, window: User, since: int
    ) -> None:
        response = post_login(client, "window", "wrong-password")
        assert response.status_code == 200
        assert form_errors(response) == [BAD]
        assert not signed_in(client)
        window.refresh_from_db()
        assert window.failed_logins == 1
        [record] = new_audits(since)
        assert (record.result, record.actor_id, record.ip) == (Result.FAILED, window.pk, IP)
        assert record.message == "密码错误"

    def test_an_unknown_user_gets_the_same_answer_and_is_audited_globally(
        self, client: Client, since: int
    ) -> None:
        wrong = form_errors(post_login(client, "window", "wrong-password"))
        unknown = form_errors(post_login(client, "no-such-user", "wrong-password"))
        assert unknown == wrong == [BAD]
        record = new_audits(since)[-1]
        assert record.chain == GLOBAL_CHAIN
        assert (record.actor_id, record.result, record.ip) == (None, Result.FAILED, IP)
        assert record.object_repr == "no-such-user"

    def test_an_inactive_user_gets_the_same_answer_even_with_the_right_password(
        self, client: Client, window: User, since: int
    ) -> None:
        User.objects.filter(pk=window.pk).update(is_active=False)
        response = post_login(client, "window", DEMO_PASSWORD)
        assert form_errors(response) == [BAD]
        assert not signed_in(client)
        [record] = new_audits(since)
        assert (record.chain, record.result) == (GLOBAL_CHAIN, Result.FAILED)

    def test_a_success_clears_the_failure_count(self, client: Client, window: User) -> None:
        for _ in range(3):
            post_login(client, "window", "wrong-password")
        post_login(client, "window", DEMO_PASSWORD)
        window.refresh_from_db()
        assert window.failed_logins == 0

    def test_logout_is_audited(self, login_client: Any, window: User, since: int) -> None:
        client = login_client("window")
        assert client.post("/logout/").status_code == 302
        [record] = new_audits(since, "auth.logout")
        assert record.actor_id == window.pk
        assert client.get("/").status_code == 302

    def test_an_unknown_user_costs_a_password_hash_like_a_known_one(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # So the time of the answer does not tell which usernames exist.
        hashed: list[str] = []
        from django.contrib.auth.hashers import get_hasher

        hasher_class = type(get_hasher())  # whichever hasher the settings put first
        original = hasher_class.encode

        def spy(self: Any, password: str, salt: str, *args: Any) -> str:
            hashed.append(password)
            return original(self, password, salt, *args)

        monkeypatch.setattr(hasher_class, "encode", spy)
        with pytest.raises(LoginFailed):
            auth_login(username="window", password="guess-1", ip=IP)
        with pytest.raises(LoginFailed):
            auth_login(username="nobody-at-all", password="guess-2", ip=IP)
        assert hashed == ["guess-1", "guess-2"]


    def test_a_user_deactivated_while_the_password_is_checked_is_refused(
        self, window: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given the account is deactivated between the password check and the row lock
        real = User.check_password

        def check_then_deactivate(self: User, raw: str) -> bool:
            ok = real(self, raw)
            User.objects.filter(pk=self.pk).update(is_active=False)
            return ok

        monkeypatch.setattr(User, "check_password", check_then_deactivate)
        # When / then the right password does not sign in
        with pytest.raises(LoginFailed) as caught:
            auth_login(username="window", password=DEMO_PASSWORD, ip=IP)
        assert caught.value.code == "bad_credentials"

    def test_a_password_changed_while_the_old_one_is_checked_decides(
        self, window: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # Given the password is reset between the check of the old one and the row lock
        from django.contrib.auth.hashers import make_password

        real = User.check_password
        calls: list[str] = []

        def check_then_reset(self: User, raw: str) -> bool:
            ok = real(self, raw)
            if not calls:
                User.objects.filter(pk=self.pk).update(password=make_password("Reset-by-admin-2031"))
            calls.append(raw)
            return ok

        monkeypatch.setattr(User, "check_password", check_then_reset)
        # When / then the old password no longer signs in
        with pytest.raises(LoginFailed):
            auth_login(username="window", password=DEMO_PASSWORD, ip=IP)
        assert len(calls) == 2


class TestLockout:
    def test_five_wrong_passwords_lock_the_account_for_30_minutes(
        self, client: Client, window: User, since: int
    ) -> None:
        # Given four wrong passwords
        for _ in range(4):
            assert form_errors(post_login(client, "window", "wrong-password")) == [BAD]
        window.refresh_from_db()
        assert (window.failed_logins, window.locked_until) == (4, None)
        # When the fifth is wrong too
        started = timezone.now()
        response = post_login(client, "window", "wrong-password")
        # Then the answer says locked, for 30 minutes
        [message] = form_errors(response)
        assert "锁定" in message
        window.refresh_from_db()
        assert window.failed_logins == 0
        expected = started + dt.timedelta(minutes=30)
        assert abs(window.locked_until - expected) < dt.timedelta(seconds=30)
        records = new_audits(since)
        assert [r.result for r in records] == [Result.FAILED] * 5
        assert records[-1].message == "密码错误，账号锁定"

    def test_a_locked_account_is_refused_even_with_the_right_password(
        self, client: Client, window: User, since: int
    ) -> None:
        for _ in range(5):
            post_login(client, "window", "wrong-password")
        window.refresh_from_db()
        locked_until = window.locked_until
        response = post_login(client, "window", DEMO_PASSWORD)
        [message] = form_errors(response)
        assert "锁定" in message
        assert not signed_in(client)
        window.refresh_from_db()
        assert window.locked_until == locked_until
        record = new_audits(since)[-1]
        assert (record.result, record.message) == (Result.DENIED, "账号已锁定")

    def test_the_limits_come_from_the_settings(
        self, client: Client, window: User, settings: Any
    ) -> None:
        settings.LOGIN_MAX_FAILURES = 3
        settings.LOGIN_LOCKOUT_MINUTES = 10
        for _ in range(2):
            post_login(client, "window", "wrong-password")
        window.refresh_from_db()
        assert window.locked_until is None
        started = timezone.now()
        [message] = form_errors(post_login(client, "window", "wrong-password"))
        assert message == BAD  # the same answer as for an unknown name
        window.refresh_from_db()
        assert abs(window.locked_until - (started + dt.timedelta(minutes=10))) < dt.timedelta(seconds=30)

    def test_after_the_lockout_expires_the_right_password_works(
        self, client: Client, window: User
    ) -> None:
        # Given a lockout whose time is up
        for _ in range(5):
            post_login(client, "window", "wrong-password")
        User.objects.filter(pk=window.pk).update(
            locked_until=timezone.now() - dt.timedelta(seconds=1))
        # When signing in with the right password
        response = post_login(client, "window", DEMO_PASSWORD)
        # Then it works and the lock is cleared
        assert response.status_code == 302
        assert signed_in(client)
        window.refresh_from_db()
        assert (window.failed_logins, window.locked_until) == (0, None)

    def test_after_the_lockout_expires_counting_starts_again(
        self, client: Client, window: User
    ) -> None:
        User.objects.filter(pk=window.pk).update(
            locked_until=timezone.now() - dt.timedelta(seconds=1))
        assert form_errors(post_login(client, "window", "wrong-password")) == [BAD]
        window.refresh_from_db()
        assert window.failed_logins == 1

    def test_the_api_token_endpoint_counts_towards_the_same_lockout(
        self, client: Client, window: User
    ) -> None:
        for _ in range(5):
            response = client.post("/api/auth/token", {"username": "window", "password": "x"},
                                   content_type="application/json")
        assert response.status_code == 401
        assert response.json()["code"] == "bad_credentials"
        assert form_errors(post_login(client, "window", DEMO_PASSWORD))[0].count("锁定") == 1


@pytest.fixture
def locked_window(window: User) -> User:
    until = timezone.now() + dt.timedelta(minutes=30)
    User.objects.filter(pk=window.pk).update(locked_until=until, failed_logins=0)
    window.refresh_from_db()
    return window


class TestUnlock:
    def test_the_security_admin_unlocks_and_it_is_audited(
        self, login_client: Any, locked_window: User, demo_user: Any, since: int
    ) -> None:
        client = login_client("security")
        listing = client.get("/security/users/?locked=1").content.decode()
        assert "李晓琳" in listing
        assert f"/security/users/{locked_window.pk}/unlock/" in listing
        response = client.post(f"/security/users/{locked_window.pk}/unlock/")
        assert response.status_code == 302
        assert response["Location"] == "/security/users/"
        locked_window.refresh_from_db()
        assert locked_window.locked_until is None
        [record] = new_audits(since, "user.unlock")
        assert record.actor_id == demo_user("security").pk
        assert record.object_id == str(locked_window.pk)
        assert record.before["locked_until"] is not None
        assert record.after == {"failed_logins": 0, "locked_until": None}

    def test_after_unlock_the_user_signs_in(
        self, login_client: Any, locked_window: User
    ) -> None:
        login_client("security").post(f"/security/users/{locked_window.pk}/unlock/")
        other = Client()
        assert post_login(other, "window", DEMO_PASSWORD).status_code == 302

    @pytest.mark.parametrize("username", [
        login.username for login in LOGINS if login.username != "security"
    ])
    def test_everyone_else_gets_404_and_the_lock_stays(
        self, login_client: Any, locked_window: User, username: str, since: int
    ) -> None:
        client = login_client(username)
        assert client.post(f"/security/users/{locked_window.pk}/unlock/").status_code == 404
        assert client.get("/security/users/").status_code == 404
        locked_window.refresh_from_db()
        assert locked_window.locked_until is not None
        assert new_audits(since, "user.unlock") == []

    def test_anonymous_is_sent_to_login_and_the_lock_stays(
        self, client: Client, locked_window: User
    ) -> None:
        response = client.post(f"/security/users/{locked_window.pk}/unlock/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
        locked_window.refresh_from_db()
        assert locked_window.locked_until is not None

    def test_a_user_of_another_zone_is_not_found(self, login_client: Any, demo_user: Any) -> None:
        jp = demo_user("jp-window")
        until = timezone.now() + dt.timedelta(minutes=30)
        User.objects.filter(pk=jp.pk).update(locked_until=until)
        response = login_client("security").post(f"/security/users/{jp.pk}/unlock/")
        assert response.status_code == 404
        jp.refresh_from_db()
        assert jp.locked_until == until

    def test_unlock_needs_a_post(self, login_client: Any, locked_window: User) -> None:
        response = login_client("security").get(f"/security/users/{locked_window.pk}/unlock/")
        assert response.status_code == 405
        locked_window.refresh_from_db()
        assert locked_window.locked_until is not None


def test_head_on_the_sign_in_page_answers_like_get(client: Client) -> None:
    get = client.get("/login/")
    head = client.head("/login/")
    assert (head.status_code, head["Content-Type"]) == (get.status_code, get["Content-Type"]) == (
        200, "text/html; charset=utf-8")
