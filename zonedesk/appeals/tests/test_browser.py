"""An appeal in a real browser: the enterprise submits → the window accepts and dispatches →
the department signs and replies → the window visits → the enterprise rates 不满意 → the
rectification is answered and visited → the enterprise rates again. Every page is checked for
console errors, failed assets and CSP violations; screenshots go to test-artifacts/screens/.
"""

from __future__ import annotations

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import (
    PageWatch,
    login,
    new_context,
    press_and_wait,
    require_browser,
    screenshot,
    tab_to,
)

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser, Page  # noqa: E402  (after the skip)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Session:
    def __init__(self, browser: Browser, base_url: str, username: str) -> None:
        self.context = new_context(browser, base_url)
        self.page = self.context.new_page()
        self.watch = PageWatch(self.page)
        self.username = username
        login(self.page, username, DEMO_PASSWORD)

    def go(self, path: str) -> Page:
        self.watch.clear()
        response = self.page.goto(path)
        assert response is not None and response.ok, f"{path}: {response and response.status}"
        return self.page

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)

    def shot(self, name: str) -> None:
        self.page.wait_for_load_state("networkidle")
        screenshot(self.page, f"appeals-{name}")
        assert self.watch.problems() == [], f"{self.username} {name}: {self.watch.problems()}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def as_user(browser: Browser, live_server, demo):
    sessions: list[Session] = []

    def make(username: str) -> Session:
        s = Session(browser, live_server.url, username)
        sessions.append(s)
        return s

    yield make
    for s in sessions:
        s.close()


def _flash(page: Page) -> str:
    return page.locator("ul.messages").inner_text() if page.locator("ul.messages").count() else ""


def test_enterprise_to_rectified_rating(as_user, tmp_path) -> None:
    # The enterprise submits, with an attachment; an empty description is refused first.
    # Keyboard only (issue 15): Tab to each field, arrows in the list, Enter on the button.
    ent = as_user("enterprise")
    page = ent.go("/appeals/new/")
    tab_to(page, "#id_category")
    for _ in range(6):
        if page.eval_on_selector("#id_category", "s => s.selectedOptions[0].text") == "一般诉求（7工作日）":
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "#id_title")
    page.keyboard.type("园区污水管网堵塞")
    tab_to(page, "form.card button[type=submit]")
    press_and_wait(page)
    assert "请描述遇到的问题" in page.locator("main").inner_text()
    ent.shot("01-enterprise-form-error")
    page.fill("#id_description", "厂区东侧污水井满溢，需疏通园区污水管网。")
    page.fill("#id_contact_phone", "0421-6822000")
    pdf = tmp_path / "现场照片说明.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("#id_attachments", str(pdf))
    ent.submit("form.card button[type=submit]")
    assert "诉求已提交" in _flash(page)
    url = page.url
    assert page.locator("#status").inner_text() == "待受理"
    ent.shot("02-enterprise-submitted")

    # The window accepts and dispatches to 规划建设局 with a co-handling department.
    window = as_user("window")
    page = window.go(url)
    window.submit("button[data-action=accept]")
    assert page.locator("#status").inner_text() == "待派单"
    page.select_option("#id_lead_department", label="规划建设局")
    page.select_option("#id_co_departments", label="自然资源分局")
    window.shot("03-window-dispatch")
    window.submit("button[data-action=dispatch]")
    assert page.locator("#status").inner_text() == "待签收"

    # The department signs, then replies.
    dept = as_user("reviewer")
    page = dept.go("/")
    assert "待签收诉求" in page.locator("main").inner_text()
    dept.shot("04-reviewer-workbench")
    page = dept.go(url)
    dept.submit("button[data-action=sign]")
    assert page.locator("#status").inner_text() == "办理中"
    page.fill("#t-reply", "已协调园区运营公司疏通污水管网，并加装检查井。")
    dept.submit("button[data-action=reply]")
    assert page.locator("#status").inner_text() == "已答复待回访"
    dept.shot("05-reviewer-replied")

    # The window's return visit.
    page = window.go(url)
    page.fill("#t-visit", "电话回访，企业反映仍有异味。")
    window.submit("button[data-action=visit]")
    assert page.locator("#status").inner_text() == "已回访待评价"

    # The enterprise rates 不满意: the case closes and a rectification opens.
    page = ent.go(url)
    page.check("input[name=level][value=unsatisfied]")
    page.check("input[name=tags][value=问题未解决]")
    page.fill("textarea[name=comment]", "疏通后仍有异味，问题未彻底解决。")
    ent.shot("06-enterprise-rating")
    ent.submit("button[data-action=rate]")
    assert page.locator("#status").inner_text() == "已办结"
    ent.submit("#rating-link")
    rating_url = page.url
    assert page.locator("#rect-status").inner_text() == "整改中"
    ent.shot("07-enterprise-rectification-open")

    # The department answers the rectification, the window visits.
    page = dept.go(rating_url)
    page.fill("#t-reply", "已更换破损管段并对检查井加盖密封，异味已消除。")
    dept.submit("button[data-action=rect-reply]")
    assert page.locator("#rect-status").inner_text() == "已答复待回访"
    page = window.go(rating_url)
    page.fill("#t-visit", "现场回访，异味已消除，企业认可。")
    window.submit("button[data-action=rect-visit]")
    assert page.locator("#rect-status").inner_text() == "已回访"

    # The enterprise rates again.
    page = ent.go(rating_url)
    page.check("form.rating-form input[name=level][value=satisfied]")
    page.fill("form.rating-form textarea[name=comment]", "整改到位。")
    ent.submit("button[data-action=rerate]")
    level = page.locator("#level").inner_text()
    assert "满意" in level and "初评：不满意" in level
    ent.shot("08-enterprise-rerated")


def test_the_other_pages_show_the_demo(as_user) -> None:
    leader = as_user("leader")
    page = leader.go("/appeals/")
    assert page.locator("#appeal-table tbody tr").count() >= 20
    assert page.locator(".pill.red").count() >= 1  # the overdue case
    leader.shot("10-leader-list")
    page = leader.go("/appeals/rates/?from=2026-01-01&to=2026-10-31")
    assert page.locator("#totals").inner_text().count("100.0%") == 3
    leader.shot("11-leader-rates-reporting")
    leader.go("/appeals/rates/?from=2026-11-01&to=2026-11-30")
    leader.shot("12-leader-rates-november")
    page = leader.go("/appeals/ratings/?review=pending")
    page.locator("#rating-table tbody a").first.click()
    page.wait_for_load_state()
    leader.shot("13-leader-review")
    page = leader.go("/appeals/visits/")
    page.locator("#visit-table tbody a").first.click()
    page.wait_for_load_state()
    leader.shot("14-leader-visit")
    page = leader.go("/appeals/?status=active&q=试飞场地围栏报建")
    page.locator("#appeal-table tbody a").first.click()
    page.wait_for_load_state()
    assert page.locator("#supervision").is_visible()
    leader.shot("15-supervised-case")
    head = as_user("depthead")
    page = head.go("/")
    assert "超期上报诉求" in page.locator("main").inner_text()
    head.shot("16-depthead-workbench")
