"""The enterprise's journey on a phone and at office width, in Chinese and in English, and the
leader's dashboard (issue 15's done-when): apply → 补正 → progress → certificate → appeal →
rating. Each page is shot at 390x844 and 1366x768 into test-artifacts/journey/ to be looked at
(`make screens`); whether or not screenshots are written, every page must fit the phone, and in
English show no Han character outside the zones' own data (testing/pagewalk.py).

The pages are the demo's own cases (approvals/demo.py leaves the enterprise an item waiting for
补正, completed stages with certificates, appeals in every state), found in the database so that
the journey does not depend on which link a list shows first.
"""

from __future__ import annotations

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser, screenshots_wanted
from zonedesk.testing.pagewalk import HAN_TEXT_JS, WIDTH_JS, foreign_text, zone_data_runs

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser, Page, ViewportSize  # noqa: E402  (after the skip)

SIZES: tuple[ViewportSize, ...] = ({"width": 390, "height": 844}, {"width": 1366, "height": 768})


def _journey_paths() -> list[tuple[str, str]]:
    """(name, path) of each step, from the demo enterprise's own cases."""
    from django.urls import reverse

    from zonedesk.appeals.models import Appeal
    from zonedesk.approvals.models import Application, ApplicationItem, ApplicationStatus, ItemState
    from zonedesk.certificates.models import Certificate
    from zonedesk.organisation.models import User

    own = User.objects.get(username="enterprise").enterprise_id
    assert own is not None
    apps = Application.objects.filter(project__enterprise_id=own).order_by("pk")
    items = ApplicationItem.objects.filter(application__in=apps, state=ItemState.SUPPLEMENT)
    item = items.order_by("pk").first()
    assert item is not None, "the demo leaves the enterprise an item waiting for 补正"
    completed = apps.filter(status=ApplicationStatus.COMPLETED).first()
    assert completed is not None
    certificate = Certificate.objects.filter(holder_id=own).order_by("pk").first()
    assert certificate is not None
    appeal = Appeal.objects.filter(enterprise_id=own).order_by("-pk").first()
    assert appeal is not None
    return [
        ("01-workbench", reverse("workbench")),
        ("02-apply", reverse("approvals:apply", args=[item.application.project_id])),
        ("03-application", reverse("approvals:application", args=[item.application_id])),
        ("04-supplement", reverse("approvals:item", args=[item.pk])),
        ("06-completed", reverse("approvals:application", args=[completed.pk])),
        ("07-certificates", reverse("certificates:mine")),
        ("08-certificate", reverse("certificates:detail", args=[certificate.pk])),
        ("09-appeal-new", reverse("appeals:create")),
        ("10-appeal", reverse("appeals:detail", args=[appeal.pk])),
        ("12-policies", reverse("policies:mine")),
    ]


def _case_number(kind: str) -> tuple[str, str]:
    """A completed application's case number and its enterprise's credit code (the public
    progress lookup takes either the query code or the credit code)."""
    from zonedesk.approvals.models import Application, ApplicationStatus
    from zonedesk.casefiles.models import CaseNumber
    from zonedesk.organisation.models import User

    user = User.objects.select_related("enterprise").get(username="enterprise")
    assert user.enterprise is not None
    apps = Application.objects.filter(project__enterprise_id=user.enterprise.pk,
                                      status=ApplicationStatus.COMPLETED)
    case = CaseNumber.objects.filter(kind=kind, object_id__in=apps.values("pk")).order_by("pk").first()
    assert case is not None
    return case.number, user.enterprise.credit_code


def _check_and_shoot(page: Page, language: str, name: str, runs: frozenset[str], problems: list[str]) -> None:
    for size in SIZES:
        page.set_viewport_size(size)
        width, inner = page.evaluate(WIDTH_JS)
        if size["width"] == 390 and width > inner:
            problems.append(f"{name}: {width}px wide on a {inner}px phone")
        if screenshots_wanted():
            from zonedesk.testing.browser import SCREENS

            folder = SCREENS.parent / "journey"
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{language}-{name}-{size['width']}.png"), full_page=True)
    if language == "en":
        problems += [f"{name}: Chinese interface text {text[:80]!r}"
                     for text in foreign_text(page.evaluate(HAN_TEXT_JS), runs)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_enterprise_journey_and_the_dashboard(browser: Browser, live_server, demo, language: str) -> None:
    runs = zone_data_runs()
    problems: list[str] = []
    context = new_context(browser, live_server.url)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "enterprise", DEMO_PASSWORD)
    rate_href = None
    for name, path in _journey_paths():
        response = page.goto(path)
        assert response is not None and response.status == 200, (name, path)
        _check_and_shoot(page, language, name, runs, problems)
        if name == "06-completed":
            # The rating form is linked from a completed case (core.rateable).
            rate = page.locator("a[href*='/appeals/rate/']").first
            rate_href = rate.get_attribute("href") if rate.count() else None
    assert rate_href, "a completed application links to its rating form"
    page.goto(rate_href)
    _check_and_shoot(page, language, "11-rating", runs, problems)

    # Progress: the public lookup with the case number and the credit code.
    number, credit_code = _case_number("application")
    page.goto("/progress/")
    page.fill("input[name=number]", number)
    page.fill("input[name=code]", credit_code)
    with page.expect_navigation():
        page.click("form.progress-form button")
    _check_and_shoot(page, language, "05-progress", runs, problems)
    assert watch.problems() == []
    context.close()

    leader = new_context(browser, live_server.url)
    leader.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = leader.new_page()
    login(page, "leader", DEMO_PASSWORD)
    page.goto("/dashboard/")
    page.wait_for_load_state("networkidle")
    _check_and_shoot(page, language, "13-dashboard", runs, problems)
    leader.close()
    assert problems == []
