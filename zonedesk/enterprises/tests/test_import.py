"""Excel import and export: check first, write on confirmation, in one transaction; through the
services and through the pages."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.enterprises import services
from zonedesk.enterprises.excel import FIGURE_SHEET, SHEET
from zonedesk.enterprises.models import Enterprise, EnterpriseYearFigure, ImportBatch
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
    """A register with good rows and one bad row of each kind, plus yearly figures."""
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
        [zb.credit_code, zb.name, zb.legal_representative, "C30", "同创产业园", zb.registered_on,
         500],  # 9 update
        [],  # blank rows are skipped
        [b, "导入测试乙有限公司", "孙七", "39", None, "2021年6月1日", None],  # 11 new
    ]
    figures = [
        FIG_HEAD,
        [a, 2025, 1000.5, 30, 12.25, 50, 10],  # 2 good
        [b, 2025, 200, 5, 1, 10, 11],  # 3 tech staff > staff
        [BAD_CODE, 2025, 1, 1, 1, 1, 1],  # 4 code of a bad row
    ]
    return {"a": a, "b": b, "content": workbook({SHEET: rows, FIGURE_SHEET: figures})}


def check(actor, zone, content: bytes, name: str = "register.xlsx") -> ImportBatch:
    return services.enterprise_import_check(actor=actor, zone=zone, file_name=name, content=content)


def problems(batch: ImportBatch) -> list[tuple[str, int, str]]:
    return [(p["sheet"], p["row"], p["column"]) for p in batch.report]


class TestCheck:
    def test_report_names_sheet_row_column_and_reason_and_nothing_is_written(
            self, actor_for, ly, mixed, counts, audits) -> None:
        before = counts()
        batch = check(actor_for("window"), ly, mixed["content"])
        assert problems(batch) == [
            (SHEET, 3, "统一社会信用代码"), (SHEET, 4, "企业名称"), (SHEET, 5, "行业代码"),
            (SHEET, 6, "所在产业园"), (SHEET, 7, "统一社会信用代码"), (SHEET, 8, "成立日期"),
            (FIGURE_SHEET, 3, "科技人员数"), (FIGURE_SHEET, 4, "统一社会信用代码"),
        ]
        reasons = {(p["sheet"], p["row"]): p["reason"] for p in batch.report}
        assert reasons[(SHEET, 3)] == "第 18 位校验码错误（按前 17 位计算应为“L”）"
        assert reasons[(SHEET, 4)] == "企业名称必填"
        assert "GB/T 4754-2017" in reasons[(SHEET, 5)]
        assert reasons[(SHEET, 6)] == "本园区没有名为“火星产业园”的产业园"
        assert reasons[(SHEET, 7)] == "与第 2 行的统一社会信用代码重复"
        assert reasons[(SHEET, 8)] == "成立日期不是有效的日历日期"
        assert reasons[(FIGURE_SHEET, 3)] == "科技人员数不能多于从业人数"
        assert "不在“企业”工作表的有效行中" in reasons[(FIGURE_SHEET, 4)]
        # the good rows wait in the batch, matched to the registry
        assert [(r["row_number"], r["import_action"]) for r in batch.rows] == [
            (2, "create"), (9, "update"), (11, "create")]
        assert batch.total_rows == 9
        assert batch.status == ImportBatch.Status.CHECKED
        # and the registry is untouched: only the batch and its audit row are new
        assert counts() == {**before, "batches": before["batches"] + 1, "audit": before["audit"] + 1}
        (record,) = audits()
        assert record.action == "enterprise.import_check"
        assert record.after == {"total_rows": 9, "good_rows": 3, "problems": 8}

    def test_a_duplicate_is_reported_even_when_its_first_row_is_bad(self, actor_for, ly) -> None:
        code = new_credit_code()
        content = workbook({SHEET: [HEAD, [code, None, "甲", "30"], [code, "乙有限公司", "乙", "30"]]})
        batch = check(actor_for("window"), ly, content)
        assert problems(batch) == [(SHEET, 2, "企业名称"), (SHEET, 3, "统一社会信用代码")]
        assert batch.rows == []

    @pytest.mark.parametrize("username", ["leader", "reviewer", "enterprise"])
    def test_non_editors_cannot_import(self, username, actor_for, ly, mixed, counts) -> None:
        before = counts()
        with pytest.raises(Forbidden):
            check(actor_for(username), ly, mixed["content"])
        assert counts() == before

    def test_another_zone_cannot_import_here(self, actor_for, ly, mixed, counts) -> None:
        before = counts()
        with pytest.raises(NotFound):
            check(actor_for("jp-window"), ly, mixed["content"])
        assert counts() == before


def png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)


def docx_like_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


class TestFilesThatAreNotRegisters:
    @pytest.mark.parametrize("content, says", [
        (png(), "文件不是 Excel 工作簿（.xlsx）"),
        ("统一社会信用代码,企业名称\n".encode(), "文件不是 Excel 工作簿（.xlsx）"),  # a CSV renamed .xlsx
        (b"", "文件不是 Excel 工作簿（.xlsx）"),
        (docx_like_zip(), "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏"),
        (b"PK\x03\x04garbage", "文件不是有效的 Excel 工作簿（.xlsx），可能已损坏"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "旧版 Excel 文件（.xls）"),
    ])
    def test_clear_error_and_nothing_written(self, content, says, actor_for, ly, counts) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            check(actor_for("window"), ly, content, name="register.xlsx")
        assert set(caught.value.errors) == {"file"}
        assert says in caught.value.errors["file"]
        assert counts() == before

    def test_missing_header_columns_are_named(self, actor_for, ly, counts) -> None:
        before = counts()
        content = workbook({SHEET: [["统一社会信用代码", "法定代表人", "备注"],
                                    [new_credit_code(), "甲", "x"]]})
        with pytest.raises(ValidationFailed) as caught:
            check(actor_for("window"), ly, content)
        assert caught.value.errors["file"] == "工作表“企业”的表头缺少必需的列：企业名称、行业代码"
        assert counts() == before

    def test_missing_figure_columns_are_named(self, actor_for, ly) -> None:
        content = workbook({SHEET: [HEAD[:4], [new_credit_code(), "甲有限公司", "甲", "30"]],
                            FIGURE_SHEET: [["统一社会信用代码", "营业收入（万元）"], [new_credit_code(), 1]]})
        with pytest.raises(ValidationFailed) as caught:
            check(actor_for("window"), ly, content)
        assert caught.value.errors["file"] == "工作表“年度数据”的表头缺少必需的列：年度"

    def test_too_many_rows(self, actor_for, ly, counts, monkeypatch) -> None:
        from zonedesk.enterprises import excel

        monkeypatch.setattr(excel, "MAX_ROWS", 2)
        rows = [HEAD[:4]] + [[new_credit_code(), f"企业{i}有限公司", "甲", "30"] for i in range(3)]
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            check(actor_for("window"), ly, workbook({SHEET: rows}))
        assert caught.value.errors["file"] == "一次最多导入 2 行，请分批导入"
        assert counts() == before

    def test_an_empty_sheet(self, actor_for, ly) -> None:
        with pytest.raises(ValidationFailed) as caught:
            check(actor_for("window"), ly, workbook({SHEET: []}))
        assert "为空" in caught.value.errors["file"]

    def test_headers_with_ascii_brackets_and_another_sheet_name(self, actor_for, ly) -> None:
        # a hand-made file: first sheet "Sheet1", 营业收入(万元) with ASCII brackets
        code = new_credit_code()
        content = workbook({"Sheet1": [HEAD[:4], [code, "甲有限公司", "甲", "30"]],
                            FIGURE_SHEET: [["统一社会信用代码", "年度", "营业收入(万元)"],
                                           [code, 2025, 12.5]]})
        batch = check(actor_for("window"), ly, content)
        assert batch.report == []
        assert batch.rows[0]["year_figures"][0]["revenue"] == "12.50"


class TestConfirm:
    def test_confirm_writes_the_good_rows_only(self, actor_for, ly, zb, mixed, counts, audits) -> None:
        window = actor_for("window")
        batch = check(window, ly, mixed["content"])
        before = counts()
        result = services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        assert result == {"created": 2, "updated": 1, "unchanged": 0, "figures": 1,
                          "figures_unchanged": 0, "skipped": 8}
        a = Enterprise.objects.get(zone=ly, credit_code=mixed["a"])
        assert (a.name, a.park.name, a.registered_on, a.staff_size) == (
            "导入测试甲有限公司", "同创产业园", dt.date(2019, 3, 1), 50)
        b = Enterprise.objects.get(zone=ly, credit_code=mixed["b"])
        assert (b.industry.code, b.registered_on, b.figures.count()) == ("39", dt.date(2021, 6, 1), 0)
        fig = a.figures.get(year=2025)
        assert (fig.revenue, fig.tax, fig.rd_spending, fig.tech_staff) == (
            Decimal("1000.50"), Decimal("30.00"), Decimal("12.25"), 10)
        fresh = Enterprise.objects.get(pk=zb.pk)
        assert (fresh.staff_size, fresh.version) == (500, zb.version + 1)
        refused = ["错误代码有限公司", "未知行业有限公司", "未知园区有限公司", "重复代码有限公司",
                   "错误日期有限公司"]
        assert not Enterprise.objects.filter(name__in=refused).exists()
        assert counts() == {**before, "enterprises": before["enterprises"] + 2,
                            "figures": before["figures"] + 1, "audit": before["audit"] + 5}
        assert [r.action for r in audits()][-5:] == [
            "enterprise.create", "enterprise.figures_set", "enterprise.update", "enterprise.create",
            "enterprise.import_confirm"]
        update = next(r for r in audits("enterprise.update"))
        assert update.before == {"staff_size": 460, "version": zb.version}
        assert update.after == {"staff_size": 500, "version": zb.version + 1}
        batch.refresh_from_db()
        assert (batch.status, batch.result) == (ImportBatch.Status.IMPORTED, result)

    def test_all_or_nothing(self, actor_for, ly, mixed, counts, monkeypatch) -> None:
        # Given a failure while writing the last row
        window = actor_for("window")
        batch = check(window, ly, mixed["content"])
        before = counts()
        real = services._import_enterprise

        def failing(actor, zone_id, row, *args):
            if row["credit_code"] == mixed["b"]:
                raise RuntimeError("disk full")
            return real(actor, zone_id, row, *args)

        monkeypatch.setattr(services, "_import_enterprise", failing)
        with pytest.raises(RuntimeError):
            services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        # Then the rows written before it are gone too and the batch can still be confirmed
        assert counts() == before
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.CHECKED

    def test_reimport_updates_without_duplicates_and_counts_unchanged(self, actor_for, ly, mixed) -> None:
        window = actor_for("window")
        services.enterprise_import_confirm(actor=window, batch_id=check(window, ly, mixed["content"]).pk)
        enterprises = Enterprise.objects.count()
        again = check(window, ly, mixed["content"])
        assert [r["import_action"] for r in again.rows] == ["update", "update", "update"]
        result = services.enterprise_import_confirm(actor=window, batch_id=again.pk)
        assert result == {"created": 0, "updated": 0, "unchanged": 3, "figures": 0,
                          "figures_unchanged": 1, "skipped": 8}
        assert Enterprise.objects.count() == enterprises
        assert Enterprise.objects.filter(credit_code=mixed["a"]).count() == 1
        assert EnterpriseYearFigure.objects.filter(enterprise__credit_code=mixed["a"]).count() == 1

    def test_a_row_registered_between_check_and_confirm_is_updated_not_duplicated(
            self, actor_for, ly, mixed) -> None:
        window = actor_for("window")
        batch = check(window, ly, mixed["content"])
        services.enterprise_create(actor=actor_for("investment"), zone=ly, data={
            "credit_code": mixed["a"], "name": "抢先登记有限公司", "legal_representative": "王五",
            "industry_code": "30"})
        result = services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        assert (result["created"], result["updated"]) == (1, 2)
        assert Enterprise.objects.get(zone=ly, credit_code=mixed["a"]).name == "导入测试甲有限公司"

    def test_confirm_twice_is_a_conflict(self, actor_for, ly, mixed, counts) -> None:
        window = actor_for("window")
        batch = check(window, ly, mixed["content"])
        services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        before = counts()
        with pytest.raises(Conflict) as caught:
            services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        assert caught.value.code == "batch_closed"
        assert caught.value.message == "该导入批次已导入，不能再确认或放弃"
        assert counts() == before

    def test_discard_writes_nothing_and_closes_the_batch(self, actor_for, ly, mixed, counts, audits) -> None:
        window = actor_for("window")
        batch = check(window, ly, mixed["content"])
        before = counts()
        services.enterprise_import_discard(actor=window, batch_id=batch.pk)
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DISCARDED
        assert counts() == {**before, "audit": before["audit"] + 1}
        assert audits()[-1].action == "enterprise.import_discard"
        with pytest.raises(Conflict):
            services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        assert counts() == {**before, "audit": before["audit"] + 1}

    def test_only_the_uploader_confirms(self, actor_for, ly, mixed, counts) -> None:
        batch = check(actor_for("window"), ly, mixed["content"])
        before = counts()
        for username in ("investment", "jp-window", "leader"):
            with pytest.raises(NotFound):
                services.enterprise_import_confirm(actor=actor_for(username), batch_id=batch.pk)
            with pytest.raises(NotFound):
                services.enterprise_import_discard(actor=actor_for(username), batch_id=batch.pk)
        assert counts() == before

    def test_columns_the_file_lacks_are_left_alone(self, actor_for, ly, zb) -> None:
        # Given a file with only the four required columns for an enterprise with a park,
        # an address and a grade
        content = workbook({SHEET: [HEAD[:4], [zb.credit_code, zb.name, zb.legal_representative, "C30"]]})
        window = actor_for("window")
        result = services.enterprise_import_confirm(actor=window, batch_id=check(window, ly, content).pk)
        # Then nothing of the record is blanked
        assert result["unchanged"] == 1
        fresh = Enterprise.objects.get(pk=zb.pk)
        assert (fresh.park_id, fresh.address, fresh.credit_grade, fresh.staff_size, fresh.version) == (
            zb.park_id, zb.address, zb.credit_grade, zb.staff_size, zb.version)


class TestQueuedConfirm:
    """Batches over IMPORT_SYNC_ROWS are written by the worker after the request commits."""

    @pytest.fixture(autouse=True)
    def small_threshold(self, monkeypatch, settings) -> None:
        monkeypatch.setattr(services, "IMPORT_SYNC_ROWS", 2)
        # An audit record whose sequence number is a multiple of AUDIT_CHECKPOINT_EVERY adds its
        # own on-commit callback (the checkpoint); where that falls depends on how many records
        # the demo wrote. Off here, so the only callback these tests capture is the enqueue.
        settings.AUDIT_CHECKPOINT_EVERY = 0

    def test_queued_then_written_by_the_worker(self, actor_for, ly, mixed, counts, audits,
                                               django_capture_on_commit_callbacks) -> None:
        window = actor_for("window")
        batch = check(window, ly, mixed["content"])
        before = counts()
        # When a 3-row batch is confirmed
        with django_capture_on_commit_callbacks() as callbacks:
            queued = services.enterprise_import_submit(actor=window, batch_id=batch.pk)
        # Then it is queued and nothing is written yet
        assert queued.status == ImportBatch.Status.QUEUED
        assert len(callbacks) == 1
        assert counts() == {**before, "audit": before["audit"] + 1}
        assert audits()[-1].action == "enterprise.import_queue"
        # and it can be neither confirmed again nor discarded while queued
        for call in (services.enterprise_import_submit, services.enterprise_import_confirm,
                     services.enterprise_import_discard):
            with pytest.raises(Conflict) as caught:
                call(actor=window, batch_id=batch.pk)
            assert caught.value.message == "该导入批次正在导入，不能再确认或放弃"
        # When the worker runs (the immediate backend runs the task on enqueue)
        callbacks[0]()
        # Then the rows are written, audited on the task channel, as the user who confirmed
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.IMPORTED
        assert batch.result == {"created": 2, "updated": 1, "unchanged": 0, "figures": 1,
                                "figures_unchanged": 0, "skipped": 8}
        created = audits("enterprise.create")
        assert len(created) == 2
        assert {(r.channel, r.actor.username) for r in created} == {("task", "window")}

    def test_a_failing_worker_writes_nothing_and_reopens_the_batch(
            self, actor_for, ly, mixed, counts, audits, monkeypatch,
            django_capture_on_commit_callbacks) -> None:
        window = actor_for("window")
        batch = check(window, ly, mixed["content"])

        def broken(*args):
            raise RuntimeError("connection lost")

        monkeypatch.setattr(services, "_import_enterprise", broken)
        before = counts()
        with django_capture_on_commit_callbacks(execute=True):
            services.enterprise_import_submit(actor=window, batch_id=batch.pk)
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.CHECKED
        assert batch.result["error"].startswith("导入时发生系统错误，未写入任何数据")
        assert counts()["enterprises"] == before["enterprises"]
        failed = audits("enterprise.import_confirm")[-1]
        assert (failed.result, failed.channel) == ("failed", "task")
        # once the cause is gone, the same batch is confirmed
        monkeypatch.undo()
        result = services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        assert result["created"] == 2

    def test_through_the_pages(self, login_client, mixed, django_capture_on_commit_callbacks) -> None:
        client = login_client("window")
        upload = io.BytesIO(mixed["content"])
        upload.name = "r.xlsx"
        client.post(reverse("enterprises:import"), {"file": upload})
        batch = ImportBatch.objects.latest("pk")
        review = reverse("enterprises:import_review", args=[batch.pk])
        with django_capture_on_commit_callbacks() as callbacks:
            response = client.post(reverse("enterprises:import_confirm", args=[batch.pk]),
                                   {"action": "confirm"})
        assert response["Location"] == review
        page = client.get(review).content.decode()
        assert '<meta http-equiv="refresh" content="3">' in page and "正在后台导入" in page
        assert 'value="confirm"' not in page
        callbacks[0]()
        page = client.get(review).content.decode()
        assert "导入完成：新增 2 家，更新 1 家" in page and "http-equiv" not in page


class TestExportRoundTrip:
    def test_export_reimports_with_no_problems_and_nothing_to_change(
            self, login_client, actor_for, ly) -> None:
        response = login_client("window").get(reverse("enterprises:export"))
        assert response.status_code == 200
        content = response.content
        registered = Enterprise.objects.filter(zone=ly).count()
        figures = EnterpriseYearFigure.objects.filter(zone=ly).count()
        assert len(read_sheet(content, SHEET)) == registered + 1
        window = actor_for("window")
        batch = check(window, ly, content, name="export.xlsx")
        assert batch.report == []
        assert len(batch.rows) == registered
        assert {r["import_action"] for r in batch.rows} == {"update"}
        result = services.enterprise_import_confirm(actor=window, batch_id=batch.pk)
        assert result == {"created": 0, "updated": 0, "unchanged": registered, "figures": 0,
                          "figures_unchanged": figures, "skipped": 0}

    def test_export_header_is_the_import_header(self, login_client) -> None:
        content = login_client("window").get(reverse("enterprises:export")).content
        assert list(read_sheet(content, SHEET)[0][:len(COLUMNS)]) == [label for _, label in COLUMNS]
        assert list(read_sheet(content, FIGURE_SHEET)[0]) == FIG_HEAD

    def test_the_template_is_an_empty_register(self, login_client, actor_for, ly) -> None:
        response = login_client("window").get(reverse("enterprises:import_template"))
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert read_sheet(response.content, SHEET)[1:] == []


class TestPages:
    def test_upload_review_confirm(self, login_client, ly, mixed, counts) -> None:
        client = login_client("window")
        assert client.get(reverse("enterprises:import")).status_code == 200
        before = counts()
        upload = io.BytesIO(mixed["content"])
        upload.name = "企业名录.xlsx"
        response = client.post(reverse("enterprises:import"), {"file": upload})
        batch = ImportBatch.objects.latest("pk")
        assert response.status_code == 302
        assert response["Location"] == reverse("enterprises:import_review", args=[batch.pk])
        assert counts()["enterprises"] == before["enterprises"]
        page = client.get(response["Location"]).content.decode()
        assert "共 9 行：可导入 3 行（新增 2，更新 1），有问题 6 行。" in page
        assert "与第 2 行的统一社会信用代码重复" in page
        assert "<td>年度数据</td><td class=\"num\">3</td><td>科技人员数</td>" in page
        response = client.post(reverse("enterprises:import_confirm", args=[batch.pk]), {"action": "confirm"},
                               follow=True)
        assert "导入完成：新增 2 家，更新 1 家，无变化 0 家，年度数据 1 条，跳过有问题的行 8 行" in (
            response.content.decode())
        assert Enterprise.objects.filter(credit_code__in=[mixed["a"], mixed["b"]]).count() == 2
        # confirming again says why and writes nothing
        after = counts()
        response = client.post(reverse("enterprises:import_confirm", args=[batch.pk]), {"action": "confirm"},
                               follow=True)
        assert "该导入批次已导入，不能再确认或放弃" in response.content.decode()
        assert counts() == after

    def test_discard_through_the_page(self, login_client, mixed, counts) -> None:
        client = login_client("window")
        upload = io.BytesIO(mixed["content"])
        upload.name = "r.xlsx"
        client.post(reverse("enterprises:import"), {"file": upload})
        batch = ImportBatch.objects.latest("pk")
        before = counts()
        response = client.post(reverse("enterprises:import_confirm", args=[batch.pk]), {"action": "discard"},
                               follow=True)
        assert "已放弃本次导入" in response.content.decode()
        assert counts()["enterprises"] == before["enterprises"]
        assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.DISCARDED

    def test_a_picture_renamed_xlsx_is_refused_on_the_form(self, login_client, counts) -> None:
        before = counts()
        upload = io.BytesIO(png())
        upload.name = "photo.xlsx"
        response = login_client("window").post(reverse("enterprises:import"), {"file": upload})
        assert response.status_code == 200
        assert "文件不是 Excel 工作簿（.xlsx）" in response.content.decode()
        assert counts() == before

    def test_too_large_a_file_is_refused_before_reading(self, login_client, counts, settings) -> None:
        settings.IMPORT_MAX_BYTES = 1024 * 1024
        before = counts()
        upload = io.BytesIO(bytes(1024 * 1024 + 1))
        upload.name = "big.xlsx"
        response = login_client("window").post(reverse("enterprises:import"), {"file": upload})
        assert "文件不能超过 1 MB" in response.content.decode()
        assert counts() == before

    def test_another_users_batch_is_not_found(self, login_client, actor_for, ly, mixed, counts) -> None:
        batch = check(actor_for("window"), ly, mixed["content"])
        client = login_client("investment")
        before = counts()
        assert client.get(reverse("enterprises:import_review", args=[batch.pk])).status_code == 404
        assert client.post(reverse("enterprises:import_confirm", args=[batch.pk]),
                           {"action": "confirm"}).status_code == 404
        assert counts() == before

    @pytest.mark.parametrize("username", ["leader", "province", "enterprise", "jp-leader"])
    def test_import_page_is_for_editors(self, username, login_client, counts, mixed) -> None:
        client = login_client(username)
        before = counts()
        assert client.get(reverse("enterprises:import")).status_code == 404
        upload = io.BytesIO(mixed["content"])
        upload.name = "r.xlsx"
        assert client.post(reverse("enterprises:import"), {"file": upload}).status_code == 404
        assert counts() == before
