"""Pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest

from zonedesk.certificates import rules

TODAY = dt.date(2026, 11, 28)


def test_number_format():
    assert rules.format_number("LY", 2026, 123) == "LY-2026-000123"
    assert rules.format_number("JP", 2027, 1) == "JP-2027-000001"


@pytest.mark.parametrize(("revoked", "until", "expected"), [
    (None, None, "valid"),
    (None, TODAY, "valid"),  # valid through its last day
    (None, TODAY - dt.timedelta(days=1), "expired"),
    (TODAY, None, "revoked"),
    (TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=1), "revoked"),  # revoked outranks expired
    (TODAY + dt.timedelta(days=1), None, "valid"),
])
def test_status(revoked, until, expected):
    assert rules.status_on(TODAY, revoked_on=revoked, valid_until=until) == expected


def test_clean_issue_accepts_and_strips():
    clean, errors = rules.clean_issue(kind=" 施工许可证 ", title="施工许可证", fields=[(" 项目 ", " 厂房 ")],
                                      valid_until=None, today=TODAY)
    assert errors == {}
    assert clean["kind"] == "施工许可证"
    assert clean["fields"] == [["项目", "厂房"]]


@pytest.mark.parametrize(("kw", "field", "message"), [
    ({"kind": ""}, "kind", "请填写证照种类"),
    ({"title": "  "}, "title", "请填写证照名称"),
    ({"title": "证" * 61}, "title", "证照名称不能超过 60 个字"),
    ({"fields": "项目"}, "fields", "证照事项须为（名称，内容）的列表"),
    ({"fields": [("项目",)]}, "fields", "第 1 项须为（名称，内容）两段文字"),
    ({"fields": [("a", "b"), ("项目", 3)]}, "fields", "第 2 项须为（名称，内容）两段文字"),
    ({"fields": [("项目", "")]}, "fields", "第 1 项的名称和内容都不能为空"),
    ({"fields": [("项" * 21, "x")]}, "fields", "第 1 项过长（名称 ≤ 20 字，内容 ≤ 200 字）"),
    ({"fields": [("a", "b")] * 17}, "fields", "证照事项不能超过 16 项"),
    ({"valid_until": TODAY - dt.timedelta(days=1)}, "valid_until", "有效期不能早于发证日期"),
])
def test_clean_issue_errors(kw, field, message):
    args = {"kind": "施工许可证", "title": "施工许可证", "fields": [], "valid_until": None, **kw}
    _, errors = rules.clean_issue(today=TODAY, **args)
    assert {k: rules.text(m) for k, m in errors.items()} == {field: message}


@pytest.mark.parametrize(("reason", "ok"), [("", False), ("   ", False), (None, False), ("x" * 301, False),
                                            ("许可依据已撤销", True)])
def test_clean_reason(reason, ok):
    text, problem = rules.clean_reason(reason)
    assert (problem is None) is ok
    assert text == (reason.strip() if ok else "")


def test_shown_fields_leave_out_what_the_certificate_prints_itself():
    from zonedesk.certificates.rules import shown_fields

    fields = [["建设位置", "同创产业园"], ["发证日期", "2026-01-05"], [" 有效期至", "长期"]]
    assert shown_fields(fields) == [["建设位置", "同创产业园"]]
