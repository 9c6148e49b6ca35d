"""The ladder 科技型中小企业 → 高新技术企业 → 雏鹰 → 瞪羚 → 独角兽 as shipped rules (data, not code).

Sources:
* 科技型中小企业: 《科技型中小企业评价办法》(国科发政〔2017〕115号) 第六条 (conditions) and 附件
  《科技型中小企业评价指标》 (科技人员 20 分, 研发投入 50 分 择优, 科技成果 30 分; ≥ 60 分 and the
  科技人员 score not 0) and 第六条 second paragraph (direct qualification).
* 高新技术企业: 《高新技术企业认定管理办法》(国科发火〔2016〕32号) 第十一条 (一)–(八); the
  创新能力评价 threshold (> 70 分) is from the 工作指引 (国科发火〔2016〕195号) and is a manual fact.
* 雏鹰 / 瞪羚: Liaoning's evaluation (registered ≤ 10 / ≤ 20 years; 瞪羚: revenue CAGR ≥ 20 % on a
  base > 1000 万元, or staff CAGR ≥ 30 %, or ≥ 1000 万元 of equity funding). Figures not found in a
  public national text are parameters marked 待核定 for the zone to confirm.
* 独角兽: configurable (reference: registered ≤ 10 years, valuation ≥ 10 亿美元 ≈ 70 亿元).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TIERS = ("tech_sme", "high_tech", "eaglet", "gazelle", "unicorn")
TIER_LABELS = {
    "": _("未入库"),
    "tech_sme": _("科技型中小企业"),
    "high_tech": _("高新技术企业"),
    "eaglet": _("雏鹰企业"),
    "gazelle": _("瞪羚企业"),
    "unicorn": _("独角兽企业"),
}
SINCE = "2016-01-01"


def _band(rows):
    return [{"min": lo, "max": hi, "points": p} for lo, hi, p in rows]


CLEAN = {
    "all": [
        {"fact": "dishonest", "op": "is", "value": False},
        {"fact": "abnormal", "op": "is", "value": False},
        {
            "fact": "major_incident",
            "op": "is",
            "value": False,
            "label": "上一年及当年内未发生重大安全、质量事故和严重环境违法",
            "label_en": "No major safety, quality or environmental incident this year or last",
        },
    ]
}

TECH_SME = {
    "label": "科技型中小企业（国科发政〔2017〕115号）",
    "label_en": "Tech-based SME (Guokefazheng [2017] No. 115)",
    "when": {
        "all": [
            {
                "fact": "staff",
                "op": "<=",
                "value": "500",
                "unit": "人",
                "label": "职工总数不超过 500 人",
                "label_en": "No more than 500 employees",
            },
            {
                "fact": "revenue",
                "op": "<=",
                "value": "2",
                "unit": "亿元",
                "label": "年销售收入不超过 2 亿元",
                "label_en": "Annual sales revenue of no more than CNY 200 million",
            },
            {
                "fact": "total_assets",
                "op": "<=",
                "value": "2",
                "unit": "亿元",
                "label": "资产总额不超过 2 亿元",
                "label_en": "Total assets of no more than CNY 200 million",
            },
            CLEAN,
            {
                "any": [
                    {
                        "all": [
                            {
                                "points": [
                                    {
                                        "fact": "tech_staff_ratio",
                                        "unit": "%",
                                        "label": "科技人员指标（20 分）",
                                        "label_en": "Technical staff indicator (20 points)",
                                        "bands": _band(
                                            [
                                                ("30", None, "20"),
                                                ("25", "30", "16"),
                                                ("20", "25", "12"),
                                                ("15", "20", "8"),
                                                ("10", "15", "4"),
                                                (None, "10", "0"),
                                            ]
                                        ),
                                    },
                                    {
                                        "best_of": [
                                            {
                                                "fact": "rd_ratio",
                                                "unit": "%",
                                                "label": "研发费用占销售收入比例",
                                                "label_en": "R&D expenses as a share of sales revenue",
                                                "bands": _band(
                                                    [
                                                        ("6", None, "50"),
                                                        ("5", "6", "40"),
                                                        ("4", "5", "30"),
                                                        ("3", "4", "20"),
                                                        ("2", "3", "10"),
                                                        (None, "2", "0"),
                                                    ]
                                                ),
                                            },
                                            {
                                                "fact": "rd_cost_ratio",
                                                "unit": "%",
                                                "label": "研发费用占成本费用支出比例",
                                                "label_en": "R&D expenses as a share of total costs",
                                                "bands": _band(
                                                    [
                                                        ("30", None, "50"),
                                                        ("25", "30", "40"),
                                                        ("20", "25", "30"),
                                                        ("15", "20", "20"),
                                                        ("10", "15", "10"),
                                                        (None, "10", "0"),
                                                    ]
                                                ),
                                            },
                                        ],
                                        "label": "研发投入指标（50 分，择优）",
                                        "label_en": "R&D indicator (50 points, the better of two)",
                                    },
                                    {
                                        "best_of": [
                                            {
                                                "fact": "ip_class1",
                                                "unit": "项",
                                                "label": "Ⅰ类知识产权",
                                                "label_en": "Class I intellectual property",
                                                "bands": _band([("1", None, "30"), (None, "1", "0")]),
                                            },
                                            {
                                                "fact": "ip_class2",
                                                "unit": "项",
                                                "label": "Ⅱ类知识产权",
                                                "label_en": "Class II intellectual property",
                                                "bands": _band(
                                                    [
                                                        ("4", None, "24"),
                                                        ("3", "4", "18"),
                                                        ("2", "3", "12"),
                                                        ("1", "2", "6"),
                                                        (None, "1", "0"),
                                                    ]
                                                ),
                                            },
                                        ],
                                        "label": "科技成果指标（30 分）",
                                        "label_en": "Technology results indicator (30 points)",
                                    },
                                ],
                                "op": ">=",
                                "value": "60",
                                "label": "评价指标得分不低于 60 分",
                                "label_en": "Evaluation score of at least 60 points",
                            },
                            {
                                "fact": "tech_staff_ratio",
                                "op": ">=",
                                "value": "10",
                                "unit": "%",
                                "label": "科技人员指标得分不为 0（占比 ≥ 10%）",
                                "label_en": "Technical staff score above 0 (share ≥ 10%)",
                            },
                        ],
                        "label": "综合评价",
                        "label_en": "Overall evaluation",
                    },
                    {
                        "fact": "certified_high_tech",
                        "op": "is",
                        "value": True,
                        "label": "直接确认：有效期内高新技术企业",
                        "label_en": "Qualifies directly: valid high-tech enterprise",
                    },
                    {
                        "fact": "national_award",
                        "op": "is",
                        "value": True,
                        "label": "直接确认：近五年国家级科技奖励前三名",
                        "label_en": "Qualifies directly: national S&T award (top three), last five years",
                    },
                    {
                        "fact": "provincial_rd_center",
                        "op": "is",
                        "value": True,
                        "label": "直接确认：省部级以上研发机构",
                        "label_en": "Qualifies directly: provincial or ministerial R&D institution or higher",
                    },
                    {
                        "fact": "led_standard",
                        "op": "is",
                        "value": True,
                        "label": "直接确认：近五年主导制定标准",
                        "label_en": "Qualifies directly: led a standard in the past five years",
                    },
                ],
                "label": "评价得分或直接确认",
                "label_en": "Evaluation score or direct qualification",
            },
        ]
    },
}

HIGH_TECH = {
    "label": "高新技术企业（国科发火〔2016〕32号 第十一条）",
    "label_en": "High-tech enterprise (Guokefahuo [2016] No. 32, Article 11)",
    "when": {
        "all": [
            {
                "fact": "age_years",
                "op": ">=",
                "value": "1",
                "unit": "年",
                "label": "（一）注册成立一年以上",
                "label_en": "(1) Registered for more than one year",
            },
            {
                "any": [
                    {"fact": "ip_class1", "op": ">=", "value": "1", "unit": "项"},
                    {"fact": "ip_class2", "op": ">=", "value": "1", "unit": "项"},
                ],
                "label": "（二）拥有对主要产品发挥核心支持作用的知识产权",
                "label_en": "(2) Owns intellectual property that is core to its main products",
            },
            {
                "fact": "key_tech_field",
                "op": "is",
                "value": True,
                "label": "（三）核心技术属于国家重点支持的高新技术领域",
                "label_en": "(3) Core technology in a high-tech field the state supports",
            },
            {
                "fact": "tech_staff_ratio",
                "op": ">=",
                "value": "10",
                "unit": "%",
                "label": "（四）科技人员占比不低于 10%",
                "label_en": "(4) Technical staff at least 10% of employees",
            },
            {
                "any": [
                    {
                        "all": [
                            {
                                "fact": "revenue",
                                "op": "<=",
                                "value": "5000",
                                "unit": "万元",
                                "label": "最近一年销售收入 ≤ 5,000 万元",
                                "label_en": "Last year's sales revenue ≤ CNY 50 million",
                            },
                            {
                                "fact": "rd_ratio_3y",
                                "op": ">=",
                                "value": "5",
                                "unit": "%",
                                "label": "研发费用占比 ≥ 5%",
                                "label_en": "R&D expenses ≥ 5% of revenue",
                            },
                        ]
                    },
                    {
                        "all": [
                            {
                                "fact": "revenue",
                                "op": ">",
                                "value": "5000",
                                "unit": "万元",
                                "label": "最近一年销售收入 > 5,000 万元",
                                "label_en": "Last year's sales revenue > CNY 50 million",
                            },
                            {
                                "fact": "revenue",
                                "op": "<=",
                                "value": "2",
                                "unit": "亿元",
                                "label": "且 ≤ 2 亿元（含）",
                                "label_en": "and ≤ CNY 200 million (inclusive)",
                            },
                            {
                                "fact": "rd_ratio_3y",
                                "op": ">=",
                                "value": "4",
                                "unit": "%",
                                "label": "研发费用占比 ≥ 4%",
                                "label_en": "R&D expenses ≥ 4% of revenue",
                            },
                        ]
                    },
                    {
                        "all": [
                            {
                                "fact": "revenue",
                                "op": ">",
                                "value": "20000",
                                "unit": "万元",
                                "label": "最近一年销售收入 > 2 亿元",
                                "label_en": "Last year's sales revenue > CNY 200 million",
                            },
                            {
                                "fact": "rd_ratio_3y",
                                "op": ">=",
                                "value": "3",
                                "unit": "%",
                                "label": "研发费用占比 ≥ 3%",
                                "label_en": "R&D expenses ≥ 3% of revenue",
                            },
                        ]
                    },
                ],
                "label": "（五）近三个会计年度研发费用占同期销售收入比例",
                "label_en": "(5) R&D expenses as a share of sales revenue over the last three fiscal years",
            },
            {
                "fact": "high_tech_revenue_ratio",
                "op": ">=",
                "value": "60",
                "unit": "%",
                "label": "（六）近一年高新技术产品（服务）收入占比不低于 60%",
                "label_en": "(6) High-tech products (services) at least 60% of last year's revenue",
            },
            {
                "fact": "expert_score",
                "op": ">",
                "value": "70",
                "unit": "分",
                "label": "（七）创新能力评价 70 分以上",
                "label_en": "(7) Innovation capability score above 70 points",
            },
            {
                "fact": "major_incident",
                "op": "is",
                "value": False,
                "label": "（八）申请前一年内未发生重大安全、质量事故或严重环境违法",
                "label_en": "(8) No major safety, quality or environmental incident in the year before",
            },
        ]
    },
}

EAGLET = {
    "label": "雏鹰企业（辽宁）",
    "label_en": "Eaglet enterprise (Liaoning)",
    "params": {
        "eaglet_rd_min": {"unit": "%", "note": "待核定", "values": [{"from": SINCE, "value": "3"}]},
        "eaglet_revenue_min": {
            "unit": "万元",
            "note": "待核定",
            "values": [{"from": SINCE, "value": "100"}],
        },
    },
    "when": {
        "all": [
            {
                "fact": "age_years",
                "op": "<=",
                "value": "10",
                "unit": "年",
                "label": "注册成立不超过 10 年",
                "label_en": "Registered no more than 10 years ago",
            },
            {
                "any": [
                    {
                        "fact": "tier",
                        "op": "in",
                        "values": ["tech_sme", "high_tech", "eaglet", "gazelle", "unicorn"],
                    },
                    {"fact": "certified_tech_sme", "op": "is", "value": True},
                ],
                "label": "已入库科技型中小企业",
                "label_en": "Registered as a tech-based SME",
            },
            {
                "fact": "rd_ratio",
                "op": ">=",
                "value": {"param": "eaglet_rd_min"},
                "label": "研发投入占比（待核定）",
                "label_en": "R&D share of revenue (to be confirmed)",
            },
            {
                "fact": "revenue",
                "op": ">=",
                "value": {"param": "eaglet_revenue_min"},
                "label": "上年营业收入（待核定）",
                "label_en": "Last year's operating revenue (to be confirmed)",
            },
            CLEAN,
        ]
    },
}

GAZELLE = {
    "label": "瞪羚企业（辽宁）",
    "label_en": "Gazelle enterprise (Liaoning)",
    "params": {
        "gazelle_base_min": {"unit": "万元", "values": [{"from": SINCE, "value": "1000"}]},
        "gazelle_revenue_cagr": {"unit": "%", "values": [{"from": SINCE, "value": "20"}]},
        "gazelle_staff_cagr": {"unit": "%", "values": [{"from": SINCE, "value": "30"}]},
        "gazelle_funding": {"unit": "万元", "values": [{"from": SINCE, "value": "1000"}]},
    },
    "when": {
        "all": [
            {
                "fact": "age_years",
                "op": "<=",
                "value": "20",
                "unit": "年",
                "label": "注册成立不超过 20 年",
                "label_en": "Registered no more than 20 years ago",
            },
            {
                "any": [
                    {
                        "all": [
                            {
                                "fact": "revenue_base",
                                "op": ">",
                                "value": {"param": "gazelle_base_min"},
                                "label": "基期营业收入 > 1,000 万元",
                                "label_en": "Base-year operating revenue > CNY 10 million",
                            },
                            {
                                "fact": "revenue_cagr_3y",
                                "op": ">=",
                                "value": {"param": "gazelle_revenue_cagr"},
                                "label": "近三年营业收入年均增长 ≥ 20%",
                                "label_en": "Operating revenue growth ≥ 20% a year over three years",
                            },
                        ]
                    },
                    {
                        "fact": "staff_cagr_3y",
                        "op": ">=",
                        "value": {"param": "gazelle_staff_cagr"},
                        "label": "近三年从业人数年均增长 ≥ 30%",
                        "label_en": "Employee growth ≥ 30% a year over three years",
                    },
                    {
                        "fact": "venture_funding",
                        "op": ">=",
                        "value": {"param": "gazelle_funding"},
                        "label": "获得股权投资 ≥ 1,000 万元",
                        "label_en": "Equity investment received ≥ CNY 10 million",
                    },
                ],
                "label": "高成长（任一）",
                "label_en": "High growth (any one)",
            },
            CLEAN,
        ]
    },
}

UNICORN = {
    "label": "独角兽企业（可配置）",
    "label_en": "Unicorn enterprise (configurable)",
    "params": {
        "unicorn_valuation": {
            "unit": "亿元",
            "note": "可配置（约 10 亿美元）",
            "values": [{"from": SINCE, "value": "70"}],
        }
    },
    "when": {
        "all": [
            {
                "fact": "age_years",
                "op": "<=",
                "value": "10",
                "unit": "年",
                "label": "注册成立不超过 10 年",
                "label_en": "Registered no more than 10 years ago",
            },
            {
                "fact": "valuation",
                "op": ">=",
                "value": {"param": "unicorn_valuation"},
                "label": "企业估值",
                "label_en": "Enterprise valuation",
            },
            CLEAN,
        ]
    },
}

LADDER = {
    "tech_sme": TECH_SME,
    "high_tech": HIGH_TECH,
    "eaglet": EAGLET,
    "gazelle": GAZELLE,
    "unicorn": UNICORN,
}
