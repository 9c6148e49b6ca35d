"""In a real browser: the holder finds the certificate, the QR URL printed in the PDF opens the
public page without a login, a reviewer revokes it and the public page says so. No console
error, no CSP violation, no request leaving the host. Screenshots: test-artifacts/screens/."""

from __future__ import annotations

import re

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser, screenshot
from zonedesk.testing.pdf import pdf_text

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser  # noqa: E402  (after the skip)


def test_holder_verifier_and_revocation(browser: Browser, live_server, demo, settings, tmp_storage):
    from zonedesk.certificates.tests.conftest import issue_for
    from zonedesk.organisation.models import User

    settings.ZONEDESK_PUBLIC_BASE_URL = live_server.url
    own = User.objects.get(username="enterprise").enterprise
    cert = issue_for("reviewer", own)
    qr_url = re.search(r"核验网址：(\S+)", pdf_text(tmp_storage / cert.pdf.storage_name)).group(1)
    assert qr_url == f"{live_server.url}/verify/{cert.verify_code}/"

    # The holder sees it under 我的证照.
    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "enterprise", DEMO_PASSWORD)
    page.click("nav.sidebar a:has-text('我的证照')")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1, name="我的证照").is_visible()
    assert cert.number in page.locator("#certificate-table").inner_text()
    screenshot(page, "certificates-mine")
    assert watch.problems() == []
    context.close()

    # Anyone with the QR URL: no login.
    anon = new_context(browser, live_server.url)
    page = anon.new_page()
    watch = PageWatch(page)
    page.goto(qr_url)
    assert page.locator("[data-status]").get_attribute("data-status") == "valid"
    assert cert.number in page.inner_text("main")
    screenshot(page, "certificates-verify-valid")
    assert watch.problems() == []

    # A reviewer revokes it from the detail page.
    staff = new_context(browser, live_server.url)
    spage = staff.new_page()
    swatch = PageWatch(spage)
    login(spage, "reviewer", DEMO_PASSWORD)
    spage.goto("/verify/certificates/")
    screenshot(spage, "certificates-staff-list")
    spage.click(f"#certificate-table a:has-text('{cert.title}')")
    spage.fill("#id_reason", "依申请注销")
    with spage.expect_navigation():
        spage.click("#revoke-form button")
    assert "证照已撤销" in spage.inner_text("main")
    screenshot(spage, "certificates-detail-revoked")
    assert swatch.problems() == []
    staff.close()

    page.reload()
    assert page.locator("[data-status]").get_attribute("data-status") == "revoked"
    assert "已撤销" in page.inner_text("main")
    screenshot(page, "certificates-verify-revoked")
    page.goto("/verify/not-a-real-code-000000/")
    assert "未找到该证照" in page.inner_text("main")
    screenshot(page, "certificates-verify-unknown")
    anon.close()
