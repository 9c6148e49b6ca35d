"""Demo 党建 of Lingyuan: the article's examples — 腾钢机械 (10 帮扶对子, 8万元 to 坤都沟村, 62
jobs) and 辽宁炜盛 (50 people from poor households earning 3,000–6,000 元/月 more) — plus the
party organisations of the zone's enterprises, 党员先锋岗 and activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zonedesk.core.actor import Actor
from zonedesk.core.registers import register_create
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User
from zonedesk.partybuilding.models import PartyOrg
from zonedesk.partybuilding.registers import REGISTERS

TG = "腾钢机械制造有限责任公司"
WS = "辽宁炜盛新型复合材料有限公司"
ORGS = [
    (TG, "腾钢机械制造有限责任公司党支部", "branch", "李国富", 23, dt.date(2016, 7, 1)),
    (WS, "辽宁炜盛新型复合材料有限公司党支部", "branch", "陈立军", 17, dt.date(2018, 6, 28)),
    (
        "凌源钢铁集团有限责任公司",
        "凌源钢铁集团有限责任公司党委",
        "committee",
        "张振东",
        1260,
        dt.date(1966, 7, 1),
    ),
    (
        "中玻(朝阳)新材料有限公司",
        "中玻(朝阳)新材料有限公司党支部",
        "branch",
        "刘海军",
        12,
        dt.date(2020, 5, 1),
    ),
    (
        "法马(辽宁)智能设备有限公司",
        "法马(辽宁)智能设备有限公司党支部",
        "branch",
        "王文博",
        9,
        dt.date(2021, 4, 20),
    ),
    (
        "阿拉丁无人机科技(凌源)有限公司",
        "凌源经开区无人机企业联合党支部",
        "joint",
        "孙立平",
        11,
        dt.date(2022, 7, 1),
    ),
    (
        "辽宁航天凌河汽车有限公司",
        "辽宁航天凌河汽车有限公司党总支",
        "general",
        "赵红岩",
        46,
        dt.date(2010, 9, 1),
    ),
    ("凌源宏钢集团有限公司", "凌源宏钢集团有限公司党委", "committee", "马建新", 88, dt.date(2008, 6, 30)),
]
HELPERS = ["李国富", "王海", "张立军", "刘成", "赵玉", "孙建", "周永", "吴平", "郑强", "冯磊"]
HOUSEHOLDS = [
    "王德*户",
    "李春*户",
    "张桂*户",
    "刘玉*户",
    "赵福*户",
    "孙长*户",
    "周凤*户",
    "吴秀*户",
    "郑国*户",
    "冯树*户",
]


def load(*, zones) -> None:
    zone = zones["LY"]
    if PartyOrg.objects.filter(zone=zone).exists():
        return
    actor = Actor(user=User.objects.get(username="leader"), ip=None, channel="web")
    ents = {e.name: e for e in Enterprise.objects.filter(zone=zone)}

    def add(key: str, **data):
        return register_create(actor=actor, register=REGISTERS[key], data=data)

    orgs = {}
    for ent, name, kind, secretary, members, founded in ORGS:
        orgs[ent] = add(
            "orgs",
            enterprise=ents[ent],
            name=name,
            kind=kind,
            secretary=secretary,
            members=members,
            founded_on=founded,
        )
    for ent, post, holder in (
        (TG, "焊接车间党员先锋岗", "王海"),
        (TG, "质量检验党员先锋岗", "张立军"),
        (WS, "复合材料生产线党员先锋岗", "陈立军"),
        ("凌源钢铁集团有限责任公司", "炼钢一线党员先锋岗", "高志远"),
        ("辽宁航天凌河汽车有限公司", "总装车间党员先锋岗", "赵红岩"),
    ):
        add("posts", org=orgs[ent], name=post, holder=holder, awarded_on=dt.date(2026, 3, 1))
    # 腾钢机械: 10 帮扶对子 with households of 坤都沟村
    for i in range(10):
        add(
            "pairs",
            enterprise=ents[TG],
            helper=HELPERS[i],
            helped=HOUSEHOLDS[i],
            village="坤都沟村",
            started_on=dt.date(2026, 2, 10 + i),
            note="一对一结对帮扶：就业推荐、农资和生活帮扶",
        )
    add(
        "donations",
        enterprise=ents[TG],
        amount_wan=Decimal(8),
        purpose="坤都沟村村路硬化和产业帮扶",
        village="坤都沟村",
        donated_on=dt.date(2026, 4, 18),
    )
    add(
        "jobs",
        enterprise=ents[TG],
        people=62,
        wage_min=Decimal(2500),
        wage_max=Decimal(4500),
        recorded_on=dt.date(2026, 6, 30),
        note="吸纳周边脱贫家庭人员 60 余人就业",
    )
    add(
        "jobs",
        enterprise=ents[WS],
        people=50,
        wage_min=Decimal(3000),
        wage_max=Decimal(6000),
        recorded_on=dt.date(2026, 6, 30),
        note="吸纳脱贫家庭人员 50 人，人均月增收 3000–6000 元",
    )
    add(
        "activities",
        enterprise=ents[TG],
        kind="visit",
        title="走访慰问坤都沟村结对户",
        partner="坤都沟村党支部",
        held_on=dt.date(2026, 1, 20),
        participants=12,
    )
    add(
        "activities",
        enterprise=ents[WS],
        kind="job_fair",
        title="联合村党支部专场招聘会",
        partner="刀尔登镇各村党支部",
        held_on=dt.date(2026, 3, 12),
        participants=180,
    )
    add(
        "activities",
        enterprise=ents["凌源钢铁集团有限责任公司"],
        kind="study",
        title="“七一”主题党日",
        partner="",
        held_on=dt.date(2026, 7, 1),
        participants=320,
    )
