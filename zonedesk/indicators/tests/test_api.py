"""The indicators through the API and the page: the same numbers, clear errors, Excel."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _span() -> str:
    today = timezone.localdate()
    return f"{today.replace(year=today.year - 1).isoformat()}..{today.isoformat()}"


def test_api_page_and_excel_agree(login_client) -> None:
    client = login_client("leader")
    r = client.get(f"/api/indicators/?period={_span()}&category=industrial_social")
    assert r.status_code == 200, r.content
    body = r.json()
    permit = next(i for i in body["indicators"] if i["key"] == "building_permit")
    assert permit["case_count"] == 4
    procedures = next(m for m in permit["metrics"] if m["key"] == "procedures")
    assert (procedures["median"], procedures["mean"], procedures["p90"]) == ("13.0", "14.5", "17.2")
    assert sum(b["count"] for b in procedures["histogram"]) == 4
    working = next(m for m in permit["metrics"] if m["key"] == "working_days")
    assert {lim["days"] for lim in working["limits"]} == {120, 40}
    assert "竣工验收" in working["formula"]

    cases = client.get(permit["cases_url"])
    assert cases.status_code == 200 and "中玻节能玻璃研发楼" in cases.content.decode()
    api_cases = client.get(
        f"/api/indicators/cases?indicator=building_permit&period={_span()}&category=industrial_social"
    ).json()
    assert sorted(c["procedures"] for c in api_cases) == [13, 13, 13, 19]

    page = client.get(f"/indicators/?period={_span()}&category=industrial_social").content.decode()
    assert "17.2" in page and "14.5" in page and "data-histogram" in page

    from openpyxl import load_workbook

    xlsx = client.get(f"/indicators/export.xlsx?period={_span()}&category=industrial_social")
    wb = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    rows = list(wb["指标"].iter_rows(values_only=True))
    assert rows[1][:7] == ("办理建筑许可", "办理环节", "个", 4, 13, 14.5, 17.2)
    assert len(list(wb["案例"].iter_rows(values_only=True))) > 4


def test_bad_filters_are_named(login_client) -> None:
    client = login_client("leader")
    r = client.get("/api/indicators/?period=2026-13")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "period"
    r = client.get("/api/indicators/?category=nonsense")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "category"
    r = client.get("/api/indicators/cases?indicator=nonsense")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "indicator"
    page = client.get("/indicators/?period=2026-13")
    assert page.status_code == 200 and "月份应为 01–12" in page.content.decode()


def test_the_dashboard_shows_and_links_the_indicators(login_client) -> None:
    body = login_client("leader").get(f"/api/dashboard/summary?period={_span()}").json()
    figure = body["total"]["figures"]["indicators.building_permit.working_days.median"]
    assert figure["value"] is not None and figure["url"].startswith("/indicators/cases/")
