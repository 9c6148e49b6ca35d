"""Units and amounts per language through one helper (core/units.py, issue 15): 亿元/万元/元,
亩, 平方米, 天/工作日 read as English words in English and stay as the zone writes them in
Chinese; the template filters give the same text as the Python functions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from zonedesk.commitments.rules import wan_text
from zonedesk.core.units import amount_text, quantity_text, unit_label
from zonedesk.projects.rules import amount_text as project_amount
from zonedesk.rules_engine.texts import HAN, money


@pytest.mark.parametrize(
    ("value", "unit", "zh", "en"),
    [
        (Decimal("1114900"), "万元", "111.49亿元", "CNY 11.15 billion"),
        (Decimal("4380"), "万元", "4,380万元", "CNY 43.8 million"),
        (Decimal("68.8"), "万元", "68.8万元", "CNY 688,000"),
        (Decimal("2.5"), "亿元", "2.5亿元", "CNY 250 million"),
        (Decimal("3500"), "元", "3,500元", "CNY 3,500"),
        (Decimal("1234567.8"), "元", "123.46万元", "CNY 1.23 million"),
        (None, "万元", "—", "—"),
    ],
)
def test_amounts_per_language(value, unit, zh, en) -> None:
    with translation.override("zh-hans"):
        assert amount_text(value, unit) == zh
    with translation.override("en"):
        assert amount_text(value, unit) == en


@pytest.mark.parametrize(
    ("unit", "en"),
    [
        ("亿元", "CNY 100 million"),
        ("万元", "CNY 10k"),
        ("元", "CNY"),
        ("亩", "mu"),
        ("平方米", "m²"),
        ("天", "days"),
        ("工作日", "working days"),
        ("个", ""),
    ],
)
def test_unit_words_in_english(unit, en) -> None:
    with translation.override("en"):
        assert unit_label(unit) == en
    with translation.override("zh-hans"):
        assert unit_label(unit) == unit


def test_quantities_and_the_filters_agree() -> None:
    template = Template(
        '{% load zd_i18n %}{{ a|amount }}|{{ y|amount:"元" }}|{{ m|quantity:"亩" }}|{{ n|quantity:"个" }}'
    )
    context = Context({"a": Decimal("4380"), "y": Decimal("3500"), "m": Decimal("30.50"), "n": 36})
    with translation.override("en"):
        assert template.render(context) == "CNY 43.8 million|CNY 3,500|30.5 mu|36"
        assert quantity_text(Decimal("12"), "工作日") == "12 working days"
    with translation.override("zh-hans"):
        assert template.render(context) == "4,380万元|3,500元|30.5 亩|36 个"


def test_every_amount_writer_uses_the_one_helper() -> None:
    """The pipeline, the commitments and the rule engine write English amounts alike."""
    with translation.override("en"):
        texts = {project_amount(Decimal("4380")), wan_text(Decimal("43800000")), money(Decimal("4380"))}
    assert texts == {"CNY 43.8 million"}
    assert not any(HAN.search(t) for t in texts)


@pytest.mark.parametrize(
    ("source", "zh", "en"),
    [
        ("{{ names|list_join }}", "甲、&lt;b&gt;", "甲, &lt;b&gt;"),
        ("x{{ value|bracketed }}", "x（&lt;b&gt;）", "x (&lt;b&gt;)"),
        ("x{{ empty|bracketed }}", "x", "x"),
        ("{{ value|book_title }}", "《&lt;b&gt;》", '"&lt;b&gt;"'),
    ],
)
def test_punctuation_around_data_per_language(source, zh, en) -> None:
    """The marks around data come from the catalogue (core/templatetags/zd_i18n.py); the data is
    escaped, the marks are not."""
    page = Template("{% load zd_i18n %}" + source)
    context = {"names": ["甲", "<b>"], "value": "<b>", "empty": ""}
    with translation.override("zh-hans"):
        assert page.render(Context(context)) == zh
    with translation.override("en"):
        assert page.render(Context(context)) == en


def test_a_dashboard_money_figure_is_written_whole_in_english() -> None:
    """"318 CNY 10k" read as nothing an English reader writes: the figure becomes the amount."""
    page = Template("{% load zd_i18n %}{{ v|figure_value:u }}|{{ u|figure_unit }}")
    with translation.override("zh-hans"):
        assert page.render(Context({"v": Decimal("318"), "u": "万元"})) == "318|万元"
        assert page.render(Context({"v": None, "u": "个"})) == "—|个"
    with translation.override("en"):
        assert page.render(Context({"v": Decimal("318"), "u": "万元"})) == "CNY 3.18 million|"
        assert page.render(Context({"v": Decimal("99.1"), "u": "%"})) == "99.1|%"
