"""Excel import of KPI templates: an exported sheet comes back as new versions; a bad file
writes nothing and names the row, the column and the rule."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zonedesk.appraisal import excel
from zonedesk.appraisal.models import KpiTemplate
from zonedesk.appraisal.tests.conftest import appraisal_counts
from zonedesk.core.errors import Forbidden, ValidationFailed
from zonedesk.core.xlsx import workbook
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

HEADER = ["模板", "适用岗位", "周期", "指标编码", "指标", "来源", "权重", "满分值", "零分值", "一票否决"]
HEADER += ["否决阈值"]
T = ["招商专员考核", "招商专员", "季度"]
GOOD = [
    [*T, "C1", "惠企政策兑现", "惠企政策兑现笔数（笔）", "40", "5", "0", "否", ""],
    [*T, "C2", "推动签约", "推动签约项目投资额（万元）", "60", "50000", "0", "否", ""],
    [*T, "V1", "廉洁纪律", "人工评分（须附依据）", "0", "", "", "是", ""],
]


def sheet(rows, header=HEADER) -> bytes:
    return workbook([("指标模板", header, rows)])


def test_a_sheet_creates_a_versioned_template(actor_for) -> None:
    [t] = excel.templates_import(actor=actor_for("leader"), content=sheet(GOOD))
    assert (t.name, t.applies_to, t.period_kind) == ("招商专员考核", "招商专员", "quarter")
    assert (t.number, t.is_current) == (1, True)
    rows = list(t.indicators.values_list("code", "source", "weight", "is_veto"))
    assert [(c, s, int(w), v) for c, s, w, v in rows] == [
        ("C1", "policy_awards", 40, False),
        ("C2", "pipeline_signed", 60, False),
        ("V1", "manual", 0, True),
    ]
    again = excel.templates_import(actor=actor_for("leader"), content=sheet(GOOD))
    assert again[0].number == 2 and not KpiTemplate.objects.get(pk=t.pk).is_current


def test_the_export_comes_back_in(login_client, actor_for) -> None:
    client = login_client("leader")
    exported = client.get(reverse("appraisal:template_export"))
    current = {t.name: t.number for t in KpiTemplate.objects.filter(zone__code="LY", is_current=True)}
    content = b"".join(exported.streaming_content) if exported.streaming else exported.content
    created = excel.templates_import(actor=actor_for("leader"), content=content)
    assert {t.name: t.number for t in created} == {n: v + 1 for n, v in current.items()}
    for t in created:  # the same indicators, version after version
        old = KpiTemplate.objects.get(zone=t.zone, name=t.name, number=t.number - 1)
        fields = ("code", "source", "weight", "full_at", "zero_at", "none_pct", "is_veto", "veto_at")
        assert list(t.indicators.values_list(*fields)) == list(old.indicators.values_list(*fields))


@pytest.mark.parametrize(
    "rows, words",
    [
        ([[*GOOD[0][:5], "不存在的来源", *GOOD[0][6:]], *GOOD[1:]], "第 2 行“来源”：须为以下之一"),
        ([GOOD[0], [*GOOD[1][:6], "50", *GOOD[1][7:]], GOOD[2]], "计分指标权重合计须为 100 分（现为 90"),
        ([GOOD[0], [*GOOD[1][:6], "abc", *GOOD[1][7:]], GOOD[2]], "第 3 行“权重”"),
        ([GOOD[0], GOOD[1], [*GOOD[2][:9], "也许", ""]], "第 4 行“一票否决”：须填 是 或 否"),
        ([GOOD[0], [*GOOD[1][:2], "每周", *GOOD[1][3:]], GOOD[2]], "第 3 行“周期”：须为 月度、季度、年度"),
    ],
)
def test_bad_rows_write_nothing_and_name_row_column_rule(actor_for, rows, words) -> None:
    before = (appraisal_counts(), KpiTemplate.objects.count(), audit_rows())
    with pytest.raises(ValidationFailed) as exc:
        excel.templates_import(actor=actor_for("leader"), content=sheet(rows))
    assert words in exc.value.errors["file"]
    assert (appraisal_counts(), KpiTemplate.objects.count(), audit_rows()) == before


def test_missing_columns_and_non_managers_are_refused(actor_for) -> None:
    with pytest.raises(ValidationFailed) as exc:
        excel.templates_import(actor=actor_for("leader"), content=sheet([GOOD[0][:3]], HEADER[:3]))
    assert "缺少列：指标编码、指标、来源、权重" in exc.value.errors["file"]
    with pytest.raises(Forbidden):
        excel.templates_import(actor=actor_for("investment"), content=sheet(GOOD))


def test_page_and_api_import(login_client) -> None:
    client = login_client("leader")
    blank = load_workbook(io.BytesIO(client.get(reverse("appraisal:template_import_sheet")).content))
    assert [c.value for c in blank.worksheets[0][1]][:5] == ["模板", "版本", "现行", "适用岗位", "周期"]
    upload = io.BytesIO(sheet(GOOD))
    upload.name = "kpi.xlsx"
    r = client.post(reverse("appraisal:template_import"), {"file": upload}, follow=True)
    assert "已导入指标模板" in r.content.decode()
    upload = io.BytesIO(sheet([GOOD[0]]))
    upload.name = "kpi.xlsx"
    r = client.post("/api/appraisal/templates/import", {"file": upload})
    assert r.status_code == 422 and "权重合计须为 100" in r.json()["detail"][0]["msg"]
