"""Demo cultivation data for Lingyuan: the figures the ladder needs beyond the registry
(资产总额, 高新技术产品收入, 知识产权, expert scores...), certificates, two earlier years of figures
for the growth rates, then the computed tiers. Idempotent: what exists is left alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zonedesk.core.actor import Actor
from zonedesk.cultivation.models import EnterpriseFact, TierAssessment, TierCertificate
from zonedesk.cultivation.services import (
    enterprise_fact_record,
    listeners_paused,
    tier_certificate_record,
    tier_recompute,
)
from zonedesk.demo.enterprises import LY_ENTERPRISES, credit_code
from zonedesk.enterprises.models import Enterprise, EnterpriseYearFigure
from zonedesk.enterprises.services import enterprise_figures_set
from zonedesk.organisation.models import User

SOURCE = "演示数据"
# key -> {fact: value} for the reference year 2025 (0-year keys are flags)
FACTS = {
    "ZB": {
        "total_assets": "150000",
        "high_tech_revenue": "70000",
        "ip_class1": 6,
        "ip_class2": 14,
        "expert_score": "82",
        "key_tech_field": True,
        "talents": 4,
        "tech_transfer": "300",
    },
    "WS": {
        "total_assets": "88000",
        "high_tech_revenue": "41000",
        "ip_class1": 3,
        "expert_score": "76",
        "key_tech_field": True,
    },
    "HT": {
        "total_assets": "260000",
        "high_tech_revenue": "120000",
        "ip_class1": 9,
        "expert_score": "80",
        "key_tech_field": True,
        "talents": 6,
        "provincial_rd_center": True,
    },
    "FM": {
        "total_assets": "12000",
        "high_tech_revenue": "4800",
        "ip_class2": 2,
        "expert_score": "68",
        "key_tech_field": True,
        "talents": 2,
    },
    "ALD": {
        "total_assets": "18000",
        "high_tech_revenue": "9000",
        "ip_class2": 3,
        "expert_score": "78",
        "key_tech_field": True,
        "venture_funding": "3000",
    },
    "BF": {"total_assets": "9000", "ip_class2": 1},
    "ZJ": {"total_assets": "6000", "ip_class2": 2, "tech_transfer": "80"},
    "KC": {"total_assets": "1500", "ip_class2": 4, "tech_transfer": "120"},
    "TG": {"total_assets": "30000", "ip_class2": 1},
    "ZH": {"early_months": 3, "fixed_assets": "16000", "iit_paid": "86.5"},
    "BLMB": {"early_months": 2, "fixed_assets": "15000"},
    "JT": {"early_months": 0, "fixed_assets": "16000", "iit_paid": "40"},
}
# Earlier years (revenue, R&D, staff, tech staff) so the three-year rates can be computed
# (two climbers only: the registry's own tests read the others' figures as loaded there).
EARLIER = {
    "ALD": {2022: ("4200", "520", 60, 8), 2023: ("7400", "860", 95, 12)},
    "FM": {2022: ("5100", "400", 80, 10), 2023: ("6900", "560", 100, 12)},
}
CERTIFICATES = [
    ("ZB", "high_tech", "GR202421000087", "辽宁省科学技术厅", "2024-12-05", "2027-12-04"),
    ("WS", "high_tech", "GR202321001234", "辽宁省科学技术厅", "2023-12-10", "2026-12-09"),
    ("HT", "high_tech", "GR202521000311", "辽宁省科学技术厅", "2025-11-28", "2028-11-27"),
    ("BF", "tech_sme", "2025211382A0000112", "辽宁省科学技术厅", "2025-05-20", "2026-12-31"),
    ("ZJ", "tech_sme", "2025211382A0000157", "辽宁省科学技术厅", "2025-06-11", "2026-12-31"),
]


def _actor() -> Actor:
    return Actor(user=User.objects.get(username="investment"), channel="command", label="demo_load")


def load(*, zones) -> None:
    with listeners_paused():
        _load(zones)
    for z in zones.values():
        if not TierAssessment.objects.filter(zone=z).exists():
            tier_recompute(actor=Actor.system("demo_load"), zone_id=z.pk)


def _load(zones) -> None:
    zone = zones["LY"]
    actor = _actor()
    bodies = {row[0]: row[-1] for row in LY_ENTERPRISES}
    by_key = {
        k: Enterprise.objects.filter(zone=zone, credit_code=credit_code(zone.region_code, bodies[k])).first()
        for k in bodies
    }
    for key, years in EARLIER.items():
        e = by_key[key]
        for year, (revenue, rd, staff, tech) in years.items():
            if e and not EnterpriseYearFigure.objects.filter(enterprise=e, year=year).exists():
                enterprise_figures_set(
                    actor=actor,
                    enterprise_id=e.pk,
                    data={
                        "year": year,
                        "revenue": Decimal(revenue),
                        "rd_spending": Decimal(rd),
                        "staff": staff,
                        "tech_staff": tech,
                        "tax": (Decimal(revenue) * Decimal("0.04")).quantize(Decimal("0.01")),
                    },
                )
    for key, facts in FACTS.items():
        e = by_key[key]
        if e is None:
            continue
        for fact, value in facts.items():
            year = 0 if isinstance(value, bool) else 2025
            if not EnterpriseFact.objects.filter(enterprise=e, key=fact, year=year).exists():
                enterprise_fact_record(
                    actor=actor, enterprise_id=e.pk, key=fact, year=year, value=value, source=SOURCE
                )
    for key, tier, number, issuer, issued, until in CERTIFICATES:
        e = by_key[key]
        if e and not TierCertificate.objects.filter(zone=zone, tier=tier, number=number).exists():
            tier_certificate_record(
                actor=actor,
                enterprise_id=e.pk,
                tier=tier,
                number=number,
                issuer=issuer,
                issued_on=dt.date.fromisoformat(issued),
                valid_until=dt.date.fromisoformat(until),
            )
