"""In a real browser, 企业开办 end to end on the approval engine: the enterprise applies once
(one form, one checklist), the window accepts once, five departments approve in parallel, the
case is completed with no visit; the window's list and the dashboard show it. No console
error, no CSP violation. Screenshots at 1280 and 390 px: test-artifacts/promises/."""

from __future__ import annotations

from functools import partial

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser
from zonedesk.testing.browser import shoot as shoot_both

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser  # noqa: E402  (after the skip)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


shoot = partial(shoot_both, folder="promises")


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
