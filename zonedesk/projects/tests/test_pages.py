"""Pages of the pipeline: the drill-down lists, the worklist, the detail page, Excel."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zonedesk.core.models import ImportBatch
from zonedesk.projects.models import Project

pytestmark = pytest.mark.django_db


def _names(response) -> list[str]:
    return [p.name for p, _aging in response.context["rows"]]


class TestDrillDown:
    def test_new_projects_of_2026_are_exactly_the_36(self, login_client) -> None:
        r = login_client("leader").get(reverse("projects:list"), {"view": "new", "year": 2026, "size": 50})
        assert r.status_code == 200
        assert r.context["page"].paginator.count == 36
        assert "111.49亿元" in r.content.decode()
        assert "智慧交安和5G智慧合杆项目" in _names(r)  # in production this year, still 新建

    @pytest.mark.parametrize(
        ("view", "count", "total"), [("continuing", 24, "96.1亿元"), ("signed", 55, "97.49亿元")]
    )
    def test_each_view_lists_its_figure(self, login_client, view, count, total) -> None:
        r = login_client("investment").get(reverse("projects:list"), {"view": view, "year": 2026})
        assert r.context["page"].paginator.count == count
        assert total in r.content.decode()

    def test_the_dashboard_link_form_from_to_works(self, login_client) -> None:
        r = login_client("leader").get(
            reverse("projects:list"), {"view": "reserve", "from": "2026-01-01", "to": "2026-12-31"}
        )
        assert r.context["page"].paginator.count == 103

    def test_a_bad_filter_lists_nothing_and_says_why(self, login_client) -> None:
        r = login_client("leader").get(reverse("projects:list"), {"start": "2026-12-01", "end": "2026-01-01"})
        assert r.context["page"].paginator.count == 0
        assert "起始日期不能晚于截止日期" in r.content.decode()

    def test_a_leader_never_sees_another_zones_projects(self, login_client) -> None:
        r = login_client("leader").get(reverse("projects:list"), {"q": "建平", "size": 100})
        assert all(p.zone.code == "LY" for p, _a in r.context["rows"])
        r = login_client("province").get(reverse("projects:list"), {"q": "建平", "size": 100})
        assert any(p.zone.code == "JP" for p, _a in r.context["rows"])


class TestWorklist:
    def test_the_steward_sees_their_projects_with_what_is_due(self, login_client, demo_user) -> None:
        r = login_client("steward").get(reverse("projects:worklist"))
        assert r.status_code == 200
        items = r.context["items"]
        me = demo_user("steward").pk
        assert len(items) >= 10
        for i in items:
            p = i.project
            assert me in (p.project_steward_id, p.env_steward_id, p.safety_steward_id, p.assistant_id)
            assert p.stage != "production"
        assert any(i.missing for i in items)  # e.g. a started project without its acceptance report
        assert any(i.aging.state in ("yellow", "red") for i in items)
        assert "凌钢集团钢焦一体及配套设施项目" in r.content.decode()

    def test_the_detail_page_shows_gate_stewards_and_history(self, login_client) -> None:
        p = Project.objects.get(name="凌钢集团钢焦一体及配套设施项目")
        r = login_client("steward").get(reverse("projects:detail", args=[p.pk]))
        html = r.content.decode()
        assert r.status_code == 200
        for text in (
            "66亿元",
            "150亿元",
            "8亿元",
            "2000",
            "孙志强",
            "竣工验收或投产报告",
            "补链延链项目",
            "35亿元",
        ):
            assert text in html, text


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(reverse("projects:list"), params)
    assert r.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"view": "new", "year": "2026"}, {"q": "项目", "key": "1"}])
def test_the_list_costs_the_same_for_20_and_100_rows(login_client, params) -> None:
    client = login_client("investment")
    _queries(client, {"size": 20, **params})  # warm the calendar cache
    assert _queries(client, {"size": 20, **params}) == _queries(client, {"size": 100, **params})


class TestExcel:
    def test_export_then_reimport_changes_nothing(self, login_client) -> None:
        client = login_client("investment")
        r = client.get(reverse("projects:export"), {"view": "new", "year": 2026})
        assert r.status_code == 200
        from openpyxl import load_workbook

        rows = list(load_workbook(io.BytesIO(r.content), read_only=True).active.iter_rows(values_only=True))
        assert len(rows) == 37 and rows[0][0] == "项目名称"
        before = {p.pk: (p.version, p.total_investment) for p in Project.objects.all()}
        upload = io.BytesIO(r.content)
        upload.name = "projects.xlsx"
        r = client.post(reverse("imports:upload", args=["projects"]), {"file": upload})
        assert r.status_code == 302, r.content.decode()[:2000]
        batch = ImportBatch.objects.latest("pk")
        assert batch.report == [] and len(batch.rows) == 36
        assert all(row["action"] == "unchanged" for row in batch.rows)
        client.post(reverse("imports:decide", args=[batch.pk]), {"action": "confirm"})
        batch.refresh_from_db()
        assert batch.status == "imported"
        assert batch.result == {"created": 0, "updated": 0, "unchanged": 36}
        assert {p.pk: (p.version, p.total_investment) for p in Project.objects.all()} == before

    def test_bad_rows_are_reported_and_nothing_is_written_until_a_clean_file_is_confirmed(
        self, login_client, counts
    ) -> None:
        from openpyxl import Workbook

        from zonedesk.projects.excel import COLUMNS

        header = [label for _k, label in COLUMNS]
        col = {k: i for i, (k, _l) in enumerate(COLUMNS)}

        def row(**values):
            out = [None] * len(COLUMNS)
            for k, v in values.items():
                out[col[k]] = v
            return out

        def upload(*rows):
            wb = Workbook()
            ws = wb.active
            ws.title = "招商项目"
            ws.append(header)
            for r in rows:
                ws.append(r)
            buf = io.BytesIO()
            wb.save(buf)
            buf.seek(0)
            buf.name = "projects.xlsx"
            return client.post(reverse("imports:upload", args=["projects"]), {"file": buf})

        good = row(name="导入测试光伏项目", total_investment=5000, chain="新能源", stage="储备")
        client = login_client("investment")
        before = counts()
        upload(
            good,
            row(name="导入测试坏代码项目", total_investment=3000, project_code="2106-211382-04-01-1"),
            row(
                name="导入测试签约项目",
                total_investment=3000,
                stage="签约",
                investor_name="甲公司",
                chain="新材料",
                lead_source="青岛驻点招商",
                negotiating_on="2026-03-01",
            ),
            row(name="导入测试未知链项目", total_investment="abc", chain="不存在的链"),
            row(name="导入测试光伏项目", total_investment=6000),  # the same project twice
        )
        batch = ImportBatch.objects.latest("pk")
        report = {(p["row"], p["column"]) for p in batch.report}
        assert (3, "投资项目代码") in report
        assert (4, "签约日期") in report
        assert (5, "总投资（万元）") in report and (5, "产业链") in report
        assert (6, "项目名称") in report
        assert counts()["projects"] == before["projects"]  # the check wrote nothing
        page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
        assert "投资项目代码应为 24 位" in page
        # a file with problems cannot be confirmed: nothing is written
        client.post(reverse("imports:decide", args=[batch.pk]), {"action": "confirm"})
        assert counts()["projects"] == before["projects"]
        upload(good)
        batch = ImportBatch.objects.latest("pk")
        client.post(reverse("imports:decide", args=[batch.pk]), {"action": "confirm"})
        p = Project.objects.get(name="导入测试光伏项目")
        assert (p.stage, p.total_investment, p.chain.name) == ("reserve", Decimal("5000.00"), "新能源")
        assert counts()["projects"] == before["projects"] + 1
        assert p.moves.count() == 1  # its history, as the row states it


def test_the_stewards_workbench_lists_projects_staying_too_long(login_client, demo_user) -> None:
    from zonedesk.organisation.workbench import todo_registry

    todos = [t for t in todo_registry.for_user(demo_user("steward")) if t.kind == "project"]
    assert todos and all(t.state in ("yellow", "red") for t in todos)
    html = login_client("steward").get(reverse("workbench")).content.decode()
    assert todos[0].title in html
    assert not [t for t in todo_registry.for_user(demo_user("leader")) if t.kind == "project"]
