from __future__ import annotations

import datetime as dt

from django.template import Context, Template

from zonedesk.workdays.calendar import Due

TEMPLATE = Template("{% load workdays %}{{ due|due_date }}")


def render(due: object) -> str:
    return TEMPLATE.render(Context({"due": due}))


def test_official_date_has_no_badge() -> None:
    html = render(Due(dt.date(2026, 2, 24), provisional=False))
    assert '<time datetime="2026-02-24">' in html
    assert "badge" not in html


def test_provisional_date_is_marked() -> None:
    html = render(Due(dt.date(2027, 2, 17), provisional=True))
    assert '<time datetime="2027-02-17">' in html
    assert '<span class="badge provisional" title="' in html
    assert ">暂定</span>" in html


def test_hour_deadline_shows_the_time_and_an_open_pause() -> None:
    at = dt.datetime(2026, 2, 10, 13, 0, tzinfo=dt.UTC)
    html = render(Due(at.date(), provisional=False, at=at, paused=True))
    assert "21:00" in html  # shown in Asia/Shanghai
    assert '<span class="badge paused"' in html


def test_missing_value_renders_nothing() -> None:
    assert render(None) == ""


def test_holiday_names_are_translated_where_shown() -> None:
    """Issue 15: calendar days keep the law's Chinese names (the seed's and the derivation's);
    the page translates them, and a name an administrator typed shows marked Chinese."""
    import re

    from django.utils import translation

    from zonedesk.workdays.calendar import statutory_holidays
    from zonedesk.workdays.official import official_days

    page = Template("{% load workdays %}{{ name|holiday_name }}")
    names = {*statutory_holidays(2026).values(), *(day.name for day in official_days(2026))}
    assert "春节调休上班" in names
    with translation.override("en"):
        for name in names:
            shown = page.render(Context({"name": name}))
            assert not re.search(r"[\u4e00-\u9fff]", shown), (name, shown)
        assert page.render(Context({"name": "园区运动会"})) == '<span lang="zh-Hans">园区运动会</span>'
    with translation.override("zh-hans"):
        assert page.render(Context({"name": "春节调休上班"})) == "春节调休上班"
        assert page.render(Context({"name": "清明"})) == "清明节"
