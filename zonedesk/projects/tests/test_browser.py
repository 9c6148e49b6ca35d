"""In a real browser: a leader opens the dashboard, sees the seed's figures, clicks 新建 and
gets the 36 new projects, then opens the 营商环境 indicators and a figure's cases; the steward
opens their worklist and a project. No console error, no CSP violation, no request leaving the
host. Screenshots: test-artifacts/screens/."""

from __future__ import annotations

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser, screenshot

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser  # noqa: E402  (after the skip)


def test_leader_dashboard_drills_down_and_steward_worklist(browser: Browser, live_server, demo):
    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "leader", DEMO_PASSWORD)
    page.click("nav.sidebar a:has-text('领导驾驶舱')")
    page.wait_for_load_state("networkidle")
    tiles = page.locator("#pipeline-stats").inner_text()
    for text in ("36", "111.49亿元", "24", "96.1亿元", "55", "97.49亿元", "103"):
        assert text in tiles, text
    # the charts rendered (ECharts draws SVG from the json_script data)
    page.wait_for_selector("[data-chart] svg")
    assert page.locator("[data-chart] svg").count() == 4
    screenshot(page, "dashboard-leader")
    assert watch.problems() == []

    with page.expect_navigation():
        page.click("#fig-new")
    assert "共 36 个项目，总投资 111.49亿元" in page.inner_text("#list-summary")
    rows = page.locator("#project-table tbody tr")
    assert rows.count() == 20  # first page of 36
    assert "凌源智能制造产业园(一期)建设项目" in page.inner_text("#project-table")
    screenshot(page, "projects-new-2026")
    assert watch.problems() == []

    # The 营商环境 indicators: distributions drawn (ECharts SVG, the limits as reference lines),
    # and a figure opens its cases.
    page.click("nav.sidebar a:has-text('营商环境指标')")
    page.wait_for_selector("#indicator-building_permit [data-histogram] svg")
    assert "国家目标" in page.inner_text("#indicator-building_permit")
    screenshot(page, "indicators-leader")
    with page.expect_navigation():
        page.click("#fig-building_permit-working_days td.num a >> nth=0")
    assert page.locator("#indicator-cases tbody tr").count() >= 1
    assert watch.problems() == []
    context.close()

    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "steward", DEMO_PASSWORD)
    page.click("nav.sidebar a:has-text('我的管家项目')")
    page.wait_for_load_state("networkidle")
    table = page.inner_text("#worklist")
    assert "凌钢集团钢焦一体及配套设施项目" in table and "项目管家" in table
    screenshot(page, "projects-steward-worklist")
    page.click("#worklist a:has-text('凌钢集团钢焦一体及配套设施项目')")
    page.wait_for_load_state("networkidle")
    assert "66亿元" in page.inner_text("main")
    screenshot(page, "projects-detail")
    assert watch.problems() == []
    context.close()

    # The province sees each zone and the whole.
    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "province", DEMO_PASSWORD)
    page.goto("/dashboard/")
    page.wait_for_selector("[data-chart] svg")
    main = page.inner_text("main")
    assert "全省合计" in main and "凌源经开区" in main and "建平经开区" in main
    screenshot(page, "dashboard-province")
    assert watch.problems() == []
    context.close()
