"""Units of the figures in the reader's language (issue 15).

A figure keeps its unit as the Chinese word a zone reports in (``Figure.unit``: "个", "亩",
"万元"): code compares it (the monthly report groups counts by it) and exports write it. Pages show
it through ``unit_label``. A Chinese measure word (个, 家, 宗, 笔…) is grammar, not a unit: an English
count needs none, the figure's label names what is counted, so in English it is left out.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from zonedesk.core.i18n import english_active

MEASURE_WORDS = frozenset({"个", "家", "宗", "对", "次", "笔", "项", "件", "名", "人", "户"})

UNITS = {
    "亩": pgettext_lazy("unit", "亩"),
    "万元": pgettext_lazy("unit", "万元"),
    "亿元": pgettext_lazy("unit", "亿元"),
    "元": pgettext_lazy("unit", "元"),
    "工作日": pgettext_lazy("unit", "工作日"),
    "天": pgettext_lazy("unit", "天"),
    "小时": pgettext_lazy("unit", "小时"),
    "万元/亩": pgettext_lazy("unit", "万元/亩"),
    "万元/亩/年": pgettext_lazy("unit", "万元/亩/年"),
    "吨标煤/万元": pgettext_lazy("unit", "吨标煤/万元"),
    "平方米": pgettext_lazy("unit", "平方米"),
}


def unit_label(unit: object) -> str:
    """The unit as the reader reads it; a unit without an entry is shown as given."""
    text = str(unit or "")
    if text in MEASURE_WORDS:
        return "" if english_active() else text
    return str(UNITS.get(text, text))
