"""``{{ item|local_name }}``: a reference-data name in the reader's language (core/i18n.py)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zonedesk.core.i18n import EnglishNamed, english_active

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
