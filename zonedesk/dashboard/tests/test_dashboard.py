"""The leadership dashboard: the seed's figures, computed at request time, with drill-down
links, a selectable period and the provincial view per zone and as a whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from freezegun import freeze_time

from zonedesk.organisation.models import User, Zone
from zonedesk.projects import services
from zonedesk.projects.models import Project

pytestmark = pytest.mark.django_db

SEED = {
    "pipeline.by_stage.new.count": 36,
    "pipeline.by_stage.new.total_yi": "111.49",
    "pipeline.by_stage.continuing.count": 24,
    "pipeline.by_stage.continuing.total_yi": "96.10",
    "pipeline.signed.count": 55,
    "pipeline.signed.total_yi": "97.49",
    "pipeline.reserve.count": 103,
}


def test_the_leader_sees_the_seeds_figures(login_client) -> None:
    r = login_client("leader").get(reverse("dashboard:index"))
    assert r.status_code == 200
    html = r.content.decode()
    tiles = {t["id"]: t for t in r.context["tiles"]}
    assert (tiles["new"]["count"], tiles["new"]["total"]) == (36, Decimal("111.49"))
    assert (tiles["continuing"]["count"], tiles["continuing"]["total"]) == (24, Decimal("96.10"))
    assert (tiles["signed"]["count"], tiles["signed"]["total"]) == (55, Decimal("97.49"))
    assert (
        tiles["reserve"]["count"] == 103
        and tiles["negotiating"]["count"] >= 30
        and tiles["key"]["count"] >= 20
    )
    assert "111.49亿元" in html and "96.1亿元" in html and "97.49亿元" in html
    assert 'data-chart="pie"' in html and "<script>" not in html  # charts from json_script, no inline code
    # every tile links to the rows behind it, and that list has the same number of rows
    for t in tiles.values():
        listed = login_client("leader").get(t["url"])
        assert listed.context["page"].paginator.count == t["count"], t


def test_the_summary_api_names_each_figure_with_its_unit(login_client) -> None:
    r = login_client("leader").get("/api/dashboard/summary")
    assert r.status_code == 200
    body = r.json()
    figures = body["total"]["figures"]
    for key, value in SEED.items():
        assert figures[key]["value"] == value, key
    assert figures["pipeline.by_stage.new.total_yi"]["unit"] == "亿元"
    assert figures["pipeline.by_stage.new.count"]["url"].startswith("/projects/?view=new")
    # The default period is the zone's reporting period: 2026 up to the date it reports as of.
    assert body["period"] == {"start": "2026-01-01", "end": "2026-10-31", "label": "2026年（截至10月31日）"}
    assert [z["code"] for z in body["zones"]] == ["LY"]
    # every registered section is there
    sections = {k.split(".")[0] for k in figures}
    assert {"pipeline", "approvals", "appeals"} <= sections


@freeze_time("2026-11-30 10:00:00+08:00", tick=True)
def test_figures_follow_the_data_at_request_time(login_client, actor_for) -> None:
    # Frozen inside 2026, so "the whole year 2026 includes today" holds whatever the real date.
    officer = actor_for("investment")
    p = services.project_create(
        actor=officer,
        zone=Zone.objects.get(code="LY"),
        data={"name": "驾驶舱测试项目", "total_investment": Decimal("12345.00")},
    )
    # The whole year includes today (frozen), when the project entered the reserve.
    body = login_client("leader").get("/api/dashboard/summary", {"period": "2026"}).json()
    assert body["total"]["figures"]["pipeline.reserve.count"]["value"] == 104
    before = login_client("leader").get("/api/dashboard/summary").json()
    assert before["total"]["figures"]["pipeline.reserve.count"]["value"] == 103
    assert Project.objects.filter(pk=p.pk).exists()


def test_the_period_is_selectable(login_client) -> None:
    body = login_client("leader").get("/api/dashboard/summary", {"period": "2025"}).json()
    figures = body["total"]["figures"]
    assert figures["pipeline.by_stage.new.count"]["value"] != 36
    assert figures["pipeline.by_stage.new.count"]["url"].endswith("from=2025-01-01&to=2025-12-31")
    q3 = login_client("leader").get("/api/dashboard/summary", {"period": "2026-Q3"}).json()
    assert q3["period"]["start"] == "2026-07-01"
    bad = login_client("leader").get("/api/dashboard/summary", {"period": "2026-13"})
    assert bad.status_code == 422
    page = login_client("leader").get(reverse("dashboard:index"), {"period": "nonsense"})
    assert page.status_code == 200 and "期间格式应为" in page.content.decode()


def test_the_province_sees_each_zone_and_the_whole(login_client) -> None:
    body = login_client("province").get("/api/dashboard/summary").json()
    zones = {z["code"]: z["figures"] for z in body["zones"]}
    assert set(zones) == {"LY", "JP"}
    assert zones["LY"]["pipeline.by_stage.new.count"]["value"] == 36
    total = body["total"]["figures"]
    for key in ("pipeline.by_stage.new.count", "pipeline.reserve.count", "pipeline.signed.count"):
        assert total[key]["value"] == zones["LY"][key]["value"] + zones["JP"][key]["value"]
    new_yi = Decimal(zones["LY"]["pipeline.by_stage.new.total_yi"]["value"]) + Decimal(
        zones["JP"]["pipeline.by_stage.new.total_yi"]["value"]
    )
    assert Decimal(total["pipeline.by_stage.new.total_yi"]["value"]) == new_yi
    assert "zone=" in zones["JP"]["pipeline.by_stage.new.count"]["url"]
    jp_id = Zone.objects.get(code="JP").pk
    only = login_client("province").get("/api/dashboard/summary", {"zone": jp_id}).json()
    assert [z["code"] for z in only["zones"]] == ["JP"]
    page = login_client("province").get(reverse("dashboard:index")).content.decode()
    assert "全省合计" in page and "凌源经开区" in page and "建平经开区" in page


def test_another_zone_is_not_found(login_client) -> None:
    jp_id = Zone.objects.get(code="JP").pk
    assert login_client("leader").get("/api/dashboard/summary", {"zone": jp_id}).status_code == 404
    assert login_client("leader").get(reverse("dashboard:index"), {"zone": jp_id}).status_code == 404


def test_the_dashboard_reads_a_zones_own_reporting_year(login_client) -> None:
    user = User.objects.get(username="jp-leader")
    assert user.zone.reporting_year == 2026
    body = login_client("jp-leader").get("/api/dashboard/summary").json()
    assert body["period"]["start"] == dt.date(2026, 1, 1).isoformat()
    assert [z["code"] for z in body["zones"]] == ["JP"]


def test_refused_roles_get_404(login_client) -> None:
    for login in ("window", "steward", "enterprise", "admin", "auditor"):
        assert login_client(login).get(reverse("dashboard:index")).status_code == 404
        assert login_client(login).get("/api/dashboard/summary").status_code == 404


# The approval and appeal figures that count the rows their lists show.
ROWS_BEHIND = {"approvals.projects_in_approval", "appeals.due", "appeals.closed", "appeals.ratings",
               "appeals.bad_ratings", "appeals.open"}


def test_approval_and_appeal_figures_open_the_rows_behind_them(login_client) -> None:
    client = login_client("leader")
    r = client.get(reverse("dashboard:index"))
    figures = r.context["f"]
    html = r.content.decode()
    assert not [k for k in figures if k in html]  # no internal key printed beside a label
    for f in figures.values():
        if f.key.split(".")[0] in {"approvals", "appeals"}:
            assert f.url and f.url != reverse("approvals:projects") and f.url != reverse("approvals:inbox"), f
            page = client.get(f.url)
            assert page.status_code == 200, f
            if f.key in ROWS_BEHIND:  # a count opens exactly that many rows
                assert page.context["page"].paginator.count == f.value, f
    # A rate opens its denominator's cases: 办结率 → the cases due in the period.
    due = client.get(figures["appeals.closed_rate"].url)
    assert due.context["page"].paginator.count == figures["appeals.due"].value
    assert "应办结诉求" in due.content.decode()


def test_a_figure_links_only_to_a_page_its_reader_may_open(login_client) -> None:
    """The investment officer sees the indicator figures (zone-wide aggregates) but may not open
    the indicator cases: the figures show without links. A leader, who may, gets the links."""
    def indicator_rows(role):
        r = login_client(role).get(reverse("dashboard:index"))
        section = next(s for s in r.context["sections"] if s["key"] == "indicators")
        return [row["figure"] for row in section["rows"]]

    officer = indicator_rows("investment")
    assert officer and all(f.url == "" for f in officer)
    assert login_client("investment").get(reverse("indicators:cases") + "?indicator=building_permit"
                                          ).status_code == 404
    leader = indicator_rows("leader")
    assert leader and all(f.url for f in leader)
    assert login_client("leader").get(leader[0].url).status_code == 200
