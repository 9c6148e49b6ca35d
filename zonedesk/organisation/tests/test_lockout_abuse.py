"""Lockout abuse (issue 16, point 4): guessing wrong passwords for a named clerk from many
addresses locks the account only for unknown devices; the clerk's own browser (a known device
from an earlier sign-in) still signs in, under a throttle of its own."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from zonedesk.audit.models import AuditRecord
from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.organisation.devices import COOKIE
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


def sign_in(client: Client, username: str, password: str, ip: str = "192.0.2.10"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def attack(username: str, attempts: int = 12) -> None:
    # Every guess from another address, without a device cookie: a distributed guesser (one
    # client: a failed sign-in sets no cookie, and each new Client rebuilds the middleware)
    guesser = Client()
    for i in range(attempts):
        sign_in(guesser, username, f"guess-{i}", ip=f"203.0.113.{i + 1}")
    assert COOKIE not in guesser.cookies


def test_guessing_locks_unknown_devices_but_not_the_users_own_browser(password: str) -> None:
    # Given the clerk signed in once from their browser (which made it a known device)
    own = Client()
    first = sign_in(own, "window", password)
    assert first.status_code == 302 and COOKIE in first.cookies
    own.post("/logout/")
    # When an attacker guesses wrong passwords from 12 addresses
    attack("window")
    window = User.objects.get(username="window")
    assert window.locked_until and window.locked_until > timezone.now()
    # Then a new browser with the right password is refused (the lock is real) …
    assert sign_in(Client(), "window", password, ip="192.0.2.11").status_code != 302
    # … but the clerk's own browser signs in, and the lock stays for unknown devices
    response = sign_in(own, "window", password)
    assert response.status_code == 302 and "_auth_user_id" in own.session
    window.refresh_from_db()
    assert window.locked_until and window.locked_until > timezone.now()
    assert AuditRecord.objects.filter(action="auth.login", object_id=str(window.pk),
                                      message__contains="已识别的设备不受影响").exists()


def test_a_known_device_has_its_own_throttle_and_leaves_the_lockout_count_alone(
        password: str, settings) -> None:
    own = Client()
    sign_in(own, "reviewer", password)
    own.post("/logout/")
    limit = settings.THROTTLE_LOGIN_DEVICE[0]
    answers = [sign_in(own, "reviewer", "wrong").status_code for _ in range(limit + 1)]
    assert answers == [200] * limit + [429]
    reviewer = User.objects.get(username="reviewer")
    assert reviewer.failed_logins == 0 and reviewer.locked_until is None
    # and the throttled device cannot sign in even with the right password until the window ends
    assert sign_in(own, "reviewer", password).status_code == 429


def test_a_device_cookie_is_bound_to_its_user_and_to_the_password(password: str) -> None:
    own = Client()
    sign_in(own, "window", password)
    cookie = own.cookies[COOKIE].value
    own.post("/logout/")
    attack("leader")
    # Another user's device cookie does not open the lock …
    stranger = Client()
    stranger.cookies[COOKIE] = cookie
    assert sign_in(stranger, "leader", password).status_code != 302
    # … nor does a tampered one
    stranger.cookies[COOKIE] = cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB")
    attack("window")
    assert sign_in(stranger, "window", password).status_code != 302
    # and a new password retires the device cookies issued before it
    window = User.objects.get(username="window")
    window.set_password(password + "-new")
    window.save(update_fields=["password"])
    assert sign_in(own, "window", password + "-new").status_code != 302


def test_the_security_administrator_can_still_unlock(password: str, login_client) -> None:
    attack("window")
    admin = login_client("security")
    window = User.objects.get(username="window")
    assert admin.post(f"/security/users/{window.pk}/unlock/").status_code == 302
    assert sign_in(Client(), "window", password, ip="192.0.2.12").status_code == 302
