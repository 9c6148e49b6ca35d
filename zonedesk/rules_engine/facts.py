"""The registry of named facts: every rule and benefit formula names facts from here only.

A fact has a kind (which decides the operators and units it accepts), a unit, and a source that
the trace shows next to the value. ``ratio_of`` marks a percentage computed from two other facts,
so a failed threshold can be explained in the numerator's unit ("还差研发投入 68.8 万元").
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


def gettext_noop(s: str) -> str:  # marks labels for the message catalogue without Django
    return s


MONEY, PERCENT, COUNT, NUMBER, BOOL, CODE = "money", "percent", "count", "number", "bool", "code"
NUMERIC_KINDS = frozenset({MONEY, PERCENT, COUNT, NUMBER})

# Money thresholds may be written in any of these units; values are compared in 万元.
MONEY_UNITS: dict[str, Decimal] = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}

ENTERPRISE, YEARLY, DERIVED, MANUAL, CERTIFIED = "enterprise", "yearly", "derived", "manual", "certified"


@dataclass(frozen=True)
class FactDef:
    key: str
    label: str
    kind: str
    unit: str = ""
    origin: str = ENTERPRISE  # where the value comes from (enterprise, yearly, derived, manual, certified)
    ratio_of: tuple[str, str] | None = None  # percent = numerator ÷ denominator × 100
    choices: tuple[str, ...] = ()  # allowed values of a code fact (empty: any text)
    help: str = ""
    # A flag the zone records when it happens: no record means "no" (shown as such in the trace).
    absent_means: bool | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS


_TIERS = ("", "tech_sme", "high_tech", "eaglet", "gazelle", "unicorn")
CHOICE_LABELS = {
    "tier": {
        "": gettext_noop("未入库"),
        "tech_sme": gettext_noop("科技型中小企业"),
        "high_tech": gettext_noop("高新技术企业"),
        "eaglet": gettext_noop("雏鹰企业"),
        "gazelle": gettext_noop("瞪羚企业"),
        "unicorn": gettext_noop("独角兽企业"),
    },
}
_GRADES = ("AAA", "AA", "A", "B", "C", "D", "")

FACTS: dict[str, FactDef] = {
    f.key: f
    for f in (
        # Enterprise register
        FactDef(
            "age_years",
            gettext_noop("成立年限"),
            NUMBER,
            "年",
            ENTERPRISE,
            help=gettext_noop("按成立日期计至评价日"),
        ),
        FactDef("staff", gettext_noop("职工总数"), COUNT, "人", YEARLY),
        FactDef("industry", gettext_noop("所属行业（大类代码）"), CODE, "", ENTERPRISE),
        FactDef("park", gettext_noop("所在产业园"), CODE, "", ENTERPRISE),
        FactDef("credit_grade", gettext_noop("信用等级"), CODE, "", ENTERPRISE, choices=_GRADES),
        FactDef("dishonest", gettext_noop("列入严重失信或失信被执行人名单"), BOOL, "", ENTERPRISE),
        FactDef("abnormal", gettext_noop("列入经营异常名录"), BOOL, "", ENTERPRISE),
        # Yearly figures (the registry's 年度数据)
        FactDef("revenue", gettext_noop("营业收入"), MONEY, "万元", YEARLY),
        FactDef("tax", gettext_noop("纳税额"), MONEY, "万元", YEARLY),
        FactDef("rd_spending", gettext_noop("研发投入"), MONEY, "万元", YEARLY),
        FactDef("tech_staff", gettext_noop("科技人员数"), COUNT, "人", YEARLY),
        # Yearly figures entered in the cultivation register (EnterpriseFact)
        FactDef("high_tech_revenue", gettext_noop("高新技术产品（服务）收入"), MONEY, "万元", MANUAL),
        FactDef("total_assets", gettext_noop("资产总额"), MONEY, "万元", MANUAL),
        FactDef("total_cost", gettext_noop("成本费用支出总额"), MONEY, "万元", MANUAL),
        FactDef("venture_funding", gettext_noop("获得股权投资（近三年累计）"), MONEY, "万元", MANUAL),
        FactDef("fixed_assets", gettext_noop("固定资产投资"), MONEY, "万元", MANUAL),
        FactDef("energy", gettext_noop("综合能耗"), NUMBER, "吨标准煤", MANUAL),
        FactDef("land_area", gettext_noop("用地面积"), NUMBER, "亩", MANUAL),
        FactDef("valuation", gettext_noop("企业估值"), MONEY, "万元", MANUAL),
        FactDef("ip_class1", gettext_noop("Ⅰ类知识产权（有效）"), COUNT, "项", MANUAL),
        FactDef("ip_class2", gettext_noop("Ⅱ类知识产权（有效）"), COUNT, "项", MANUAL),
        FactDef("expert_score", gettext_noop("创新能力专家评分"), NUMBER, "分", MANUAL),
        FactDef("key_tech_field", gettext_noop("核心技术属于国家重点支持的高新技术领域"), BOOL, "", MANUAL),
        FactDef(
            "major_incident",
            gettext_noop("近一年发生重大安全、质量事故或严重环境违法"),
            BOOL,
            "",
            MANUAL,
            absent_means=False,
        ),
        FactDef(
            "national_award",
            gettext_noop("近五年获国家级科技奖励（前三名）"),
            BOOL,
            "",
            MANUAL,
            absent_means=False,
        ),
        FactDef(
            "provincial_rd_center",
            gettext_noop("拥有省部级以上研发机构"),
            BOOL,
            "",
            MANUAL,
            absent_means=False,
        ),
        FactDef(
            "led_standard",
            gettext_noop("近五年主导制定国际、国家或行业标准"),
            BOOL,
            "",
            MANUAL,
            absent_means=False,
        ),
        FactDef("early_months", gettext_noop("提前达产月数"), COUNT, "月", MANUAL),
        FactDef("iit_paid", gettext_noop("高管及技术骨干缴纳个人所得税"), MONEY, "万元", MANUAL),
        FactDef("talents", gettext_noop("引进高层次人才"), COUNT, "人", MANUAL),
        FactDef("tech_transfer", gettext_noop("技术合同成交额"), MONEY, "万元", MANUAL),
        # Certified tiers (a certificate with number and validity) and the computed tier
        FactDef("certified_high_tech", gettext_noop("持有有效高新技术企业证书"), BOOL, "", CERTIFIED),
        FactDef("certified_tech_sme", gettext_noop("科技型中小企业入库（有效）"), BOOL, "", CERTIFIED),
        FactDef("tier", gettext_noop("培育层级"), CODE, "", CERTIFIED, choices=_TIERS),
        # Derived
        FactDef(
            "rd_ratio",
            gettext_noop("研发投入占营业收入比例"),
            PERCENT,
            "%",
            DERIVED,
            ratio_of=("rd_spending", "revenue"),
        ),
        FactDef(
            "rd_ratio_3y",
            gettext_noop("近三年研发费用占同期收入比例"),
            PERCENT,
            "%",
            DERIVED,
            ratio_of=("rd_spending_3y", "revenue_3y"),
        ),
        FactDef("rd_spending_3y", gettext_noop("近三年研发费用总额"), MONEY, "万元", DERIVED),
        FactDef("revenue_3y", gettext_noop("近三年营业收入总额"), MONEY, "万元", DERIVED),
        FactDef(
            "rd_cost_ratio",
            gettext_noop("研发费用占成本费用支出比例"),
            PERCENT,
            "%",
            DERIVED,
            ratio_of=("rd_spending", "total_cost"),
        ),
        FactDef(
            "tech_staff_ratio",
            gettext_noop("科技人员占职工总数比例"),
            PERCENT,
            "%",
            DERIVED,
            ratio_of=("tech_staff", "staff"),
        ),
        FactDef(
            "high_tech_revenue_ratio",
            gettext_noop("高新技术产品收入占总收入比例"),
            PERCENT,
            "%",
            DERIVED,
            ratio_of=("high_tech_revenue", "revenue"),
        ),
        FactDef("revenue_growth", gettext_noop("营业收入增长率（上年比）"), PERCENT, "%", DERIVED),
        FactDef("revenue_cagr_3y", gettext_noop("近三年营业收入年均增长率"), PERCENT, "%", DERIVED),
        FactDef("revenue_base", gettext_noop("增长率基期营业收入"), MONEY, "万元", DERIVED),
        FactDef("staff_cagr_3y", gettext_noop("近三年从业人数年均增长率"), PERCENT, "%", DERIVED),
        FactDef(
            "tax_per_mu",
            gettext_noop("亩均税收"),
            NUMBER,
            "万元/亩",
            DERIVED,
            help=gettext_noop("纳税额 ÷ 用地面积"),
        ),
    )
}


def fact(key: str) -> FactDef:
    return FACTS[key]
