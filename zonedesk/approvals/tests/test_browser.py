"""In a real browser, one project through the 施工许可 stage without a visit: the enterprise
applies and uploads, the window accepts with one item's secondary materials missing (容缺),
the reviewer asks for 补正 once, the enterprise answers, the reviewer approves, and the QR URL
printed on the certificate opens the public verification page. No console error, no CSP
violation. Screenshots: test-artifacts/screens/approvals-*.png."""

from __future__ import annotations

import re

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import (
    PageWatch,
    login,
    new_context,
    press_and_wait,
    require_browser,
    screenshot,
    shoot,
    tab_to,
)
from zonedesk.testing.pdf import pdf_text

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser  # noqa: E402  (after the skip)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _as(browser: Browser, base: str, username: str):
    context = new_context(browser, base)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, username, DEMO_PASSWORD)
    return context, page, watch


def _post(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_apply_accept_with_tolerance_supplement_approve_verify(
    browser: Browser, live_server, demo, settings, _tmp_storage
) -> None:
    from zonedesk.approvals.models import Application, ApplicationItem, Stage
    from zonedesk.approvals.tests.conftest import new_project, run_stage

    settings.ZONEDESK_PUBLIC_BASE_URL = live_server.url
    project = new_project(name="浏览器测试厂房项目")
    run_stage(project, Stage.LAND)
    run_stage(project, Stage.BUILD)
    base = live_server.url

    # The enterprise applies with one form; the permit of the last stage is reused.
    ctx, page, watch = _as(browser, base, "enterprise")
    page.goto(f"/approvals/projects/{project.pk}/")
    page.click("text=申报下一阶段")
    # The form opens on the next stage (land and build are done): its tab is current.
    assert page.get_attribute("#stage-tabs a[aria-current=page]", "href") == "?stage=construct"
    assert page.input_value("#stage-form input[name=stage]") == "construct"
    # The fields no register holds (the browser asks for them: they are required).
    page.fill("#stage-form input[name=contractor]", "辽宁省建设集团有限公司")
    page.fill("#stage-form input[name=contract_price_wan]", "9600")
    page.fill("#stage-form input[name=construction_start]", "2026-06-01")
    _post(page, "form.card button.primary")
    assert "复用" in page.inner_text("#materials")
    for name in ("施工图设计文件", "施工合同及中标通知书"):
        row = page.locator("#materials tr", has_text=name)
        row.locator("input[type=file]").set_input_files(
            files=[{"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        _post(page, f"#materials tr:has-text('{name}') button")
    _post(page, "button:has-text('签署信用承诺书')")
    screenshot(page, "approvals-applied")
    assert watch.problems() == []
    app = Application.objects.get(project=project, stage=Stage.CONSTRUCT)
    ctx.close()

    # The window accepts with the secondary materials outstanding (容缺).
    ctx, page, watch = _as(browser, base, "window")
    page.goto("/approvals/")
    assert project.name in page.inner_text("#window-inbox")
    screenshot(page, "approvals-window-inbox")
    # Keyboard only (issue 15): the window reaches the case and accepts it with Tab and Enter.
    tab_to(page, page.locator("#window-inbox a", has_text=project.name))
    press_and_wait(page)
    tab_to(page, page.locator("button", has_text="容缺受理"))
    press_and_wait(page)
    assert page.inner_text("#app-status") == "审查中"
    assert "容缺受理" in page.inner_text("main")
    screenshot(page, "approvals-accepted-tolerance")
    assert watch.problems() == []
    ctx.close()

    item = ApplicationItem.objects.get(application=app, item__code="C02")
    # The reviewer asks for 补正 once: the request is collected, the clock runs on until the
    # stage's lead department (GHJ leads 施工许可, the reviewer's own) sends the one notice.
    ctx, rpage, rwatch = _as(browser, base, "reviewer")
    rpage.goto("/approvals/")
    screenshot(rpage, "approvals-review-inbox")
    rpage.goto(f"/approvals/items/{item.pk}/")
    rpage.fill("#supplement-form textarea", "施工合同缺项目负责人签字页")
    _post(rpage, "#supplement-form button")
    assert rpage.inner_text("#item-state") == "审查中"
    rpage.goto(f"/approvals/applications/{app.pk}/")
    assert "施工合同缺项目负责人签字页" in rpage.inner_text("#collected")
    _post(rpage, "#issue-notice")
    rpage.goto(f"/approvals/items/{item.pk}/")
    assert rpage.inner_text("#item-state") == "待补正"

    # The enterprise answers from its timeline.
    ectx, page, watch = _as(browser, base, "enterprise")
    page.goto(f"/approvals/projects/{project.pk}/")
    assert "施工合同缺项目负责人签字页" in page.inner_text("main")
    screenshot(page, "approvals-timeline-supplement")
    page.goto(f"/approvals/items/{item.pk}/")
    page.fill("form:has(button:has-text('提交补正')) textarea", "已补签字页")
    _post(page, "button:has-text('提交补正')")
    assert page.inner_text("#item-state") == "审查中"
    assert watch.problems() == []
    ectx.close()

    # The reviewer approves: the certificate is issued.
    rpage.reload()
    _post(rpage, "button:has-text('准予许可')")
    assert rpage.inner_text("#item-state") == "准予许可"
    screenshot(rpage, "approvals-approved")
    assert rwatch.problems() == []
    ctx.close()

    item.refresh_from_db()
    cert = item.certificate
    qr_url = re.search(r"核验网址：(\S+)", pdf_text(_tmp_storage / cert.pdf.storage_name)).group(1)
    anon = new_context(browser, base)
    page = anon.new_page()
    watch = PageWatch(page)
    page.goto(qr_url)
    assert page.locator("[data-status]").get_attribute("data-status") == "valid"
    assert cert.number in page.inner_text("main")
    screenshot(page, "approvals-certificate-verified")
    assert watch.problems() == []
    anon.close()


def test_a_stage_waits_for_the_lead_departments_summary(browser: Browser, live_server, demo) -> None:
    """Every item of 工程建设许可 decided: the applicant sees the stage waiting for the lead
    department (待牵头部门汇总), the lead (GHJ) finds it first in its inbox and closes it."""
    from zonedesk.approvals.models import Application, Stage
    from zonedesk.approvals.tests.conftest import new_project, run_stage

    project = new_project(name="浏览器牵头汇总项目")
    run_stage(project, Stage.LAND)
    app = run_stage(project, Stage.BUILD, close=False)
    assert app.status == "lead_summary"
    base = live_server.url

    ctx, page, watch = _as(browser, base, "enterprise")
    page.goto(f"/approvals/applications/{app.pk}/")
    assert page.inner_text("#app-status") == "待牵头部门汇总"
    assert "下一阶段方可申报" in page.inner_text("#lead-waiting")
    shoot(page, "approvals-stage-waiting-applicant", fits_phone=True)
    assert watch.problems() == []
    ctx.close()

    ctx, page, watch = _as(browser, base, "reviewer")  # 规划建设局 leads 工程建设许可
    page.goto("/approvals/lead/")
    # the stages waiting for the lead's summary come first (the demo's own one among them)
    rows = page.locator("#lead-inbox tbody tr")
    waiting = [i for i in range(rows.count()) if "待出具办结意见" in rows.nth(i).inner_text()]
    mine = page.locator("#lead-inbox tbody tr", has_text=project.name)
    assert "待出具办结意见" in mine.inner_text() and waiting == list(range(len(waiting)))
    shoot(page, "approvals-lead-inbox-waiting")
    page.goto(f"/approvals/applications/{app.pk}/")
    shoot(page, "approvals-stage-waiting-lead", fits_phone=True)
    page.fill("#close-result", "各事项均准予许可，同意本阶段办结。")
    _post(page, "#close-stage")
    assert page.inner_text("#app-status") == "已办结"
    assert "同意本阶段办结" in page.inner_text("#lead-result")
    assert watch.problems() == []
    ctx.close()
    assert Application.objects.get(pk=app.pk).status == "completed"
