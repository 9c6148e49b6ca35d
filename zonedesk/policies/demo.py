"""The article's five policy documents as demo data (凌源经济开发区). Their thresholds and
amounts are plausible DEMO parameters, marked so on every page (Policy.demo), not the official
figures of the documents. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zonedesk.core.actor import Actor
from zonedesk.organisation.models import User
from zonedesk.policies.models import Award, Clause, Match, Policy, PolicyApplication
from zonedesk.policies.services import (
    application_submit,
    auto_award_confirm,
    award_act,
    clause_create,
    match_recompute,
    policy_create,
)

CLEAN = [
    {"fact": "dishonest", "op": "is", "value": False},
    {"fact": "abnormal", "op": "is", "value": False},
]
MAKERS = ["30", "31", "33", "34", "35", "36", "37", "39"]

POLICIES = [
    {
        "title": "关于科技创新“五大工程”实施意见",
        "number": "凌政发〔2024〕8号（演示）",
        "issuer": "凌源市人民政府",
        "valid_from": "2024-03-01",
        "valid_until": "2027-02-28",
        "summary": "研发投入、创新平台、科技企业梯度培育、成果转化、科技人才五大工程。",
        "clauses": [
            {
                "code": "一.1",
                "title": "企业研发投入后补助",
                "mode": "auto",
                "cap": "100",
                "rule": {
                    "when": {
                        "all": [
                            {
                                "fact": "rd_spending",
                                "op": ">=",
                                "value": "100",
                                "unit": "万元",
                                "label": "上年研发投入不少于 100 万元",
                                "label_en": "Last year's R&D spending of at least CNY 1 million",
                            },
                            {
                                "fact": "rd_ratio",
                                "op": ">=",
                                "value": {"param": "rd_min"},
                                "label": "研发投入占营业收入比例",
                                "label_en": "R&D spending as a share of operating revenue",
                            },
                            *CLEAN,
                        ]
                    },
                    "params": {
                        "rd_min": {
                            "unit": "%",
                            "values": [{"from": "2024-03-01", "value": "3"}],
                            "note": "演示参数",
                        }
                    },
                },
                "benefit": {"kind": "percent", "fact": "rd_spending", "rate": "10", "cap": "100"},
            },
            {
                "code": "二.2",
                "title": "省级以上研发平台奖励",
                "mode": "apply",
                "rule": {
                    "when": {"all": [{"fact": "provincial_rd_center", "op": "is", "value": True}, *CLEAN]}
                },
                "benefit": {"kind": "fixed", "amount": "30"},
            },
        ],
    },
    {
        "title": "关于加强高新技术企业培育的政策措施",
        "number": "凌科发〔2024〕3号（演示）",
        "issuer": "凌源市科学技术局",
        "valid_from": "2024-01-01",
        "valid_until": "2026-12-31",
        "summary": "高企认定奖励、培育入库补助、研发费用加计扣除辅导。",
        "clauses": [
            {
                "code": "1",
                "title": "高新技术企业认定奖励",
                "mode": "auto",
                "rule": {
                    "when": {
                        "all": [
                            {
                                "fact": "certified_high_tech",
                                "op": "is",
                                "value": True,
                                "label": "持有有效高新技术企业证书",
                                "label_en": "Holds a valid high-tech enterprise certificate",
                            },
                            *CLEAN,
                        ]
                    }
                },
                "benefit": {"kind": "fixed", "amount": "20"},
            },
            {
                "code": "2",
                "title": "高企培育入库补助",
                "mode": "apply",
                "rule": {
                    "when": {
                        "all": [
                            {
                                "fact": "tier",
                                "op": "in",
                                "values": ["tech_sme", "eaglet", "gazelle"],
                                "label": "已达到科技型中小企业层级",
                                "label_en": "Has reached the tech-based SME tier",
                            },
                            {
                                "fact": "certified_high_tech",
                                "op": "is",
                                "value": False,
                                "label": "尚未认定为高新技术企业",
                                "label_en": "Not yet certified as a high-tech enterprise",
                            },
                            {
                                "fact": "rd_ratio",
                                "op": ">=",
                                "value": "4",
                                "unit": "%",
                                "label": "研发投入占比不低于 4%",
                                "label_en": "R&D spending at least 4% of revenue",
                            },
                            {
                                "fact": "tech_staff_ratio",
                                "op": ">=",
                                "value": "10",
                                "unit": "%",
                                "label": "科技人员占比不低于 10%",
                                "label_en": "Technical staff at least 10% of employees",
                            },
                            *CLEAN,
                        ]
                    }
                },
                "benefit": {"kind": "fixed", "amount": "10"},
            },
        ],
    },
    {
        "title": "关于促进科技成果转化的政策措施",
        "number": "凌科发〔2024〕5号（演示）",
        "issuer": "凌源市科学技术局",
        "valid_from": "2024-06-01",
        "valid_until": None,
        "summary": "技术合同登记奖补、成果转化项目支持。",
        "clauses": [
            {
                "code": "1",
                "title": "技术合同成交奖补",
                "mode": "auto",
                "cap": "50",
                "rule": {
                    "when": {
                        "all": [
                            {
                                "fact": "tech_transfer",
                                "op": ">=",
                                "value": "50",
                                "unit": "万元",
                                "label": "上年登记技术合同成交额不少于 50 万元",
                                "label_en": "Technology contracts of at least CNY 500,000 last year",
                            },
                            *CLEAN,
                        ]
                    }
                },
                "benefit": {"kind": "percent", "fact": "tech_transfer", "rate": "5", "cap": "50"},
            },
        ],
    },
    {
        "title": "凌源市鼓励企业加快投资进度、尽快达产达效个税奖励暂行办法",
        "number": "凌政办发〔2023〕21号（演示）",
        "issuer": "凌源市人民政府办公室",
        "valid_from": "2023-07-01",
        "valid_until": "2026-06-30",
        "summary": "项目提前达产的，按企业高管及技术骨干缴纳个人所得税地方留成部分给予奖励。",
        "clauses": [
            {
                "code": "第三条",
                "title": "提前达产个税奖励",
                "mode": "auto",
                "cap": "100",
                "rule": {
                    "when": {
                        "all": [
                            {
                                "fact": "early_months",
                                "op": ">=",
                                "value": "1",
                                "unit": "月",
                                "label": "较协议约定提前达产",
                                "label_en": "Reached full production earlier than the agreement says",
                            },
                            {
                                "fact": "fixed_assets",
                                "op": ">=",
                                "value": "5000",
                                "unit": "万元",
                                "label": "固定资产投资不少于 5,000 万元",
                                "label_en": "Fixed-asset investment of at least CNY 50 million",
                            },
                            *CLEAN,
                        ]
                    }
                },
                "benefit": {"kind": "percent", "fact": "iit_paid", "rate": "50", "cap": "100"},
            },
        ],
    },
    {
        "title": "凌源市人才服务全面振兴三年行动计划",
        "number": "凌委人才发〔2024〕1号（演示）",
        "issuer": "中共凌源市委人才工作领导小组",
        "valid_from": "2024-01-01",
        "valid_until": "2026-12-31",
        "summary": "引才、育才、留才、用才四项行动。",
        "clauses": [
            {
                "code": "引才.1",
                "title": "高层次人才引进补贴",
                "mode": "apply",
                "cap": "50",
                "rule": {
                    "when": {
                        "all": [
                            {
                                "fact": "talents",
                                "op": ">=",
                                "value": "1",
                                "unit": "人",
                                "label": "上年引进高层次人才",
                                "label_en": "High-level talent recruited last year",
                            },
                            {
                                "fact": "industry",
                                "op": "in",
                                "values": MAKERS,
                                "label": "制造业企业",
                                "label_en": "Manufacturing enterprise",
                            },
                            *CLEAN,
                        ]
                    }
                },
                "benefit": {"kind": "per_unit", "fact": "talents", "amount": "5", "cap": "50"},
            },
        ],
    },
]


def load(*, zones) -> None:
    zone = zones["LY"]
    officer = Actor(user=User.objects.get(username="investment"), channel="command", label="demo_load")
    leader = Actor(user=User.objects.get(username="leader"), channel="command", label="demo_load")
    for p in POLICIES:
        policy = Policy.objects.filter(zone=zone, title=p["title"]).first()
        if policy is None:
            policy = policy_create(
                actor=officer,
                zone_id=zone.pk,
                title=p["title"],
                number=p["number"],
                issuer=p["issuer"],
                valid_from=dt.date.fromisoformat(p["valid_from"]),
                valid_until=dt.date.fromisoformat(p["valid_until"]) if p["valid_until"] else None,
                summary_text=p["summary"],
                demo=True,
            )
        for c in p["clauses"]:
            if not Clause.objects.filter(policy=policy, code=c["code"]).exists():
                clause_create(
                    actor=officer,
                    policy_id=policy.pk,
                    code=c["code"],
                    title=c["title"],
                    mode=c["mode"],
                    rule=c["rule"],
                    benefit=c["benefit"],
                    cap=Decimal(c["cap"]) if c.get("cap") else None,
                )
    for z in zones.values():
        # a zone without clauses has nothing to match (and a second load must write nothing)
        if Clause.objects.filter(zone=z).exists() and not Match.objects.filter(zone=z).exists():
            match_recompute(actor=Actor.system("demo_load"), zone_id=z.pk, notify=False)
    # 免申即享 for 2025: the 研发投入后补助 confirmed for those who qualify; one approved, one paid.
    clause = Clause.objects.filter(zone=zone, code="一.1").first()
    if clause is not None and not Award.objects.filter(clause=clause).exists():
        ids = list(
            Match.objects.filter(clause=clause, outcome="passed")
            .order_by("enterprise_id")
            .values_list("enterprise_id", flat=True)
        )
        if ids:
            awards = auto_award_confirm(
                actor=officer, clause_id=clause.pk, period=2025, enterprise_ids=ids[:3]
            )
            first = award_act(
                actor=leader, award_id=awards[0].pk, action="approve", version=awards[0].version
            )
            award_act(
                actor=officer,
                award_id=first.pk,
                action="pay",
                version=first.version,
                paid_on=dt.date(2026, 9, 15),
                payment_ref="凌财拨〔2026〕0915-01",
            )
            if len(awards) > 1:
                award_act(actor=leader, award_id=awards[1].pk, action="approve", version=awards[1].version)
    # 申报: 中玻 applies for the talent subsidy of 2025 (the enterprise user's own application).
    talent = Clause.objects.filter(zone=zone, code="引才.1").first()
    if talent is not None and not PolicyApplication.objects.filter(clause=talent).exists():
        company = Actor(user=User.objects.get(username="enterprise"), channel="command", label="demo_load")
        application_submit(
            actor=company,
            clause_id=talent.pk,
            period=2025,
            statement="2025 年引进高层次人才 4 人（博士 2 人、高级工程师 2 人）。",
        )
