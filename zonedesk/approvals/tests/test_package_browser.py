"""In a real browser, 企业开办 end to end on the approval engine: the enterprise applies once
(one form, one checklist), the window accepts once, five departments approve in parallel, the
case is completed with no visit; the window's list and the dashboard show it. No console
error, no CSP violation. Screenshots at 1280 and 390 px: test-artifacts/promises/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, launch, login, new_context, require_browser

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402  (after the skip)

SHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "promises"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shoot(page: Page, name: str) -> None:
    """The page at office width and at phone width; a page must not scroll sideways on a phone."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / f"{name}-1280.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as playwright:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        b = launch(playwright)
        yield b
        b.close()


@pytest.fixture
def demo(transactional_db, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    call_command("demo_load", verbosity=0)


def test_enterprise_opening_runs_end_to_end(browser: Browser, live_server, demo):
    from zonedesk.approvals.package_models import PackageCase

    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "enterprise", DEMO_PASSWORD)
    page.click("nav.sidebar a:has-text('一件事一次办')")
    page.click("a:has-text('一件事目录')")
    assert page.locator(".package").count() == 5
    shoot(page, "packages-catalogue")
    page.click("#package-QYKB a:has-text('一次申请')")
    page.fill("#id_contact_name", "张明")
    page.fill("#id_contact_phone", "13904210001")
    page.fill("#id_summary", "设立中玻新材料销售分公司")
    inputs = page.locator("#checklist input[type=file]")
    assert inputs.count() >= 4  # the KB_* materials are not in the library yet
    for i in range(inputs.count()):
        inputs.nth(i).set_input_files({"name": f"m{i}.pdf", "mimeType": "application/pdf", "buffer": PDF})
    shoot(page, "packages-apply")
    with page.expect_navigation():
        page.click("#apply-form button.primary")
    assert page.inner_text("#case-status") == "待受理"
    case = PackageCase.objects.filter(package__code="QYKB").latest("pk")
    context.clear_cookies()

    login(page, "window", DEMO_PASSWORD)
    page.goto(f"/packages/{case.pk}/")
    with page.expect_navigation():
        page.click("#accept")
    assert page.inner_text("#case-status") == "并联办理中"
    shoot(page, "packages-case-accepted")
    context.clear_cookies()

    reviewers = ["reviewer-scj", "reviewer-gaj", "reviewer-swj", "reviewer-rsj", "reviewer-yh"]
    for username in reviewers:
        login(page, username, DEMO_PASSWORD)
        page.goto(f"/packages/{case.pk}/")
        with page.expect_navigation():
            page.click("#items form:has(button.primary) button.primary")
        context.clear_cookies()

    login(page, "enterprise", DEMO_PASSWORD)
    page.goto(f"/packages/{case.pk}/")
    assert page.inner_text("#case-status") == "已办结"
    assert "不见面" in page.inner_text("#visit-count")
    shoot(page, "packages-case-completed")
    page.goto("/packages/")
    shoot(page, "packages-cases")
    context.clear_cookies()

    login(page, "leader", DEMO_PASSWORD)
    page.goto("/dashboard/")
    assert "最多跑一次率" in page.inner_text("body")
    shoot(page, "dashboard-with-packages-and-commitments")
    assert watch.problems() == []
    case.refresh_from_db()
    assert case.status == "completed" and case.visit_count == 0
    assert set(case.items.values_list("state", flat=True)) == {"approved"}
