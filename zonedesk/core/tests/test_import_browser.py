"""In a real browser: a register file above the background size is queued, the batch page
polls and shows the worker's check when it is done, the confirmation is queued in turn and the
page shows the import when the worker has written it. No console error, no CSP violation.
Screenshots at 1280 and 390 px: test-artifacts/imports/."""

from __future__ import annotations

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser, shoot

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser  # noqa: E402  (after the skip)


def test_a_large_import_is_queued_polled_and_done(
    browser: Browser, live_server, demo, settings, monkeypatch, tmp_path
):
    from zonedesk.core import register_import
    from zonedesk.core.import_tasks import import_batch_work
    from zonedesk.core.models import ImportBatch
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.enterprises.tests.support import workbook
    from zonedesk.organisation.models import User
    from zonedesk.testing.factories import new_credit_code

    settings.IMPORT_BACKGROUND_ROWS = 2
    # The worker is this test: what the flow hands to it waits until the test runs it.
    handed: list[int] = []
    monkeypatch.setattr(register_import, "_enqueue", lambda actor, batch_id: handed.append(batch_id))
    codes = [new_credit_code() for _ in range(3)]
    path = tmp_path / "企业名录.xlsx"
    path.write_bytes(
        workbook(
            {
                "企业": [
                    ["统一社会信用代码", "企业名称", "法定代表人", "行业代码"],
                    *([c, f"浏览器导入{i}有限公司", "甲", "C30"] for i, c in enumerate(codes)),
                ]
            }
        )
    )
    window = User.objects.get(username="window")

    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "window", DEMO_PASSWORD)
    page.goto("/enterprises/")
    with page.expect_navigation():
        page.click("a[href='/imports/enterprises/']")
    page.set_input_files("#import-file", str(path))
    with page.expect_navigation():
        page.click("#import-form button.primary")
    assert "排队中" in page.inner_text("#import-status")
    shoot(page, "import-batch-queued", folder="imports", fits_phone=True)

    # The worker checks it; the page, polling, reloads by itself and offers the confirmation.
    import_batch_work(batch_id=handed.pop(), user_id=window.pk, ip=None)
    page.wait_for_selector("#import-confirm", timeout=15_000)
    assert "将新增 3 行" in page.inner_text("#import-summary")
    shoot(page, "import-batch-checked", folder="imports", fits_phone=True)

    with page.expect_navigation():
        page.click("#import-confirm")
    assert "处理中" in page.inner_text("#import-status") or "排队中" in page.inner_text("#import-status")
    assert not Enterprise.objects.filter(credit_code__in=codes).exists()
    import_batch_work(batch_id=handed.pop(), user_id=window.pk, ip=None)
    page.wait_for_selector("#import-status:has-text('已导入')", timeout=15_000)
    assert "新增 3 行" in page.inner_text("#import-status")
    shoot(page, "import-batch-done", folder="imports", fits_phone=True)
    assert Enterprise.objects.filter(credit_code__in=codes).count() == 3
    assert ImportBatch.objects.latest("pk").status == "imported"
    assert watch.problems() == []
    context.close()
