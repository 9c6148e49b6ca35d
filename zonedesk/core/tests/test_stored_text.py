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
    stored = land_rules.MONEY_PER_MU % {"amount": Decimal("1200.00"), "mu": Decimal("30.50")}
    assert stored == "1200.00 万元 ÷ 30.50 亩"
    with translation.override("en"):
        assert land_rules.figures_text(stored, translation.gettext) == "1200.00 CNY 10k ÷ 30.50 mu"
        # A zone's own indicator matches no template and stays as stored.
        assert land_rules.figures_text("3.5%", translation.gettext) == "3.5%"
