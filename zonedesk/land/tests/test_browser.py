"""In a real browser: the investment officer opens the land register, sees the parcels drawn
from their GeoJSON (no tiles, nothing fetched from elsewhere), clicks one on the map, reads
its indicators, sale and 拿地即开工 forecast, opens the failed 达产复核 with its consequence;
then the parks: 同创产业园's occupancy and exits, a building, an overlapping lease refused,
leases imported from Excel (a bad file reported, a good one confirmed) and one corrected.
Screenshots at 1280 and 390 px: test-artifacts/land/."""

from __future__ import annotations

import pytest

from zonedesk.demo.people import DEMO_PASSWORD
from zonedesk.testing.browser import PageWatch, login, new_context, require_browser
from zonedesk.testing.browser import shoot as shoot_both

pytestmark = pytest.mark.browser
require_browser()

from playwright.sync_api import Browser, Page  # noqa: E402  (after the skip)


def both(page: Page, name: str, *, fits_phone: bool = True) -> None:
    shoot_both(page, name, folder="land", fits_phone=fits_phone, settle_ms=300)


def test_land_and_parks_journey(browser: Browser, live_server, demo, tmp_path):
    context = new_context(browser, live_server.url)
    page = context.new_page()
    watch = PageWatch(page)
    login(page, "investment", DEMO_PASSWORD)
    page.click("nav.sidebar a:has-text('标准地')")
    page.wait_for_selector("#parcel-map svg path")
    assert "LY-QH-30" in page.inner_text("#parcel-table")
    both(page, "land-list")

    # The map is drawn from the parcels' GeoJSON: clicking LY-TC-03 opens it.
    with page.expect_navigation():
        page.locator("#parcel-map svg text", has_text="LY-TC-03").first.click(force=True)
    assert "LY-TC-03" in page.inner_text("h1")
    assert "120.0000 亩 = 80000.00 ㎡" in page.inner_text("#area")
    assert "中玻" in page.inner_text("#sale")
    both(page, "land-parcel")
    parcel_url = page.url

    # 拿地即开工: the investor (中玻's user) sees when construction can start on its parcel.
    investor = new_context(browser, live_server.url)
    ipage = investor.new_page()
    iwatch = PageWatch(ipage)
    login(ipage, "enterprise", DEMO_PASSWORD)
    ipage.goto(parcel_url)
    assert "中玻高端玻璃深加工生产线项目" in ipage.inner_text("#forecast")
    assert "可开工" in ipage.inner_text("#forecast")
    both(ipage, "land-parcel-investor")
    assert iwatch.problems() == []
    investor.close()

    page.goto("/land/reviews/?status=failed")
    with page.expect_navigation():
        page.click("#review-table a:has-text('LY-QH-30')")
    result = page.inner_text("#review-result")
    assert "190.00" in result and "6.30" in result and "11400 万元 ÷ 60.0000 亩" in result
    assert "限期整改并支付违约金" in page.inner_text("#consequence")
    both(page, "land-review-failed")

    # A commitment looser than the indicator is refused, naming the field.
    page.goto("/land/")
    with page.expect_navigation():
        page.click("#parcel-table a:has-text('LY-ZJ-01')")
    with page.expect_navigation():
        page.click("a:has-text('登记出让')")
    page.select_option("#id_enterprise", label="凌源兆华智能终端制造有限公司")
    page.fill("#id_price_wan", "1350")
    page.fill("#id_production_due_on", "2028-06-30")
    page.fill("#id_investment_intensity", "300")
    with page.expect_navigation():
        page.click("form button.primary")
    assert "不能低于控制指标 350.00" in page.inner_text("main")
    both(page, "land-sale-refused")

    page.goto("/parks/")
    table = page.inner_text("#park-table")
    assert "同创产业园" in table
    both(page, "parks-list")
    with page.expect_navigation():
        page.click("#park-table a:has-text('同创产业园')")
    page.goto(page.url + "?on=2026-10-31")
    assert "83.88%" in page.inner_text("#occupancy")
    page.wait_for_selector("[data-chart] svg")
    both(page, "parks-tongchuang")
    with page.expect_navigation():
        page.click("a:has-text('退出记录')")
    assert "共 9 家" in page.inner_text("#exit-count")
    both(page, "parks-exits")

    page.goto("/parks/")
    with page.expect_navigation():
        page.click("#park-table a:has-text('同创产业园')")
    with page.expect_navigation():
        page.click("#building-table a:has-text('1号标准厂房')")
    both(page, "parks-building")
    with page.expect_navigation():
        page.click("#unit-table a:has-text('A105')")
    page.select_option("#id_enterprise", label="凌源芯创半导体材料有限公司")
    page.fill("#id_start_on", "2026-12-01")
    page.fill("#id_end_on", "2027-11-30")
    page.fill("#id_rent_yuan_m2_month", "12")
    with page.expect_navigation():
        page.click("#lease-form button.primary")
    assert "重叠" in page.inner_text("body")
    both(page, "parks-unit-overlap")

    # Excel import of leases (the shared flow): a file with an overlap is reported by row and
    # column and cannot be confirmed; a clean file is checked, confirmed and written.
    from zonedesk.testing.xlsx import xlsx_file

    head = ("产业园", "楼栋", "单元/房间", "承租企业", "起租日", "到期日", "租金（元/平方米/月）")
    rows = [
        head,
        ("同创产业园", "1号标准厂房", "A106", "凌源芯创半导体材料有限公司", "2027-01-01", "2028-12-31", "12"),
    ]
    bad, good = tmp_path / "leases-bad.xlsx", tmp_path / "leases-good.xlsx"
    bad.write_bytes(xlsx_file([*rows, (*rows[1][:4], "2028-01-01", "2029-12-31", "12")]))
    good.write_bytes(xlsx_file(rows))
    page.goto("/parks/")
    with page.expect_navigation():
        page.click("#parks-imports a:has-text('租约')")
    page.set_input_files("#import-file", str(bad))
    with page.expect_navigation():
        page.click("#import-form button.primary")
    assert "3\t起租日" in page.inner_text("#import-report")
    assert page.locator("#import-confirm").count() == 0
    both(page, "parks-import-report")
    page.goto("/imports/parks-leases/")
    page.set_input_files("#import-file", str(good))
    with page.expect_navigation():
        page.click("#import-form button.primary")
    with page.expect_navigation():
        page.click("#import-confirm")
    assert "已导入 1 行" in page.inner_text("body")
    # …and the imported lease is corrected on its edit page.
    with page.expect_navigation():
        page.click("#lease-table a:has-text('凌源芯创半导体材料有限公司')")
    with page.expect_navigation():
        page.click("#lease-edit")
    page.fill("#id_rent_yuan_m2_month", "13.5")
    with page.expect_navigation():
        page.click("#edit-form button.primary")
    assert "13.50" in page.inner_text("main")
    assert watch.problems() == []
    context.close()

    # The leader's dashboard shows the article's figures computed from the leases and exits.
    leader = new_context(browser, live_server.url)
    lpage = leader.new_page()
    lwatch = PageWatch(lpage)
    login(lpage, "leader", DEMO_PASSWORD)
    lpage.goto("/dashboard/")
    text = lpage.inner_text("main")
    assert "同创产业园入驻率" in text and "83.88" in text
    assert "同创产业园退出企业" in text
    assert "达产复核未通过" in text
    both(lpage, "dashboard-parks-land", fits_phone=False)  # the dashboard is not this app's page
    assert lwatch.problems() == []
    leader.close()
