"""The demo pipeline reproduces the seed's figures for Lingyuan's reporting year 2026."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from zonedesk.projects.figures import pipeline_figures
from zonedesk.projects.models import Project
from zonedesk.projects.selectors import period_for_year

pytestmark = pytest.mark.django_db


def _figures(code: str) -> dict:
    from zonedesk.organisation.models import Zone

    zone = Zone.objects.get(code=code)
    return {f.key: f.value for f in pipeline_figures(frozenset({zone.pk}), period_for_year(2026))}


def test_ly_reporting_year_figures_are_the_seeds() -> None:
    f = _figures("LY")
    assert (f["pipeline.by_stage.new.count"], f["pipeline.by_stage.new.total_yi"]) == (36, Decimal("111.49"))
    assert (f["pipeline.by_stage.continuing.count"], f["pipeline.by_stage.continuing.total_yi"]) == (
        24,
        Decimal("96.10"),
    )
    assert (f["pipeline.signed.count"], f["pipeline.signed.total_yi"]) == (55, Decimal("97.49"))
    assert f["pipeline.reserve.count"] == 103
    assert f["pipeline.negotiating.count"] >= 30
    assert f["pipeline.key.count"] >= 20


def test_named_projects_have_the_seeds_amounts_and_states() -> None:
    ly = Project.objects.filter(zone__code="LY")
    expect = {
        "凌源智能制造产业园(一期)建设项目": ("62000.00", "building"),
        "新能源智能绿色物流综合服务体项目": ("28000.00", "building"),
        "智慧交安和5G智慧合杆项目": ("20000.00", "production"),
        "金图智能穿戴产品装备制造项目": ("16000.00", "building"),
        "兆华智能终端制造项目": ("16000.00", "building"),
        "玻璃面板与智能屏幕制造项目": ("15000.00", "building"),
        "智能制造孵化示范基地项目": ("15000.00", "building"),
        "凌钢超低排放改造二期工程": ("134000.00", "building"),
        "阿拉丁无人机智慧工厂项目": ("12000.00", "production"),
        "宏钢集团中水回用处理项目": ("12000.00", "production"),
        "微电站分散型微风发电项目": ("150000.00", None),
        "慈航通用航空机场项目": ("30000.00", None),
        "保定卓艳汽车零部件生产基地项目": ("5000.00", None),
        "北京道信无人机试飞基地、科普基地及产业服务基地建设项目": ("3000.00", None),
        "凌钢集团钢焦一体及配套设施项目": ("660000.00", "building"),
    }
    for name, (amount, stage) in expect.items():
        p = ly.get(name=name)
        assert p.total_investment == Decimal(amount), name
        if stage:
            assert p.stage == stage, name
    assert ly.get(name="新能源智能绿色物流综合服务体项目").partial_use
    assert ly.get(name="智能制造孵化示范基地项目").expected_completion.month == 12
    for name in (
        "微电站分散型微风发电项目",
        "慈航通用航空机场项目",
        "保定卓艳汽车零部件生产基地项目",
        "北京道信无人机试飞基地、科普基地及产业服务基地建设项目",
    ):
        assert ly.get(name=name).is_key
    coke = ly.get(name="凌钢集团钢焦一体及配套设施项目")
    assert (coke.expected_output, coke.expected_tax, coke.expected_jobs) == (
        Decimal("1500000.00"),
        Decimal("80000.00"),
        2000,
    )
    assert sum(p.total_investment for p in coke.chain_projects.all()) == Decimal("350000.00")
    assert coke.enterprise.name == "凌源钢铁集团有限责任公司"


def test_demo_load_is_idempotent() -> None:
    before = Project.objects.count()
    call_command("demo_load", verbosity=0)
    assert Project.objects.count() == before


def test_jianping_has_a_small_pipeline() -> None:
    assert 5 <= Project.objects.filter(zone__code="JP").count() <= 20
