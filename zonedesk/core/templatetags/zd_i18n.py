"""``{{ item|local_name }}``: a reference-data name in the reader's language (core/i18n.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, pgettext

from zonedesk.core.i18n import EnglishNamed, english_active
from zonedesk.core.units import YUAN_PER, amount_text, quantity_text, unit_label

register = template.Library()


@register.filter
def local_name(obj: object) -> SafeString | str:
    if isinstance(obj, EnglishNamed):
        return obj.local_name_html()
    if obj is None or obj == "":
        return ""
    return format_html("{}", obj)


@register.filter
def zh(value: object) -> SafeString | str:
    """Zone-entered Chinese text shown as it is: marked as Chinese in English mode."""
    if value is None or value == "":
        return ""
    if english_active():
        return format_html('<span lang="zh-Hans">{}</span>', value)
    return format_html("{}", value)


@register.filter
def zh_if(value: object, lang: str) -> SafeString | str:
    """Text whose language the code knows (a trace row's ``source_lang``): marked when it is
    Chinese shown to an English reader."""
    if lang:
        return format_html('<span lang="{}">{}</span>', lang, value)
    return format_html("{}", value)


@register.filter
def stored_message(value: object) -> SafeString | str:
    """A message stored when something happened (an audit row's 说明, a pause reason).

    Services store their fixed messages as Chinese msgids (marked ``gettext_noop``) because the
    stored row is the record and must not change with the reader; they are translated here, when
    shown. Text a person typed has no catalogue entry and is shown as typed, marked Chinese."""
    if value is None or value == "":
        return ""
    text = str(value)
    translated = gettext(text)
    if translated != text or not english_active() or not _HAN.search(text):
        return format_html("{}", translated)
    return zh(text)


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@register.filter
def unit(value: object) -> str:
    """``{{ figure.unit|unit }}``: a figure's unit in the reader's language (core/units.py)."""
    return unit_label(value)


@register.filter
def amount(value: object, unit: str = "万元") -> str:
    """``{{ award.amount|amount }}``, ``{{ a.amount_yuan|amount:"元" }}``: money as the reader
    writes it (core/units.py)."""
    return amount_text(value, unit or "万元")


@register.filter
def quantity(value: object, unit: str) -> str:
    """``{{ p.area_mu|quantity:"亩" }}``: a number with its unit in the reader's language."""
    return quantity_text(value, unit)


@register.filter
def local_short_name(zone: object) -> SafeString | str:
    """``{{ zone|local_short_name }}``: a zone's short name in the reader's language, a Chinese
    fallback marked ``lang="zh-Hans"`` in English mode."""
    html = getattr(zone, "local_short_name_html", None)
    if html is None:
        return local_name(zone)
    return html()


# Punctuation around data (issue 15): a page that puts full-width brackets, 、 or 《》 around a
# value in the template shows them to English readers too. These filters take the marks from the
# catalogue, as whole patterns with a placeholder, so the translator decides the English form.


@register.filter(needs_autoescape=True)
def list_join(values: Iterable[Any], autoescape: bool = True) -> SafeString:
    """``{{ names|list_join }}``: 甲、乙 / "A, B"."""
    esc = conditional_escape if autoescape else str
    return mark_safe(pgettext("list separator", "、").join(str(esc(v)) for v in values or ()))


@register.filter(needs_autoescape=True)
def bracketed(value: Any, autoescape: bool = True) -> SafeString | str:
    """``{{ dept|bracketed }}``: （值） / " (value)"; nothing for an empty value."""
    if value is None or value == "":
        return ""
    esc = conditional_escape if autoescape else str
    return mark_safe(pgettext("value in brackets", "（%(value)s）") % {"value": esc(value)})


@register.filter(needs_autoescape=True)
def book_title(value: Any, autoescape: bool = True) -> SafeString | str:
    """``{{ policy.title|zh|book_title }}``: 《标题》 / "title" — the marks Chinese puts around the
    title of a document, quotes in English."""
    if value is None or value == "":
        return ""
    esc = conditional_escape if autoescape else str
    return mark_safe(pgettext("title of a document", "《%(title)s》") % {"title": esc(value)})


@register.filter
def figure_value(value: object, unit: str) -> object:
    """``{{ f.value|figure_value:f.unit }}``: a dashboard figure's number. Chinese shows the number
    beside its unit (318 万元); English has no 万, so an amount is written whole ("CNY 3.18
    million") and ``figure_unit`` leaves the unit out."""
    if value is None or value == "":
        return "—"
    if english_active() and str(unit or "") in YUAN_PER:
        return amount_text(value, str(unit))
    return value


@register.filter
def figure_unit(unit: object) -> str:
    """The unit beside a figure: none in English for money (``figure_value`` wrote it)."""
    if english_active() and str(unit or "") in YUAN_PER:
        return ""
    return unit_label(unit)
