"""Pages and exports: bounded queries for two page sizes, the Excel export and the PDF carry
the rows, bad form input is shown with the field and writes nothing."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from zonedesk.appraisal.models import AppraisalSheet, KpiTemplate
from zonedesk.appraisal.tests.conftest import appraisal_counts

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/research/experts/",
        "/research/alliances/",
        "/partybuilding/pairs/",
        "/appraisal/",
        "/appraisal/decisions/",
        "/appraisal/templates/",
    ],
)
def test_lists_query_count_does_not_grow_with_page_size(login_client, url) -> None:
    c = login_client("leader")
    assert _queries(c, url + "?size=20") == _queries(c, url + "?size=100")


def test_period_page_bounded(login_client, demo_period) -> None:
    c = login_client("leader")
    n = _queries(c, f"/appraisal/periods/{demo_period.pk}/")
    assert n <= 25


def test_period_export_has_ranking_and_sheets(login_client, demo_period) -> None:
    r = login_client("leader").get(f"/appraisal/periods/{demo_period.pk}/export.xlsx")
    wb = load_workbook(io.BytesIO(r.content), read_only=True)
    ranking = list(wb[wb.sheetnames[0]].iter_rows(values_only=True))
    assert len(ranking) == 1 + 12
    detail = list(wb[wb.sheetnames[1]].iter_rows(values_only=True))
    assert len(detail) == 1 + 12 * demo_period.template.indicators.count()
    # a person exporting sees only their own row
    r = login_client("reviewer").get(f"/appraisal/periods/{demo_period.pk}/export.xlsx")
    rows = list(
        load_workbook(io.BytesIO(r.content), read_only=True).worksheets[0].iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[1][2] == "王建国"


def test_sheet_pdf(login_client, demo_period) -> None:
    sheet = AppraisalSheet.objects.get(period=demo_period, person__username="reviewer")
    r = login_client("reviewer").get(f"/appraisal/sheets/{sheet.pk}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_bad_template_form_names_the_field_and_writes_nothing(login_client) -> None:
    before = appraisal_counts(), KpiTemplate.objects.count()
    r = login_client("leader").post(
        "/appraisal/templates/new/",
        {
            "name": "坏模板",
            "applies_to": "x",
            "period_kind": "year",
            "i0-code": "A",
            "i0-name": "甲",
            "i0-source": "manual",
            "i0-weight": "80",
            "i0-full_at": "100",
            "i0-zero_at": "0",
            "i0-none_pct": "100",
        },
        follow=True,
    )
    assert "权重合计须为 100 分" in r.content.decode()
    assert (appraisal_counts(), KpiTemplate.objects.count()) == before
