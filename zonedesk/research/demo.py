"""Demo 产学研 of Lingyuan, reproducing the article's figures from named rows: 22 cooperating
institutions (20+), 1,036 experts and talents (1,000+, generated plausibly in bulk), 20
alliances and 7 揭榜挂帅 challenges."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.registers import register_create
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User
from zonedesk.research import services
from zonedesk.research.models import Alliance, Challenge, Expert, Institution
from zonedesk.research.registers import REGISTERS

INSTITUTIONS = [
    ("中国科学院金属研究所", "institute", "沈阳"),
    ("北京冶金研究院", "institute", "北京"),
    ("南京玻璃纤维研究设计院", "institute", "南京"),
    ("清华大学", "university", "北京"),
    ("东北大学", "university", "沈阳"),
    ("天津大学", "university", "天津"),
    ("大连理工大学", "university", "大连"),
    ("北京科技大学", "university", "北京"),
    ("哈尔滨工业大学", "university", "哈尔滨"),
    ("吉林大学", "university", "长春"),
    ("辽宁科技大学", "university", "鞍山"),
    ("沈阳工业大学", "university", "沈阳"),
    ("辽宁工程技术大学", "university", "阜新"),
    ("沈阳航空航天大学", "university", "沈阳"),
    ("沈阳化工大学", "university", "沈阳"),
    ("渤海大学", "university", "锦州"),
    ("中国科学院沈阳自动化研究所", "institute", "沈阳"),
    ("中国科学院大连化学物理研究所", "institute", "大连"),
    ("钢铁研究总院", "institute", "北京"),
    ("中国建筑材料科学研究总院", "institute", "北京"),
    ("中国航天科工集团第三研究院", "institute", "北京"),
    ("辽宁省农业科学院", "institute", "沈阳"),
]
SUBJECTS = [
    "高强钢板坯连铸工艺优化",
    "超低排放烧结烟气治理",
    "高性能玻璃纤维浸润剂",
    "智能终端精密结构件",
    "无人机复合材料机体",
    "微风发电叶片气动设计",
    "汽车零部件轻量化",
    "冷轧带钢表面质量控制",
]
ALLIANCES = [
    ("凌源钢铁新材料产学研联盟", "凌源钢铁集团有限责任公司"),
    ("钢焦一体化绿色低碳联盟", "凌源钢铁集团有限责任公司"),
    ("冷轧薄板精深加工联盟", "凌源中宽冷轧带钢有限公司"),
    ("玻璃纤维复合材料联盟", "中玻(朝阳)新材料有限公司"),
    ("新型复合材料应用联盟", "辽宁炜盛新型复合材料有限公司"),
    ("智能装备制造联盟", "法马(辽宁)智能设备有限公司"),
    ("工程机械关键零部件联盟", "腾钢机械制造有限责任公司"),
    ("专用汽车产业技术联盟", "辽宁航天凌河汽车有限公司"),
    ("无人机产业技术创新联盟", "阿拉丁无人机科技(凌源)有限公司"),
    ("无人机试飞与检测联盟", "北京道信无人机科技(凌源)有限公司"),
    ("智能终端制造联盟", "凌源兆华智能终端制造有限公司"),
    ("智能穿戴装备联盟", "凌源金图智能穿戴科技有限公司"),
    ("新型显示与智能屏幕联盟", "凌源玻璃面板与智能屏幕制造有限公司"),
    ("新能源物流装备联盟", "凌源新能源智能绿色物流有限公司"),
    ("分散式微风发电联盟", "凌源微电站微风发电有限公司"),
    ("通用航空产业联盟", "凌源慈航通用航空有限公司"),
    ("汽车零部件轻量化联盟", "保定卓艳汽车零部件(凌源)有限公司"),
    ("精密铸造工艺联盟", "凌源裕星精密铸造有限公司"),
    ("智慧交通与5G合杆联盟", "凌源智慧交安科技有限公司"),
    ("设施农业与食品加工联盟", "凌源农恒食品有限公司"),
]
CHALLENGES = [
    (
        "高炉煤气深度脱硫技术",
        "凌源钢铁集团有限责任公司",
        Decimal(800),
        "东北大学冶金学院团队",
        "东北大学",
        True,
    ),
    (
        "高强耐磨钢热处理变形控制",
        "凌源宏钢集团有限公司",
        Decimal(300),
        "北京科技大学材料团队",
        "北京科技大学",
        True,
    ),
    (
        "E-CR 玻纤拉丝漏板寿命提升",
        "中玻(朝阳)新材料有限公司",
        Decimal(260),
        "南京玻纤院漏板团队",
        "南京玻璃纤维研究设计院",
        True,
    ),
    (
        "复合材料在线缺陷检测",
        "辽宁炜盛新型复合材料有限公司",
        Decimal(180),
        "沈阳自动化所视觉团队",
        "中国科学院沈阳自动化研究所",
        False,
    ),
    (
        "长航时无人机复合机翼",
        "阿拉丁无人机科技(凌源)有限公司",
        Decimal(500),
        "哈工大复合材料团队",
        "哈尔滨工业大学",
        False,
    ),
    ("冷轧带钢板形智能控制", "凌源中宽冷轧带钢有限公司", Decimal(220), "", "", False),
    ("专用车底盘轻量化设计", "辽宁航天凌河汽车有限公司", Decimal(150), "", "", False),
]
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "华",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海涛",
    "晓东",
    "雪梅",
    "国庆",
    "红梅",
    "立新",
    "振宇",
    "思远",
    "博文",
    "嘉怡",
]
FIELDS = [
    "冶金工程",
    "材料科学",
    "玻璃纤维",
    "复合材料",
    "智能制造",
    "自动化控制",
    "无人机设计",
    "新能源",
    "化学工程",
    "环境工程",
    "机械设计",
    "汽车工程",
    "电子信息",
    "食品科学",
    "农业工程",
    "安全工程",
]
LEVELS = (
    ["professor"] * 5
    + ["associate"] * 6
    + ["engineer"] * 8
    + ["doctor"] * 6
    + ["skilled"] * 4
    + ["national"]
    + ["academician"]
)
EXPERTS = 1036


def load(*, zones) -> None:
    zone = zones["LY"]
    if Institution.objects.filter(zone=zone).exists():
        return
    actor = Actor(user=User.objects.get(username="investment"), ip=None, channel="web")
    ents = {e.name: e for e in Enterprise.objects.filter(zone=zone)}
    names = sorted(ents)
    insts = {}
    for i, (name, kind, city) in enumerate(INSTITUTIONS):
        insts[name] = register_create(
            actor=actor, register=REGISTERS["institutions"], data={"name": name, "kind": kind, "city": city}
        )
        register_create(
            actor=actor,
            register=REGISTERS["agreements"],
            data={
                "institution": insts[name],
                "enterprise": ents[names[i % len(names)]],
                "subject": SUBJECTS[i % len(SUBJECTS)],
                "signed_on": dt.date(2024 + i % 3, 1 + i % 12, 10),
                "end_on": dt.date(2027 + i % 3, 12, 31),
                "amount_wan": Decimal(30 + (i * 17) % 200),
            },
        )
    inst_list = list(insts.values())
    for i, (name, lead) in enumerate(ALLIANCES):
        register_create(
            actor=actor,
            register=REGISTERS["alliances"],
            data={
                "name": name,
                "lead_enterprise": ents[lead],
                "started_on": dt.date(2021 + i % 5, 1 + i % 12, 1),
                "status": "active",
                "institutions": [inst_list[i % 22], inst_list[(i * 7 + 3) % 22]],
            },
        )
    alliance_by_lead = {a.lead_enterprise_id: a for a in Alliance.objects.filter(zone=zone)}
    # 1,036 experts and talents: a plausible spread of names, fields, levels and employers.
    with transaction.atomic():
        rows = []
        for n in range(EXPERTS):
            rows.append(
                Expert(
                    zone=zone,
                    name=SURNAMES[(n * 7) % len(SURNAMES)] + GIVEN[(n * 11) % len(GIVEN)],
                    field=FIELDS[(n * 7 + n // 8) % len(FIELDS)],
                    level=LEVELS[(n * 5) % len(LEVELS)],
                    institution=inst_list[n % 22] if n % 4 else None,
                    enterprise=ents[names[(n * 3) % len(names)]],
                    since=dt.date(2018 + n % 8, 1 + (n * 5) % 12, 1 + n % 28),
                )
            )
        Expert.objects.bulk_create(rows, batch_size=500)
        audit_record(
            actor=actor,
            action="research.expert.import",
            object_type="research.expert",
            object_repr=f"×{EXPERTS}",  # the kind shows from object_type, translated
            zone_id=zone.pk,
            after={"count": EXPERTS},
        )
    for i, (title, lead, budget, team, inst, accepted) in enumerate(CHALLENGES):
        c = register_create(
            actor=actor,
            register=REGISTERS["challenges"],
            data={
                "title": title,
                "lead_enterprise": ents[lead],
                "alliance": alliance_by_lead.get(ents[lead].pk),
                "problem": f"{title}：攻克企业生产中的关键共性技术难题，形成可产业化的成果。",
                "budget_wan": budget,
                "published_on": dt.date(2025, 3 + i, 15),
            },
        )
        if not team:
            continue
        services.challenge_take(
            actor=actor,
            challenge_id=c.pk,
            team=team,
            team_institution_id=insts[inst].pk,
            taken_on=dt.date(2025, 5 + i, 1),
        )
        m1 = services.milestone_add(
            actor=actor, challenge_id=c.pk, title="方案设计与中试", due_on=dt.date(2025, 12, 31)
        )
        m2 = services.milestone_add(
            actor=actor, challenge_id=c.pk, title="工业化应用验证", due_on=dt.date(2026, 6 + i, 30)
        )
        if accepted:
            services.milestone_done(actor=actor, milestone_id=m1.pk, done_on=dt.date(2025, 12, 20))
            services.milestone_done(actor=actor, milestone_id=m2.pk, done_on=dt.date(2026, 6, 20))
            services.challenge_accept(
                actor=actor,
                challenge_id=c.pk,
                passed=True,
                accepted_on=dt.date(2026, 7, 15),
                result="技术指标全部达到榜单要求，已在企业生产线应用。",
            )
        else:
            services.milestone_done(actor=actor, milestone_id=m1.pk, done_on=dt.date(2026, 1, 10))
    for team, origin, project, ent, when, inv, members in (
        (
            "无人机飞控研发团队",
            "北京航空航天大学",
            "工业级无人机飞控系统",
            "阿拉丁无人机科技(凌源)有限公司",
            dt.date(2024, 6, 1),
            Decimal(1200),
            18,
        ),
        (
            "智能终端结构件团队",
            "深圳某精密制造企业",
            "智能终端精密结构件产线",
            "凌源兆华智能终端制造有限公司",
            dt.date(2025, 3, 1),
            Decimal(1600),
            25,
        ),
        (
            "显示面板工艺团队",
            "合肥某显示企业",
            "玻璃面板与智能屏幕制造",
            "凌源玻璃面板与智能屏幕制造有限公司",
            dt.date(2025, 9, 1),
            Decimal(1500),
            12,
        ),
    ):
        register_create(
            actor=actor,
            register=REGISTERS["transplants"],
            data={
                "team": team,
                "origin": origin,
                "project": project,
                "enterprise": ents[ent],
                "moved_on": when,
                "investment_wan": inv,
                "members": members,
            },
        )
    assert Challenge.objects.filter(zone=zone).count() == 7
