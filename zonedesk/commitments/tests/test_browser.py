"""In a real browser: the department head finds an overdue commitment from a signed agreement
on its to-do list and opens it; the investment officer registers a commitment (a bad due date
is refused under the field first); the enterprise confirms an arrears entry from its own
login. No console error, no CSP violation. Screenshots at 1280 and 390 px:
test-artifacts/promises/."""

from __future__ import annotations

import pytest

from zonedesk.approvals.tests.test_package_browser import shoot
from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser  # noqa: E402  (after the skip)


def test_overdue_commitment_register_and_arrears_confirmation(browser: Browser, live_server, demo):
    from zonedesk.commitments.models import Arrear

    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)

    login(page, "depthead", DEMO_PASSWORD)
    todo = page.locator("a:has-text('承诺超期')").first
    assert "道路、供水接至地块红线" in todo.inner_text()
    with page.expect_navigation():
        todo.click()
    assert "超期" in page.inner_text("#commitment-state")
    assert page.inner_text("#department") == "规划建设局"
    shoot(page, "commitments-detail-overdue")
    page.goto("/commitments/?view=overdue")
    shoot(page, "commitments-list-overdue")
    context.clear_cookies()

    login(page, "investment", DEMO_PASSWORD)
    page.goto("/commitments/new/")
    page.fill("#id_title", "厂区道路接通")
    page.select_option("#id_kind", "infrastructure")
    page.fill("#id_beneficiary", "某新能源投资方")
    page.select_option("#id_source_kind", "minutes")
    page.fill("#id_source_title", "项目推进会会议纪要")
    page.fill("#id_promised_on", "2026-06-01")
    page.fill("#id_due_on", "2026-05-01")
    page.select_option("#id_department", label="规划建设局")
    with page.expect_navigation():
        page.click("#commitment-form button.primary")
    assert "兑现期限不能早于承诺日期" in page.inner_text("#commitment-form")
    shoot(page, "commitments-form-error")
    page.fill("#id_due_on", "2026-12-31")
    with page.expect_navigation():
        page.click("#commitment-form button.primary")
    assert page.inner_text("#due-on") == "2026-12-31"
    context.clear_cookies()

    login(page, "enterprise", DEMO_PASSWORD)
    # Wait for the list to load: a goto while its scripts still load aborts them (a console error).
    with page.expect_navigation():
        page.click("nav.sidebar a:has-text('拖欠账款')")
    page.wait_for_load_state("load")
    shoot(page, "arrears-list-enterprise")
    a = Arrear.objects.filter(enterprise__users__username="enterprise", confirm_state="pending").first()
    page.goto(f"/commitments/arrears/{a.pk}/")
    with page.expect_navigation():
        page.click("#confirm-form button")
    assert page.inner_text("#confirm-state") == "企业已确认"
    shoot(page, "arrear-detail-confirmed")
    context.clear_cookies()

    login(page, "leader", DEMO_PASSWORD)
    page.goto("/commitments/arrears/")
    shoot(page, "arrears-list-leader")
    assert watch.problems() == []
    a.refresh_from_db()
    assert a.confirm_state == "confirmed"
