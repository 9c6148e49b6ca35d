"""Password policy, session idle timeout, CSRF, security headers and the page language."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from zonedesk.audit.models import AuditRecord
from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.organisation.models import User
from zonedesk.organisation.passwords import CharacterClassValidator
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Blue-harbour-2031"


def html_lang(response: Any) -> str:
    match = re.search(r'<html lang="([^"]+)">', response.content.decode())
    assert match, "no <html lang> on the page"
    return match.group(1)


class TestCharacterClassValidator:
    @pytest.mark.parametrize(("password", "classes"), [
        ("abcdef", 1), ("ABCDEF", 1), ("123456", 1), ("!@#$%^", 1),
        ("abcDEF", 2), ("abc123", 2), ("abc-def", 2), ("abcDEF123", 3), ("aB3-", 4),
        ("密码密码", 0),  # uncased letters (Chinese) belong to none of the four classes
    ])
    def test_counts_character_classes(self, password: str, classes: int) -> None:
        assert CharacterClassValidator.classes(password) == classes

    def test_refuses_fewer_classes_than_required(self) -> None:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as caught:
            CharacterClassValidator(min_classes=3).validate("abcdef123456")
        assert caught.value.error_list[0].code == "password_too_simple"
        CharacterClassValidator(min_classes=3).validate("abcdef-12345")

    def test_is_configured_with_a_minimum_length_of_12(self) -> None:
        names = {v["NAME"].rsplit(".", 1)[-1]: v.get("OPTIONS", {})
                 for v in settings.AUTH_PASSWORD_VALIDATORS}
        assert names["MinimumLengthValidator"] == {"min_length": 12}
        assert "CharacterClassValidator" in names


class TestPasswordChangePage:
    def post(self, client: Client, old: str, new: str, new2: str | None = None) -> Any:
        return client.post("/password/", {"old_password": old, "new_password": new,
                                          "new_password2": new if new2 is None else new2})

    @pytest.mark.parametrize(("new", "field", "hint"), [
        ("Ab1-short", "new_password", "12"),
        ("abcdefghijklmnop", "new_password", "至少 2 类"),
        ("Password1234", "new_password", ""),  # too common
    ])
    def test_a_weak_password_is_refused_and_nothing_changes(
        self, login_client: Any, demo_user: Any, new: str, field: str, hint: str
    ) -> None:
        client = login_client("window")
        rows = audit_rows()
        response = self.post(client, DEMO_PASSWORD, new)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert field in errors
        assert hint in " ".join(errors[field])
        assert demo_user("window").check_password(DEMO_PASSWORD)
        assert audit_rows() == rows

    def test_a_wrong_old_password_is_refused(self, login_client: Any, demo_user: Any) -> None:
        response = self.post(login_client("window"), "not-my-password", NEW_PASSWORD)
        assert "old_password" in response.context["form"].errors
        assert demo_user("window").check_password(DEMO_PASSWORD)

    def test_a_mismatched_repeat_is_refused(self, login_client: Any, demo_user: Any) -> None:
        response = self.post(login_client("window"), DEMO_PASSWORD, NEW_PASSWORD, "Other-harbour-2031")
        assert "new_password2" in response.context["form"].errors
        assert demo_user("window").check_password(DEMO_PASSWORD)

    def test_a_good_password_is_set_audited_and_the_session_survives(
        self, login_client: Any, demo_user: Any
    ) -> None:
        client = login_client("window")
        response = self.post(client, DEMO_PASSWORD, NEW_PASSWORD)
        assert response.status_code == 302
        window = demo_user("window")
        assert window.check_password(NEW_PASSWORD)
        assert timezone.now() - window.password_changed_at < dt.timedelta(minutes=1)
        record = AuditRecord.objects.filter(action="user.change_password").latest("id")
        assert record.actor_id == window.pk
        assert NEW_PASSWORD not in str(record.after)
        assert client.get("/").status_code == 200

    def test_anonymous_is_sent_to_login(self, client: Client) -> None:
        response = client.post("/password/", {"old_password": "x", "new_password": NEW_PASSWORD,
                                              "new_password2": NEW_PASSWORD})
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


class TestSession:
    def test_the_idle_timeout_is_30_minutes_renewed_at_most_once_a_minute(self) -> None:
        assert settings.SESSION_COOKIE_AGE == 1800
        assert settings.SESSION_SAVE_EVERY_REQUEST is False
        assert settings.SESSION_TOUCH_SECONDS == 60
        assert settings.SESSION_COOKIE_HTTPONLY is True

    def test_pages_within_the_minute_write_no_session(self, login_client: Any) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = login_client("window")  # signing in marks the session seen
        with CaptureQueriesContext(connection) as pages:
            for _ in range(3):
                assert client.get("/").status_code == 200
        writes = [q["sql"] for q in pages.captured_queries
                  if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")]
        assert writes == []

    def test_a_page_after_the_minute_renews_the_expiry(self, login_client: Any) -> None:
        client = login_client("window")
        assert client.get("/").status_code == 200
        key = client.session.session_key
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() + dt.timedelta(minutes=1))
        with mock.patch("time.time", return_value=time.time() + 61):
            assert client.get("/").status_code == 200
        expiry = Session.objects.get(session_key=key).expire_date
        assert expiry - timezone.now() > dt.timedelta(minutes=29)

    def test_a_session_idle_past_its_age_is_signed_out(self, login_client: Any) -> None:
        client = login_client("window")
        assert client.get("/").status_code == 200
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=timezone.now() - dt.timedelta(seconds=1))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


class TestCsrf:
    def test_the_login_form_refuses_a_post_without_the_token(self, demo_user: Any) -> None:
        client = Client(enforce_csrf_checks=True)
        rows = audit_rows()
        response = client.post("/login/", {"username": "window", "password": "wrong"})
        assert response.status_code == 403
        assert "_auth_user_id" not in client.session
        assert demo_user("window").failed_logins == 0
        assert audit_rows() == rows

    def test_the_login_form_accepts_a_post_with_the_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.get("/login/")
        token = client.cookies[settings.CSRF_COOKIE_NAME].value
        response = client.post("/login/", {"username": "window", "password": DEMO_PASSWORD,
                                           "csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert "_auth_user_id" in client.session


class TestHeaders:
    @pytest.mark.parametrize("signed_in", [False, True])
    def test_security_headers_are_set(self, login_client: Any, client: Client, signed_in: bool) -> None:
        response = (login_client("window").get("/") if signed_in else client.get("/login/"))
        assert response.status_code == 200
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self';" in csp
        assert not re.search(r"https?://", csp)
        assert "Cookie" in response["Vary"]

    def test_pages_load_no_script_from_another_origin(self, login_client: Any) -> None:
        page = login_client("window").get("/").content.decode()
        assert not re.search(r"<script[^>]+src=\"https?://", page)
        assert not re.search(r"<link[^>]+href=\"https?://", page)


class TestLanguage:
    def test_pages_are_chinese_even_for_an_english_browser(self, client: Client) -> None:
        response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert html_lang(response) == "zh-hans"
        assert response["Content-Language"] == "zh-hans"
        assert "登录" in response.content.decode()

    def test_choosing_english_switches_the_page(self, client: Client) -> None:
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
        assert response.status_code == 302
        after = client.get("/login/")
        assert html_lang(after) == "en"
        assert after["Content-Language"] == "en"

    def test_choosing_chinese_again_switches_back(self, client: Client) -> None:
        client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
        client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
        assert html_lang(client.get("/login/")) == "zh-hans"

    def test_an_unsupported_language_cookie_falls_back_to_chinese(self, client: Client) -> None:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
        assert html_lang(client.get("/login/")) == "zh-hans"

    def test_the_choice_holds_on_signed_in_pages(self, login_client: Any) -> None:
        client = login_client("window")
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert html_lang(client.get("/")) == "en"


def test_a_locked_users_row_is_unchanged_by_a_csrf_refusal(demo_user: Any) -> None:
    until = timezone.now() + dt.timedelta(minutes=30)
    User.objects.filter(username="window").update(locked_until=until)
    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": "window", "password": DEMO_PASSWORD}).status_code == 403
    assert demo_user("window").locked_until == until


def test_the_password_length_rule_speaks_chinese_on_the_chinese_interface():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        validate_password("Ab1-x")
    assert "密码太短，至少需要 12 个字符。" in exc.value.messages
    assert not any("too short" in m for m in exc.value.messages)
