"""In a real browser: a leader opens an appraisal period from the current template; three
people self-assess; the assessor scores (one veto); the leader reviews, publishes (a tie is
shown) and finalises. Then the 产学研 and 党建 pages and the dashboard figures. No console
error, no CSP violation. Screenshots at 1280 px and 390 px: test-artifacts/staff/."""

from __future__ import annotations

from functools import partial

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser
from zonedesk.testing.browser import shoot as shoot_both

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser, Page  # noqa: E402  (after the skip)

shoot = partial(shoot_both, folder="staff")


def _as(browser: Browser, live_server, username: str) -> tuple[Page, PageWatch]:
    page = new_context(browser, live_server.url).new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    watch = PageWatch(page)
    login(page, username, DEMO_PASSWORD)
    return page, watch


def _post(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def test_appraisal_from_template_to_final_ranking(browser: Browser, live_server, demo):
    from zonedesk.appraisal.models import AppraisalPeriod
    from zonedesk.organisation.models import User

    people = ["reviewer-wb-gs", "reviewer-wb-rq", "ly-jfj"]
    users = {u.username: u for u in User.objects.filter(username__in=[*people, "depthead", "leader"])}

    leader, lw = _as(browser, live_server, "leader")
    leader.goto("/appraisal/")
    shoot(leader, "appraisal-index")
    leader.goto("/appraisal/templates/")
    assert "一票否决" in leader.inner_text("main")
    shoot(leader, "appraisal-templates")
    leader.goto("/appraisal/periods/new/")
    leader.fill("#p-name", "2026年12月考核（浏览器）")
    leader.fill("#p-start", "2026-01-01")
    leader.fill("#p-end", "2026-12-31")
    leader.fill("#p-days", "0")
    leader.fill("#p-dc", "0")
    leader.fill("#p-xc", "1")
    leader.fill("#p-group", "供水供气报装与经济发展经办岗位")
    leader.select_option("#p-assessor", str(users["depthead"].pk))
    leader.select_option("#p-reviewer", str(users["leader"].pk))
    for name in people:
        leader.check(f"input[name=people][value='{users[name].pk}']")
    shoot(leader, "appraisal-period-form")
    _post(leader, "#period-form button.primary")
    period = AppraisalPeriod.objects.get(name="2026年12月考核（浏览器）")
    sheets = {s.person.username: s for s in period.sheets.select_related("person")}
    assert len(sheets) == 3

    for name in people:
        page, watch = _as(browser, live_server, name)
        page.goto(f"/appraisal/sheets/{sheets[name].pk}/")
        page.fill("#self-summary", "按时办理报装事项，落实一次性告知。")
        _post(page, "#self-assessment button.primary")
        assert "待考核人评分" in page.inner_text("#sheet-summary")
        assert watch.problems() == []
        page.context.close()

    assessor, aw = _as(browser, live_server, "depthead")
    for name in people:
        assessor.goto(f"/appraisal/sheets/{sheets[name].pk}/")
        form = assessor.locator("#score-M1 form")
        form.locator("input[name=points]").fill("16")
        form.locator("input[name=evidence]").fill("窗口服务巡查记录")
        form.locator("input[name=comment]").fill("服务规范")
        with assessor.expect_navigation():
            form.locator("button").click()
        veto = assessor.locator("#score-V1 form")
        if name == "ly-jfj":
            veto.locator("input[name=veto]").check()
            veto.locator("input[name=evidence]").fill("凌开纪〔2026〕9号通报")
        veto.locator("input[name=comment]").fill("认定")
        with assessor.expect_navigation():
            veto.locator("button").click()
        if name == "ly-jfj":
            shoot(assessor, "appraisal-sheet-assessor")
        _post(assessor, "#submit-scores")
    assert aw.problems() == []

    for name in people:
        leader.goto(f"/appraisal/sheets/{sheets[name].pk}/")
        _post(leader, "#review-form button[name=approve][value='1']")
    leader.goto(f"/appraisal/periods/{period.pk}/")
    _post(leader, "#period-actions form:has-text('排序并公示') button")
    ranking = leader.inner_text(".ranking")
    assert "并列" in ranking  # the two utility reviewers tie
    assert "一票否决" in ranking and "末位淘汰" in ranking
    _post(leader, "#period-actions form:has-text('定档') button")
    assert "已定档" in leader.inner_text("h1")
    shoot(leader, "appraisal-period-final")
    jfj = sheets["ly-jfj"]
    leader.goto(f"/appraisal/sheets/{jfj.pk}/")
    assert "不合格" in leader.inner_text("#sheet-grade")
    shoot(leader, "appraisal-sheet-final")
    # the click-through of a derived value of the demo period
    from zonedesk.appraisal.demo import PERIOD
    from zonedesk.appraisal.models import AppraisalSheet

    wang = AppraisalSheet.objects.get(period__name=PERIOD, person__username="reviewer")
    leader.goto(f"/appraisal/sheets/{wang.pk}/")
    shoot(leader, "appraisal-sheet-demo")
    with leader.expect_navigation():
        leader.click("#score-B2 a:has-text('查看办件')")
    assert leader.locator("#basis-rows tbody tr").count() == 7
    shoot(leader, "appraisal-basis")
    leader.goto(f"/appraisal/periods/{wang.period_id}/")
    shoot(leader, "appraisal-period-demo")

    # 产学研 and 党建 pages and the dashboard figures
    leader.goto("/research/")
    figs = leader.inner_text("#research-figures")
    assert "22" in figs and "1036" in figs and "20" in figs and "7" in figs
    shoot(leader, "research-index")
    leader.goto("/research/experts/")
    shoot(leader, "research-experts")
    leader.goto("/research/challenges/")
    shoot(leader, "research-challenges")
    with leader.expect_navigation():
        leader.click("#register-table tbody tr:first-child a")
    shoot(leader, "research-challenge")
    leader.goto("/partybuilding/")
    assert "10" in leader.inner_text("#partybuilding-figures")
    shoot(leader, "partybuilding-index")
    leader.goto("/partybuilding/pairs/")
    shoot(leader, "partybuilding-pairs")
    leader.goto("/partybuilding/jobs/new/")
    shoot(leader, "partybuilding-jobs-form")
    leader.goto("/dashboard/")
    dash = leader.inner_text("main")
    assert "产学研合作" in dash and "党建与社会责任" in dash
    shoot(leader, "dashboard")
    assert lw.problems() == []
