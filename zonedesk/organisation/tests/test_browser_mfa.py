"""Two-factor sign-in in a real browser: enrol with the QR page, keep the recovery codes,
then sign in again with a code; then single sign-on through the province's 统一身份认证 (a local
test provider, testing/fake_idp.py). Screenshots at 1280 and 390 px under
test-artifacts/security/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from functools import partial

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.organisation import totp
from zonedesk.testing.browser import PageWatch, new_context, require_browser
from zonedesk.testing.browser import shoot as shoot_both
from zonedesk.testing.fake_idp import FakeIdp

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Page  # noqa: E402  (after the skip)


@pytest.fixture
def page(browser, live_server, demo, settings) -> Iterator[Page]:
    settings.MFA_REQUIRED_ROLES = {"security_admin"}
    idp = FakeIdp({"sso-window": {"preferred_username": "window"}})
    for key, value in idp.oidc_settings().items():
        setattr(settings, key, value)
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend",
                                        "zonedesk.organisation.sso.ZoneOidcBackend"]
    with idp:
        context = new_context(browser, live_server.url)
        # The local test provider is the one other origin this journey may reach.
        context.route(f"{idp.base}/**", lambda route: route.continue_())
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
    # single sign-on: the window clerk signs in through the 统一身份认证 (OpenID Connect)
    with page.expect_navigation():
        page.click("form[action='/logout/'] button")
    shoot(page, "sso-login")
    with page.expect_navigation():
        page.click("a[href^='/sso/oidc/start/']")
    assert page.locator("button[value=sso-window]").count() == 1  # at the provider
    with page.expect_navigation():  # one navigation: the provider's redirect, then the callback's
        page.click("button[value=sso-window]")
    assert re.match(r"^http://[^/]+/$", page.url), (page.url, page.locator("body").inner_text()[:300])
    assert page.locator("body").inner_text().count("综合窗口") >= 1
    shoot(page, "sso-oidc-workbench")
    assert watch.problems() == [], watch.problems()
