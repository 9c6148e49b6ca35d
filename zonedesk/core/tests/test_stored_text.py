"""Text stored in Chinese as the record, shown in the reader's language: figure units, stored
messages and the figures of a land review (issue 15)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from zonedesk.core.templatetags.zd_i18n import stored_message, unit
from zonedesk.land import rules as land_rules


def test_units_read_in_english_and_measure_words_drop_out() -> None:
    with translation.override("en"):
        assert (unit("亩"), unit("万元/亩"), unit("工作日"), unit("%")) == (
            "mu", "CNY 10k/mu", "working days", "%")
        assert unit("个") == unit("家") == ""
    with translation.override("zh-hans"):
        assert (unit("亩"), unit("个")) == ("亩", "个")


def test_a_stored_msgid_is_translated_and_typed_chinese_is_marked() -> None:
    with translation.override("en"):
        assert stored_message("登录成功") == "Signed in"
        assert stored_message("厂区路灯不亮") == '<span lang="zh-Hans">厂区路灯不亮</span>'
        assert stored_message("typed in English") == "typed in English"
    with translation.override("zh-hans"):
        assert stored_message("登录成功") == "登录成功"


def test_a_review_line_figures_are_rebuilt_in_the_reader_language() -> None:
    """The stored line stays Chinese (the record); a page writes its figures with core.units:
    English has no 万, so "CNY 12 million ÷ 30.5 mu", never "1200.00 CNY 10k ÷ 30.50 mu"."""
    from zonedesk.land.views import _review_line

    stored = land_rules.MONEY_PER_MU % {"amount": Decimal("1200.00"), "mu": Decimal("30.50")}
    assert stored == "1200.00 万元 ÷ 30.50 亩"
    assert land_rules.figures_parse(stored) == (("1200.00", "万元"), ("30.50", "亩"))
    # A zone's own indicator matches no template and stays as stored.
    assert land_rules.figures_parse("3.5%") is None
    line = {"unit": "万元/亩", "committed": "300", "actual": "39.3443", "figures": stored}
    far = {"unit": "（1.2–2.5）", "committed": "1.2", "actual": "1.6", "figures": "5000 ㎡ ÷ 3000 ㎡"}
    with translation.override("zh-hans"):
        assert _review_line(line)["figures_shown"] == stored
        assert _review_line(line)["committed_shown"] == "300"
        assert _review_line(far)["unit_shown"] == "（1.2–2.5）"
    with translation.override("en"):
        shown = _review_line(line)
        assert shown["figures_shown"] == "CNY 12 million ÷ 30.5 mu"
        assert (shown["committed_shown"], shown["actual_shown"], shown["unit_shown"]) == (
            "CNY 3 million per mu", "CNY 393,443 per mu", "")
        assert _review_line(far)["unit_shown"] == " (1.2–2.5)"
        assert _review_line(far)["figures_shown"] == "5,000 m² ÷ 3,000 m²"
        assert _review_line({"unit": "%", "figures": "3.5%"})["figures_shown"] == "3.5%"
