"""Demo standard land of Lingyuan: industry defaults, parcels with boundaries, sales with
commitments, one review passed and one failed with its consequence. Idempotent: every row
is written through the services, once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from zonedesk.core.actor import Actor
from zonedesk.enterprises.models import Enterprise, Industry
from zonedesk.land import rules, services
from zonedesk.land.models import IndicatorDefault, LandSetting, Parcel, ProductionReview
from zonedesk.organisation.models import User
from zonedesk.parks.models import Park

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# industry code -> investment intensity, far min, far max, tax per mu, energy per output
DEFAULTS = {
    "30": (D("300"), D("1.0"), D("2.0"), D("15"), D("0.45")),
    "34": (D("280"), D("1.2"), D("2.5"), D("15"), D("0.25")),
    "36": (D("320"), D("1.2"), D("2.5"), D("18"), D("0.20")),
    "39": (D("350"), D("1.5"), D("3.0"), D("20"), D("0.15")),
}
ENV = "污染物排放执行 GB 16297 二级标准，环评批复后方可开工"


def box(lon: float, lat: float, w: float = 0.004, h: float = 0.003) -> dict:
    ring = [[lon, lat], [lon + w, lat], [lon + w, lat + h], [lon, lat + h], [lon, lat]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


# code, location, 亩, industry, park, boundary, final status, sale (enterprise key, sold, price 万元,
# 达产 date), review (decided on, investment 万元, tax 万元, floor ㎡, energy tce, output 万元)
PARCELS = [
    (
        "LY-TC-03",
        "同创产业园北区三号地",
        D("120"),
        "30",
        "同创产业园",
        box(119.380, 41.236),
        rules.REVIEWED,
        ("ZB", dt.date(2022, 4, 18), D("2880"), dt.date(2025, 6, 30)),
        (dt.date(2026, 3, 16), D("39600"), D("2052.00"), D("128000"), D("14600"), D("41800")),
    ),
    (
        "LY-QH-30",
        "庆鸿产业园三十号地",
        D("60"),
        "34",
        "庆鸿产业园",
        box(119.392, 41.231),
        rules.REVIEWED,
        ("YX", dt.date(2021, 9, 6), D("1260"), dt.date(2024, 12, 31)),
        (dt.date(2026, 5, 20), D("11400"), D("378.00"), D("52000"), D("2100"), D("9800")),
    ),
    (
        "LY-TC-07",
        "同创产业园南区七号地",
        D("85.5"),
        "30",
        "同创产业园",
        box(119.386, 41.232),
        rules.PRODUCING,
        ("ZB", dt.date(2024, 7, 10), D("2137.5"), dt.date(2026, 6, 30)),
        None,
    ),
    (
        "LY-ZJ-01",
        "中金寰华产业园东侧一号地",
        D("45"),
        "39",
        "中金寰华产业园",
        box(119.398, 41.238),
        rules.ANNOUNCED,
        None,
        None,
    ),
    (
        "LY-ZJ-02",
        "中金寰华产业园东侧二号地",
        D("38.25"),
        "36",
        "中金寰华产业园",
        box(119.403, 41.238),
        rules.RESERVE,
        None,
        None,
    ),
    # Sold this year (拿地即开工): supplied, construction under way.
    (
        "LY-ZJ-03",
        "中金寰华产业园北侧三号地",
        D("52"),
        "39",
        "中金寰华产业园",
        box(119.398, 41.2425),
        rules.SUPPLIED,
        ("ZH", dt.date(2026, 8, 18), D("1560"), dt.date(2028, 8, 31)),
        None,
    ),
    ("LY-BF-01", "渤丰大街以北储备地", D("150"), None, None, None, rules.RESERVE, None, None),
]


def load(*, zones) -> None:
    zone = zones["LY"]
    officer = User.objects.get(username="investment")
    actor = Actor(user=officer, channel="command", label="demo_load")
    from django.db import transaction

    with transaction.atomic():
        LandSetting.objects.get_or_create(
            zone=zone, defaults={"review_after_months": 6, "review_warn_days": 45}
        )
        for code, (inv, lo, hi, tax, energy) in DEFAULTS.items():
            industry = Industry.objects.get(code=code)
            IndicatorDefault.objects.get_or_create(
                zone=zone,
                industry=industry,
                defaults={
                    "investment_intensity": inv,
                    "far_min": lo,
                    "far_max": hi,
                    "tax_per_mu": tax,
                    "energy_per_output": energy,
                    "environment": ENV,
                },
            )
    from zonedesk.demo.enterprises import LY_ENTERPRISES, credit_code

    by_key = {}
    for key, *_rest, body in LY_ENTERPRISES:
        code = credit_code(zone.region_code, body)
        by_key[key] = Enterprise.objects.filter(zone=zone, credit_code=code).first()
    parks = dict(Park.objects.filter(zone=zone).values_list("name", "pk"))
    for code, location, mu, industry, park, boundary, final, sale, review in PARCELS:
        if Parcel.objects.filter(zone=zone, code=code).exists():
            continue
        industry_id = (
            Industry.objects.filter(code=industry).values_list("pk", flat=True).first() if industry else None
        )
        p = services.parcel_create(
            actor=actor,
            zone=zone,
            data={
                "code": code,
                "location": location,
                "area_mu": mu,
                "land_use": "industrial",
                "industry_id": industry_id,
                "park_id": parks.get(park),
                "boundary": boundary,
            },
        )
        if final == rules.RESERVE:
            continue
        services.parcel_set_indicators(actor=actor, parcel_id=p.pk, data={}, version=p.version)
        p.refresh_from_db()
        services.parcel_move(actor=actor, parcel_id=p.pk, to_status=rules.ANNOUNCED, version=p.version)
        if sale is None:
            continue
        key, sold_on, price, due = sale
        p.refresh_from_db()
        ind = p.indicators.values()
        committed = {**ind, "tax_per_mu": ind["tax_per_mu"] + (D("2") if key == "ZB" else D("0"))}
        services.parcel_sell(
            actor=actor,
            parcel_id=p.pk,
            version=p.version,
            data={
                "enterprise_id": by_key[key].pk,
                "sold_on": sold_on,
                "price_wan": price,
                "production_due_on": due,
                **committed,
                "rectify_months": 12,
                "penalty_rate": D("1"),
                "reclaim_below": D("0.5"),
            },
        )
        for status in (rules.SUPPLIED, rules.PRODUCING)[: 1 if final == rules.SUPPLIED else 2]:
            p.refresh_from_db()
            services.parcel_move(actor=actor, parcel_id=p.pk, to_status=status, version=p.version)
        _zone_side_kept(actor, p)
        if review is None:
            continue
        on, investment, tax, floor, energy, output = review
        r = ProductionReview.objects.get(parcel=p)
        services.review_decide(
            actor=actor,
            review_id=r.pk,
            version=r.version,
            on=on,
            data={
                "investment_wan": investment,
                "tax_wan": tax,
                "tax_year": on.year - 1,
                "floor_area_m2": floor,
                "energy_tce": energy,
                "output_wan": output,
                "note": "按协议复核：税务部门出具的上年度纳税证明、固定资产投资审计报告",
            },
        )
    # Approval projects, assessments and pipeline projects refer to the demo parcels by key;
    # linked once, so a second load writes nothing (not even the sync's audit record).
    from zonedesk.audit.models import AuditRecord

    if not AuditRecord.objects.filter(action="land.parcel.link", zone_id=zone.pk).exists():
        services.parcel_links_sync(actor=actor, zone_id=zone.pk)


def _zone_side_kept(actor: Actor, parcel: Parcel) -> None:
    """A demo parcel that was handed over (已供地 or later) had the zone's side of its sale kept:
    the land delivered and the roads and water brought to it, each with its evidence, before
    its due date. Without this every historical sale would show as years overdue."""
    from django.utils import timezone

    from zonedesk.commitments import services as commitments

    today = timezone.localdate()
    for c in parcel.sale.zone_commitments.filter(status="open"):
        on = max(c.promised_on, min(c.due_on - dt.timedelta(days=15), today))
        evidence = "交地确认书" if c.kind == "land" else "配套设施接通验收单"
        commitments.commitment_evidence_add(
            actor=actor, commitment_id=c.pk, title=evidence, upload=(f"{evidence}.pdf", PDF)
        )
        commitments.commitment_fulfil(
            actor=actor, commitment_id=c.pk, fulfilled_on=on, note=f"{evidence}已签署，按期兑现"
        )
