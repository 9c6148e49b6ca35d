"""Reaching people, in a real browser: the window asks for 补正 → the enterprise sees the
unread count, opens the message and lands on its application with the case number and the
printable 补正告知书 → a logged-out visitor finds the progress by number and query code, and a
wrong code is refused without saying whether the number exists."""

from __future__ import annotations

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser, screenshot

pytestmark = pytest.mark.browser
require_browser()



def test_supplement_message_notice_and_public_progress(browser, live_server, demo) -> None:
    from django.utils import timezone

    from zonedesk.approvals import services
    from zonedesk.approvals.models import Application
    from zonedesk.casefiles.models import CaseNumber
    from zonedesk.core.actor import Actor
    from zonedesk.notifications.models import Message
    from zonedesk.organisation.models import User

    Message.objects.filter(recipient__username="enterprise").update(read_at=timezone.now())
    app = Application.objects.filter(status="submitted").first()
    services.application_request_supplement(actor=Actor(user=User.objects.get(username="window")),
                                            application_id=app.pk, note="请补充法定代表人签字页")
    case = CaseNumber.objects.get(kind="application", object_id=app.pk)

    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "enterprise", DEMO_PASSWORD)
    page.goto("/messages/")
    assert page.locator("#unread-count").inner_text() == "1"
    screenshot(page, "notices-inbox")
    with page.expect_navigation():
        page.locator(".message.unread button").first.click()
    assert page.url.endswith(f"/approvals/applications/{app.pk}/")
    assert page.locator("#case-number").inner_text() == case.number
    assert page.locator("#unread-count").count() == 0
    link = page.locator("#case-panel a", has_text="一次性补正告知书")
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    assert watch.problems() == [], watch.problems()
    context.close()

    anon = new_context(browser, live_server.url).new_page()
    anon.goto(f"/progress/?n={case.number}")
    anon.fill("#id_code", "WRONG234")
    with anon.expect_navigation():
        anon.click("button.primary")
    assert "办件编号或查询码不正确" in anon.locator(".alert").inner_text()
    anon.fill("#id_code", case.query_code)
    with anon.expect_navigation():
        anon.click("button.primary")
    result = anon.locator("#progress-result")
    assert case.number in result.inner_text() and "待补正" in result.inner_text()
    assert app.project.enterprise.name not in anon.content()
    screenshot(anon, "notices-progress")
