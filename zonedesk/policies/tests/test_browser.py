"""In a real browser: the investment officer opens an enterprise that fails the R&D clause and
reads why (the gap in 万元), one that passes, and the ladder; the enterprise user sees its own
matches. Screenshots at 1366 and 390 px under test-artifacts/screens/."""

from __future__ import annotations

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.enterprises.models import Enterprise
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser, screenshot
from zonedesk.testing.pagewalk import foreign_text, zone_data_runs

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser, expect  # noqa: E402  (after the skip)


def test_why_not_trace_for_a_failing_and_a_passing_enterprise(browser: Browser, live_server, demo):
    tg = Enterprise.objects.get(zone__code="LY", name__contains="腾钢")
    zb = Enterprise.objects.get(zone__code="LY", name__contains="中玻")
    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "investment", DEMO_PASSWORD)
    page.click("nav.sidebar a:has-text('惠企政策')")
    page.wait_for_load_state("networkidle")
    assert "关于科技创新“五大工程”实施意见" in page.inner_text("main")
    screenshot(page, "policies-list")

    page.goto(f"{live_server.url}/policies/enterprises/{tg.pk}/")
    failing = page.locator("details", has_text="企业研发投入后补助")
    assert "不符合" in failing.inner_text()
    assert "按 2025 年营业收入 21,300 万元，还差研发投入 219 万元" in failing.inner_text()
    screenshot(page, "policies-why-not")

    page.goto(f"{live_server.url}/policies/enterprises/{zb.pk}/")
    passing = page.locator("details", has_text="企业研发投入后补助")
    assert (
        "符合" in passing.inner_text() and "预计 100万元" in passing.inner_text()
    )  # amounts as core/units writes them
    screenshot(page, "policies-passes")

    # the rule form: the clause's tree as an outline, previewed with each enterprise's trace
    from zonedesk.policies.models import Clause

    clause = Clause.objects.get(zone__code="LY", code="一.1")
    page.goto(f"{live_server.url}/policies/clauses/{clause.pk}/rule/")
    assert page.input_value("#id_value_2") == "@rd_min"
    page.select_option("#id_depth_5", "1")
    page.select_option("#id_kind_5", "not")
    page.select_option("#id_depth_6", "2")
    page.select_option("#id_fact_6", "industry")
    page.select_option("#id_op_6", "in")
    page.fill("#id_value_6", "13,14")
    # a full-page form post: wait for the answer's rows, not the click (it does not wait for the load)
    with page.expect_navigation():
        page.click("button[value=preview]")
    expect(page.locator("#preview details.preview-row")).to_have_count(5)
    page.locator("#preview details.preview-row").first.click()
    assert page.locator("#preview ul.trace").first.is_visible()
    screenshot(page, "policies-rule-preview")

    page.goto(f"{live_server.url}/cultivation/")
    assert "最接近下一层级" in page.inner_text("main")
    screenshot(page, "cultivation-ladder")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/policies/enterprises/{tg.pk}/")
    screenshot(page, "policies-why-not-390")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width  # usable at phone width: nothing forces a horizontal scroll
    assert watch.problems() == []


_FOREIGN = r"""() => {
  const han = /[\u3400-\u9fff]/, out = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.trim();
    if (t && han.test(t) && !n.parentElement.closest('[lang^="zh"]')) out.push(t);
  }
  return out;
}"""


def test_traces_read_in_english_on_a_phone(browser: Browser, live_server, demo):
    """An English reader on a phone: the ladder trace and the policy match read in English (the
    rule labels from their English, the gaps in yuan); only zone data stays Chinese."""
    tg = Enterprise.objects.get(zone__code="LY", name__contains="腾钢")
    context = new_context(browser, live_server.url, locale="en-US")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "investment", DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/cultivation/enterprises/{tg.pk}/")
    trace = page.inner_text("#trace-tech_sme")
    assert "Annual sales revenue of no more than CNY 200 million" in trace and "CNY 13 million over" in trace
    screenshot(page, "cultivation-enterprise-en-390")
    assert foreign_text(page.evaluate(_FOREIGN), zone_data_runs()) == []
    page.goto(f"{live_server.url}/policies/enterprises/{tg.pk}/")
    failing = page.locator("details", has_text="R&D spending as a share of operating revenue").first
    assert "R&D expenditure needs CNY 2.19 million more" in failing.inner_text()
    screenshot(page, "policies-why-not-en-390")
    assert foreign_text(page.evaluate(_FOREIGN), zone_data_runs()) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert watch.problems() == []
