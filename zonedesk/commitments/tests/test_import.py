"""Excel import of commitments (the shared flow): each row registered by commitment_create,
so the file gets the form's rules, by row and column; a clean file is written on confirmation."""

from __future__ import annotations

import pytest

from zonedesk.commitments.models import Commitment
from zonedesk.testing.xlsx import check_upload, confirm, problems

pytestmark = pytest.mark.django_db
HEAD = (
    "企业",
    "承诺事项",
    "承诺类别",
    "依据文件类别",
    "依据文件",
    "承诺日期",
    "兑现期限",
    "涉及金额（元）",
    "责任部门",
)
E = "凌源钢铁集团有限责任公司"


def test_commitments_import_checks_then_writes(login_client) -> None:
    c = login_client("leader")
    before = Commitment.objects.count()
    batch = check_upload(
        c,
        "commitments",
        [
            HEAD,
            (
                E,
                "厂区道路接通",
                "道路、水电等配套到地块",
                "会议纪要",
                "2026年第3次主任办公会纪要",
                "2026-03-01",
                "2026-09-30",
                "",
                "GHJ",
            ),
            (
                E,
                "奖补兑现",
                "奖补资金",
                "政策文件/承诺函",
                "奖补承诺函",
                "2026-05-01",
                "2026-04-01",
                "-5",
                "规划建设局",
            ),
            ("", "", "奖补资金", "其他", "x", "2026-05-01", "2026-06-01", "", "没有的部门"),  # title blank
            ("", "补贴", "奖补资金", "其他", "x", "2026-05-01", "2026-06-01", "", "没有的部门"),
        ],
    )
    # A row's cells first (row 4: a required cell is blank), then the service's rules (row 5).
    assert {(3, "兑现期限"), (3, "涉及金额（元）"), (4, "承诺事项"), (5, "责任部门")} <= problems(batch)
    assert (4, "责任部门") not in problems(batch)
    assert Commitment.objects.count() == before

    good = check_upload(
        c,
        "commitments",
        [
            HEAD,
            (
                E,
                "厂区道路接通",
                "道路、水电等配套到地块",
                "会议纪要",
                "2026年第3次主任办公会纪要",
                "2026-03-01",
                "2026-09-30",
                "",
                "GHJ",
            ),
        ],
    )
    assert good.report == [] and confirm(c, good).status_code == 302
    made = Commitment.objects.get(title="厂区道路接通")
    assert made.enterprise.name == E and made.department.code == "GHJ" and made.kind == "infrastructure"


def test_arrears_import(login_client) -> None:
    from zonedesk.commitments.models import Arrear

    c = login_client("investment")
    head = ("债权企业", "欠款单位", "账款类别", "形成依据", "应付金额（元）", "应付日期")
    before = Arrear.objects.count()
    bad = check_upload(c, "arrears", [head, (E, "GHJ", "工程款", "道路工程合同", "0", "2026-06-30")])
    assert problems(bad) == {(2, "应付金额（元）")}
    good = check_upload(c, "arrears", [head, (E, "GHJ", "工程款", "道路工程合同", "125000.50", "2026-06-30")])
    assert good.report == [] and confirm(c, good).status_code == 302
    assert Arrear.objects.count() == before + 1
    assert str(Arrear.objects.get(basis="道路工程合同").amount_yuan) == "125000.50"
