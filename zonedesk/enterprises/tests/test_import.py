"""The enterprise register's Excel import on the shared flow (enterprises/imports.py): checked
row by row in a dry run, inserted or updated by credit code through the register's services,
confirmed all or nothing; the yearly figures keyed by credit code and year; through the
service and through the pages."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.models import ImportBatch
from zonedesk.core.register_import import import_check, import_confirm, import_discard
from zonedesk.enterprises import services
from zonedesk.enterprises.excel import FIGURE_SHEET, SHEET
from zonedesk.enterprises.models import Enterprise, EnterpriseYearFigure
from zonedesk.enterprises.rules import COLUMNS, FIGURE_COLUMNS
from zonedesk.enterprises.tests.support import read_sheet, workbook
from zonedesk.organisation.models import Zone
from zonedesk.testing.factories import new_credit_code

pytestmark = pytest.mark.django_db

HEAD = ["统一社会信用代码", "企业名称", "法定代表人", "行业代码", "所在产业园", "成立日期", "从业人数"]
FIG_HEAD = [label for _, label in FIGURE_COLUMNS]
ZB = "中玻(朝阳)新材料有限公司"
BAD_CODE = "91110000600037341M"


@pytest.fixture
def ly() -> Zone:
    return Zone.objects.get(code="LY")


@pytest.fixture
def zb() -> Enterprise:
    return Enterprise.objects.get(name=ZB)


@pytest.fixture
def mixed(zb) -> dict[str, Any]:
    """A register with good rows and one bad row of each kind."""
    a, b = new_credit_code(), new_credit_code()
    rows = [
        HEAD,
        [a, "导入测试甲有限公司", "王五", "C30", "同创产业园", dt.datetime(2019, 3, 1), 50.0],  # 2 new
        [BAD_CODE, "错误代码有限公司", "赵六", "C30", None, None, None],  # 3
        [new_credit_code(), None, "赵六", "C30", None, None, None],  # 4 no name
        [new_credit_code(), "未知行业有限公司", "赵六", "C99", None, None, None],  # 5
        [new_credit_code(), "未知园区有限公司", "赵六", "C30", "火星产业园", None, None],  # 6
        [a.lower(), "重复代码有限公司", "赵六", "C30", None, None, None],  # 7 duplicate of row 2
        [new_credit_code(), "错误日期有限公司", "赵六", "C30", None, "2020-02-30", None],  # 8
        [
            zb.credit_code,
            zb.name,
            zb.legal_representative,
            "C30",
            "同创产业园",
            zb.registered_on,
            500,
        ],  # 9 update
        [],  # blank rows are skipped
        [b, "导入测试乙有限公司", "孙七", "39", None, "2021年6月1日", None],  # 11 new
    ]
    good = [rows[0], rows[1], rows[8], rows[10]]
    return {"a": a, "b": b, "content": workbook({SHEET: rows}), "good": workbook({SHEET: good})}


def check(actor, content: bytes, kind: str = "enterprises", name: str = "register.xlsx") -> ImportBatch:
    return import_check(actor=actor, kind=kind, file_name=name, content=content)


def problems(batch: ImportBatch) -> list[tuple[int, str]]:
    return [(p["row"], p["column"]) for p in batch.report]


class TestCheck:
    def test_report_names_row_column_and_reason_and_nothing_is_written(
        self, actor_for, ly, mixed, counts, audits
    ) -> None:
        before = counts()
        batch = check(actor_for("window"), mixed["content"])
        assert problems(batch) == [
            (3, "统一社会信用代码"),
            (4, "企业名称"),
            (5, "行业代码"),
            (6, "所在产业园"),
            (7, "统一社会信用代码"),
            (8, "成立日期"),
        ]
        reasons = {p["row"]: p["reason"] for p in batch.report}
        assert reasons[4] == "必填"
        assert reasons[6] == "本园区没有名为“火星产业园”的产业园"
        assert reasons[7] == "与第 2 行重复（同一条记录只能出现一次）"
        # what each good row would do, as the batch page shows it
        assert {r["row"]: r.get("action") for r in batch.rows if r.get("action")} == {
            2: "create",
            9: "update",
            11: "create",
        }
        assert (batch.status, batch.total_rows) == (ImportBatch.Status.CHECKED, 9)
        # the dry run is rolled back: only the batch and its audit row stay
        assert counts() == {**before, "batches": before["batches"] + 1, "audit": before["audit"] + 1}
        record = audits()[-1]
        assert record.action == "import.check"
        assert record.after["problems"] == 6 and record.after["created"] == 2

    def test_a_batch_with_problems_cannot_be_confirmed(self, actor_for, mixed, counts) -> None:
        window = actor_for("window")
        batch = check(window, mixed["content"])
        before = counts()
        with pytest.raises(Conflict) as caught:
            import_confirm(actor=window, batch_id=batch.pk)
        assert caught.value.code == "batch_has_problems"
        assert counts() == before

    @pytest.mark.parametrize("username", ["leader", "province", "enterprise"])
    def test_non_editors_cannot_import(self, username, actor_for, mixed, counts) -> None:
        before = counts()
        with pytest.raises((Forbidden, NotFound)):
            check(actor_for(username), mixed["content"])
        assert counts() == before


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def docx_like_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


class TestFilesThatAreNotRegisters:
    @pytest.mark.parametrize(
        "content, says",
        [
            (png(), "文件不是 Excel 工作簿（.xlsx）"),
            ("统一社会信用代码,企业名称\n".encode(), "文件不是 Excel 工作簿（.xlsx）"),  # a CSV renamed .xlsx
            (docx_like_zip(), "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏"),
            (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "旧版 Excel 文件（.xls）"),
        ],
    )
    def test_clear_error_and_nothing_written(self, content, says, actor_for, counts) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            check(actor_for("window"), content)
        assert set(caught.value.errors) == {"file"}
        assert says in caught.value.errors["file"]
        assert counts() == before

    def test_missing_header_columns_are_named(self, actor_for, counts) -> None:
        before = counts()
        content = workbook(
            {SHEET: [["统一社会信用代码", "法定代表人", "备注"], [new_credit_code(), "甲", "x"]]}
        )
        with pytest.raises(ValidationFailed) as caught:
            check(actor_for("window"), content)
        assert caught.value.errors["file"] == "表头缺少必需的列：企业名称、行业代码（请使用导入模板）"
        assert counts() == before

    def test_headers_with_ascii_brackets_and_another_sheet_name(self, actor_for) -> None:
        # a hand-made file: first sheet "Sheet1", 营业收入(万元) with ASCII brackets
        code = new_credit_code()
        window = actor_for("window")
        import_confirm(
            actor=window,
            batch_id=check(window, workbook({"Sheet1": [HEAD[:4], [code, "甲有限公司", "甲", "30"]]})).pk,
        )
        batch = check(
            window,
            workbook({"Sheet1": [["统一社会信用代码", "年度", "营业收入(万元)"], [code, 2025, 12.5]]}),
            kind="enterprises-figures",
        )
        assert batch.report == []
        import_confirm(actor=window, batch_id=batch.pk)
        assert EnterpriseYearFigure.objects.get(enterprise__credit_code=code, year=2025).revenue == Decimal(
            "12.50"
        )


class TestConfirm:
    def test_inserts_and_updates_by_credit_code_audited_before_after(
        self, actor_for, ly, zb, mixed, counts, audits
    ) -> None:
        window = actor_for("window")
        batch = check(window, mixed["good"])
        assert batch.report == []
        before = counts()
        done = import_confirm(actor=window, batch_id=batch.pk)
        assert (done.status, done.result) == (
            ImportBatch.Status.IMPORTED,
            {"created": 2, "updated": 1, "unchanged": 0},
        )
        a = Enterprise.objects.get(zone=ly, credit_code=mixed["a"])
        assert (a.name, a.park.name, a.registered_on, a.staff_size) == (
            "导入测试甲有限公司",
            "同创产业园",
            dt.date(2019, 3, 1),
            50,
        )
        b = Enterprise.objects.get(zone=ly, credit_code=mixed["b"])
        assert (b.industry.code, b.registered_on) == ("39", dt.date(2021, 6, 1))
        fresh = Enterprise.objects.get(pk=zb.pk)
        assert (fresh.staff_size, fresh.version) == (500, zb.version + 1)
        assert counts() == {**before, "enterprises": before["enterprises"] + 2, "audit": before["audit"] + 4}
        assert [r.action for r in audits()][-4:] == [
            "enterprise.create",
            "enterprise.update",
            "enterprise.create",
            "import.confirm",
        ]
        update = audits("enterprise.update")[-1]
        assert update.before == {"staff_size": 460, "version": zb.version}
        assert update.after == {"staff_size": 500, "version": zb.version + 1}

    def test_reimport_updates_nothing_and_counts_unchanged(self, actor_for, mixed) -> None:
        window = actor_for("window")
        import_confirm(actor=window, batch_id=check(window, mixed["good"]).pk)
        enterprises = Enterprise.objects.count()
        again = check(window, mixed["good"])
        assert {r["action"] for r in again.rows} == {"unchanged"}
        done = import_confirm(actor=window, batch_id=again.pk)
        assert done.result == {"created": 0, "updated": 0, "unchanged": 3}
        assert Enterprise.objects.count() == enterprises

    def test_a_row_registered_between_check_and_confirm_is_updated_not_duplicated(
        self, actor_for, ly, mixed
    ) -> None:
        window = actor_for("window")
        batch = check(window, mixed["good"])
        services.enterprise_create(
            actor=actor_for("investment"),
            zone=ly,
            data={
                "credit_code": mixed["a"],
                "name": "抢先登记有限公司",
                "legal_representative": "王五",
                "industry_code": "30",
            },
        )
        done = import_confirm(actor=window, batch_id=batch.pk)
        assert (done.result["created"], done.result["updated"]) == (1, 2)
        assert Enterprise.objects.get(zone=ly, credit_code=mixed["a"]).name == "导入测试甲有限公司"

    def test_a_row_that_fails_at_confirmation_writes_no_row(self, actor_for, ly, mixed, counts) -> None:
        # Given a park renamed between the check and the confirmation (row 2 names it)
        window = actor_for("window")
        batch = check(window, mixed["good"])
        from zonedesk.parks.models import Park

        Park.objects.filter(zone=ly, name="同创产业园").update(name="同创产业园（改名）")
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            import_confirm(actor=window, batch_id=batch.pk)
        assert "第 2 行“所在产业园”" in caught.value.errors["file"]
        assert "本次未写入任何数据" in caught.value.errors["file"]
        assert counts() == before
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.CHECKED

    def test_confirm_twice_is_a_conflict_and_only_the_uploader_decides(
        self, actor_for, mixed, counts
    ) -> None:
        window = actor_for("window")
        batch = check(window, mixed["good"])
        for username in ("investment", "jp-window", "leader"):
            with pytest.raises((NotFound, Forbidden)):
                import_confirm(actor=actor_for(username), batch_id=batch.pk)
            with pytest.raises((NotFound, Forbidden)):
                import_discard(actor=actor_for(username), batch_id=batch.pk)
        import_confirm(actor=window, batch_id=batch.pk)
        before = counts()
        with pytest.raises(Conflict) as caught:
            import_confirm(actor=window, batch_id=batch.pk)
        assert caught.value.message == "该导入批次已导入，不能再确认或放弃"
        assert counts() == before

    def test_columns_the_file_lacks_are_left_alone(self, actor_for, zb) -> None:
        content = workbook({SHEET: [HEAD[:4], [zb.credit_code, zb.name, zb.legal_representative, "C30"]]})
        window = actor_for("window")
        done = import_confirm(actor=window, batch_id=check(window, content).pk)
        assert done.result["unchanged"] == 1
        fresh = Enterprise.objects.get(pk=zb.pk)
        assert (fresh.park_id, fresh.address, fresh.credit_grade, fresh.staff_size, fresh.version) == (
            zb.park_id,
            zb.address,
            zb.credit_grade,
            zb.staff_size,
            zb.version,
        )


class TestFigures:
    def test_by_credit_code_and_year(self, actor_for, zb, audits) -> None:
        window = actor_for("window")
        figures = EnterpriseYearFigure.objects.filter(enterprise=zb)
        year = max(figures.values_list("year", flat=True))
        content = workbook(
            {
                FIGURE_SHEET: [
                    FIG_HEAD,
                    [zb.credit_code, 2019, 1000.5, 30, 12.25, 50, 10],  # 2
                    [zb.credit_code, year, 1, 1, 1, 1, 1],  # 3 updates
                    [zb.credit_code, 2019, 1, 1, 1, 1, 1],  # 4 same year twice
                    [zb.credit_code, 2018, 200, 5, 1, 10, 11],  # 5 tech staff > staff
                    [new_credit_code(), 2018, 1, 1, 1, 1, 1],  # 6 not registered
                ]
            }
        )
        batch = check(window, content, kind="enterprises-figures")
        assert problems(batch) == [(4, "年度"), (5, "科技人员数"), (6, "统一社会信用代码")]
        assert batch.report[2]["reason"] == "企业库中没有该统一社会信用代码的企业（请先导入“企业”工作表）"
        good = workbook(
            {
                FIGURE_SHEET: [
                    FIG_HEAD,
                    [zb.credit_code, 2019, 1000.5, 30, 12.25, 50, 10],
                    [zb.credit_code, year, 1, 1, 1, 1, 1],
                ]
            }
        )
        done = import_confirm(actor=window, batch_id=check(window, good, kind="enterprises-figures").pk)
        assert done.result == {"created": 1, "updated": 1, "unchanged": 0}
        fig = figures.get(year=2019)
        assert (fig.revenue, fig.tax, fig.rd_spending, fig.tech_staff) == (
            Decimal("1000.50"),
            Decimal("30.00"),
            Decimal("12.25"),
            10,
        )
        assert [r.action for r in audits()][-3:] == [
            "enterprise.figures_set",
            "enterprise.figures_set",
            "import.confirm",
        ]
        assert audits("enterprise.figures_set")[-1].before is not None  # the update keeps before


class TestExportRoundTrip:
    def test_export_reimports_with_no_problems_and_nothing_to_change(
        self, login_client, actor_for, ly
    ) -> None:
        content = login_client("window").get(reverse("enterprises:export")).content
        registered = Enterprise.objects.filter(zone=ly).count()
        figures = EnterpriseYearFigure.objects.filter(zone=ly).count()
        window = actor_for("window")
        batch = check(window, content, name="export.xlsx")
        assert (batch.report, batch.total_rows) == ([], registered)
        assert import_confirm(actor=window, batch_id=batch.pk).result == {
            "created": 0,
            "updated": 0,
            "unchanged": registered,
        }
        batch = check(window, content, kind="enterprises-figures", name="export.xlsx")
        assert batch.report == []
        assert import_confirm(actor=window, batch_id=batch.pk).result == {
            "created": 0,
            "updated": 0,
            "unchanged": figures,
        }

    def test_export_header_is_the_import_header(self, login_client) -> None:
        content = login_client("window").get(reverse("enterprises:export")).content
        assert list(read_sheet(content, SHEET)[0][: len(COLUMNS)]) == [label for _, label in COLUMNS]
        assert list(read_sheet(content, FIGURE_SHEET)[0]) == FIG_HEAD


class TestPages:
    def test_the_list_buttons_lead_to_the_shared_import(self, login_client) -> None:
        page = login_client("window").get(reverse("enterprises:list")).content.decode()
        assert reverse("imports:upload", args=["enterprises"]) in page
        assert reverse("imports:upload", args=["enterprises-figures"]) in page

    def test_upload_check_confirm(self, login_client, mixed, counts) -> None:
        client = login_client("window")
        assert client.get(reverse("imports:upload", args=["enterprises"])).status_code == 200
        upload = io.BytesIO(mixed["good"])
        upload.name = "企业名录.xlsx"
        response = client.post(reverse("imports:upload", args=["enterprises"]), {"file": upload})
        batch = ImportBatch.objects.latest("pk")
        assert response["Location"] == reverse("imports:batch", args=[batch.pk])
        page = client.get(response["Location"]).content.decode()
        assert "将新增 2 行，更新 1 行，0 行无变化。" in page
        response = client.post(reverse("imports:decide", args=[batch.pk]), {"action": "confirm"}, follow=True)
        assert "已导入：新增 2 行，更新 1 行，无变化 0 行" in response.content.decode()
        assert Enterprise.objects.filter(credit_code__in=[mixed["a"], mixed["b"]]).count() == 2

    def test_another_users_batch_is_not_found(self, login_client, actor_for, mixed, counts) -> None:
        batch = check(actor_for("window"), mixed["good"])
        client = login_client("investment")
        before = counts()
        assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
        assert (
            client.post(reverse("imports:decide", args=[batch.pk]), {"action": "confirm"}).status_code == 404
        )
        assert counts() == before

    @pytest.mark.parametrize("username", ["leader", "province", "enterprise", "jp-leader"])
    def test_import_page_is_for_editors(self, username, login_client, counts, mixed) -> None:
        client = login_client(username)
        before = counts()
        assert client.get(reverse("imports:upload", args=["enterprises"])).status_code == 404
        upload = io.BytesIO(mixed["good"])
        upload.name = "r.xlsx"
        assert (
            client.post(reverse("imports:upload", args=["enterprises"]), {"file": upload}).status_code == 404
        )
        assert counts() == before
