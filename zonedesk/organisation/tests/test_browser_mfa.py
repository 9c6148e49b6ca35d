"""Two-factor sign-in in a real browser: enrol with the QR page, keep the recovery codes,
then sign in again with a code. Screenshots at 1280 and 390 px under test-artifacts/security/."""

from __future__ import annotations

import time
from collections.abc import Iterator
from functools import partial

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.organisation import totp
from zonedesk.testing.browser import PageWatch, new_context, require_browser
from zonedesk.testing.browser import shoot as shoot_both

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Page  # noqa: E402  (after the skip)


@pytest.fixture
def page(browser, live_server, demo, settings) -> Iterator[Page]:
    settings.MFA_REQUIRED_ROLES = {"security_admin"}
    context = new_context(browser, live_server.url)
    yield context.new_page()
    context.close()


shoot = partial(shoot_both, folder="security")


def password_step(page: Page) -> None:
    page.goto("/login/")
    page.fill("#id_username", "security")
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form button[type=submit]")


def test_enrol_then_sign_in_with_a_code(page: Page) -> None:
    watch = PageWatch(page)
    password_step(page)
    assert page.url.endswith("/login/2fa/")
    assert page.locator("#mfa-qr svg").count() == 1
    shoot(page, "mfa-enrol")
    secret = page.locator("#mfa-secret").inner_text().strip()
    page.fill("#id_code", totp.code_at(secret, time.time()))
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert page.locator("#mfa-codes li").count() == 10
    shoot(page, "mfa-recovery-codes")
    with page.expect_navigation():
        page.click("a.button.primary")
    page.goto("/security/users/?q=security")
    assert "已绑定" in page.locator("#security-users").inner_text()
    shoot(page, "mfa-security-users")
    page.goto("/account/tokens/")
    assert page.locator("#account-tokens").count() == 1
    shoot(page, "account-tokens")
    # sign out and back in: now the code step only
    page.goto("/")
    with page.expect_navigation():
        page.click("form[action='/logout/'] button")
    password_step(page)
    assert page.locator("#mfa-qr").count() == 0
    shoot(page, "mfa-verify")
    page.fill("#id_code", totp.code_at(secret, time.time() + 30))
    with page.expect_navigation():
        page.click("form button[type=submit]")
    assert "/login/" not in page.url
    assert watch.problems() == [], watch.problems()
