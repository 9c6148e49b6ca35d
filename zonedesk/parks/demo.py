"""Demo parks of Lingyuan with buildings, units, leases, exits and incubation.

The article's figures come out of these rows, never typed: 同创产业园 has 15,200 ㎡ leasable
and 12,750 ㎡ leased on 2026-10-31 (入驻率 83.88% — "超过80%"), and 9 enterprises left it in
2026 (腾笼换鸟), 7 of them replaced by new tenants. Idempotent: written through the services once.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from zonedesk.core.actor import Actor
from zonedesk.demo.enterprises import LY_ENTERPRISES, credit_code
from zonedesk.enterprises.models import Enterprise
from zonedesk.enterprises.services import enterprise_create
from zonedesk.organisation.models import User
from zonedesk.organisation.services import reference_save
from zonedesk.parks import services
from zonedesk.parks.models import Building, Lease, Park, ParkKind, Unit

d = dt.date
TONGCHUANG = "同创产业园"
KINDS = {"智能制造孵化示范基地": ParkKind.INCUBATOR, "三星石墨烯标准化厂房": ParkKind.FACTORY}
NEW_PARKS = [
    ("北方新能源产业园", "凌源经济开发区（盘活中）", "闲置厂房盘活，改造后转为智能制造孵化示范基地配套")
]

# Tenants the register does not have yet: key, name, legal representative, GB/T 4754 division.
TENANTS = [
    ("T01", "凌源恒达塑料制品有限公司", "韩恒达", "29"),
    ("T02", "凌源金鼎铸件有限公司", "金鼎", "33"),
    ("T03", "凌源宏远包装材料有限公司", "宏远", "22"),
    ("T04", "凌源顺发建材有限公司", "孙顺发", "30"),
    ("T05", "凌源鑫旺五金加工厂有限公司", "王鑫", "33"),
    ("T06", "凌源福源纸制品有限公司", "福源", "22"),
    ("T07", "凌源广达机械修理有限公司", "广达", "43"),
    ("T08", "凌源兴业化工助剂有限公司", "兴业", "26"),
    ("T09", "凌源东升电器配件有限公司", "东升", "38"),
    ("N01", "凌源芯创半导体材料有限公司", "芯创", "39"),
    ("N02", "凌源新锐激光科技有限公司", "新锐", "35"),
    ("N03", "凌源氢能装备制造有限公司", "氢能", "34"),
    ("N04", "凌源碳谷新材料科技有限公司", "碳谷", "30"),
    ("C01", "凌源华信软件有限公司", "华信", "65"),
    ("C02", "凌源安泰检测认证有限公司", "安泰", "74"),
    ("C03", "凌源远景设计咨询有限公司", "远景", "74"),
    ("C04", "凌源云帆电子商务有限公司", "云帆", "51"),
    ("C05", "凌源聚力人力资源服务有限公司", "聚力", "72"),
    ("C06", "凌源卓越财税咨询有限公司", "卓越", "72"),
    ("C07", "凌源博远知识产权代理有限公司", "博远", "72"),
    ("C08", "凌源启明教育科技有限公司", "启明", "83"),
    ("B05", "凌源众合精密机械有限公司", "众合", "34"),
    ("B06", "凌源力拓汽车配件有限公司", "力拓", "36"),
]

# building, unit codes, area ㎡, kind, available since
TC_BUILDINGS = [
    ("1号标准厂房", 3, [f"A10{n}" for n in range(1, 7)], D("1200"), "factory", d(2020, 1, 1)),
    ("2号标准厂房", 3, [f"B10{n}" for n in range(1, 7)], D("1000"), "factory", d(2020, 1, 1)),
    ("综合办公楼", 5, [f"C20{n}" for n in range(1, 9)], D("250"), "office", d(2021, 1, 1)),
]
# unit -> (old tenant, start, end, exited on, reason, replacement tenant, replacement start, end)
TC_EXITS = {
    "A101": (
        "T01",
        d(2021, 3, 1),
        d(2027, 2, 28),
        d(2026, 1, 20),
        "inefficient",
        "N01",
        d(2026, 3, 1),
        d(2031, 2, 28),
    ),
    "A102": (
        "T02",
        d(2021, 3, 1),
        d(2026, 2, 28),
        d(2026, 2, 28),
        "expired",
        "N02",
        d(2026, 4, 1),
        d(2031, 3, 31),
    ),
    "A103": (
        "T03",
        d(2021, 6, 1),
        d(2027, 5, 31),
        d(2026, 3, 31),
        "breach",
        "WS",
        d(2026, 5, 1),
        d(2031, 4, 30),
    ),
    "A104": (
        "T04",
        d(2022, 1, 1),
        d(2027, 12, 31),
        d(2026, 4, 30),
        "inefficient",
        "N04",
        d(2026, 6, 1),
        d(2031, 5, 31),
    ),
    "A106": ("T05", d(2022, 1, 1), d(2027, 12, 31), d(2026, 9, 30), "moved", None, None, None),
    "B101": (
        "T06",
        d(2021, 1, 1),
        d(2026, 12, 31),
        d(2026, 5, 31),
        "transform",
        "N03",
        d(2026, 7, 1),
        d(2031, 6, 30),
    ),
    "B102": (
        "T07",
        d(2021, 1, 1),
        d(2026, 6, 30),
        d(2026, 6, 30),
        "expired",
        "BLMB",
        d(2026, 8, 1),
        d(2031, 7, 31),
    ),
    "B103": (
        "T08",
        d(2021, 7, 1),
        d(2027, 6, 30),
        d(2026, 7, 31),
        "inefficient",
        "KC",
        d(2026, 9, 1),
        d(2029, 8, 31),
    ),
    "B106": ("T09", d(2022, 5, 1), d(2027, 4, 30), d(2026, 10, 15), "moved", None, None, None),
}
# unit -> (tenant, start, end) of leases running through the period
TC_RUNNING = {
    "A105": ("ZB", d(2020, 6, 1), d(2030, 5, 31)),
    "B104": ("B05", d(2023, 3, 1), d(2028, 2, 28)),
    "B105": ("B06", d(2024, 1, 1), d(2026, 12, 31)),
    **{
        f"C20{n}": (f"C0{n}", d(2022, 1, 1) + dt.timedelta(days=31 * n), d(2027, 12, 31)) for n in range(1, 8)
    },
    "C208": ("C08", d(2021, 1, 1), d(2025, 6, 30)),  # expired last year: vacant since
}
NOTES = {
    "inefficient": "亩均效益评价 D 类，协商退出",
    "expired": "租约到期不再续租",
    "breach": "拖欠租金超过 6 个月，依约解除",
    "moved": "迁往外地",
    "transform": "转型为仓储物流，不符合园区定位",
}

OTHER = {
    "智能制造孵化示范基地": [
        (
            "孵化楼",
            4,
            [f"F{n:02d}" for n in range(1, 11)],
            D("300"),
            "incubator",
            d(2025, 12, 1),
            {"F01": "FM", "F02": "FM", "F03": "ALD", "F04": "DX", "F05": "ALD"},
        )
    ],
    "庆鸿产业园": [
        (
            "1号厂房",
            2,
            ["Q101", "Q102", "Q103", "Q104"],
            D("1500"),
            "factory",
            d(2019, 1, 1),
            {"Q101": "TG", "Q102": "YX", "Q103": "ZJ"},
        )
    ],
    "中金寰华产业园": [
        (
            "智能终端厂房",
            4,
            ["H101", "H102", "H103", "H104"],
            D("2000"),
            "factory",
            d(2024, 1, 1),
            {"H101": "ZH", "H102": "JT", "H103": "ZY"},
        )
    ],
}
RENOVATING = {
    "北方新能源产业园": ("1号车间", ["N1", "N2", "N3"], D("3600")),
    "三星石墨烯标准化厂房": ("石墨烯厂房", ["S1", "S2"], D("4800")),
}


def _tenants(zone, clerk: User) -> dict[str, Enterprise]:
    actor = Actor(user=clerk, channel="command", label="demo_load")
    out = {}
    for key, *_rest, body in LY_ENTERPRISES:
        out[key] = Enterprise.objects.get(zone=zone, credit_code=credit_code(zone.region_code, body))
    for n, (key, name, rep, division) in enumerate(TENANTS, start=1):
        code = credit_code(zone.region_code, f"MATC{n:04d}")
        e = Enterprise.objects.filter(zone=zone, credit_code=code).first()
        if e is None:
            e = enterprise_create(
                actor=actor,
                zone=zone,
                data={
                    "credit_code": code,
                    "name": name,
                    "legal_representative": rep,
                    "industry_code": division,
                    "park": TONGCHUANG,
                    "address": f"{zone.name}{TONGCHUANG}",
                    "registered_on": d(2018, 1, 1),
                    "staff_size": 30,
                    "credit_grade": "",
                    "contact_name": rep,
                    "contact_phone": "0421-6800000",
                },
            )
        out[key] = e
    return out


def _building(actor, park, name, floors, codes, area, kind, since, status="leasable") -> dict[str, Unit]:
    b = services.building_create(actor=actor, park_id=park.pk, data={"name": name, "floors": floors})
    return {
        code: services.unit_create(
            actor=actor,
            building_id=b.pk,
            data={
                "code": code,
                "floor": int(code[1]) if code[1:2].isdigit() and code[1] != "0" else 1,
                "area_m2": area,
                "kind": kind,
                "status": status,
                "available_since": since,
            },
        )
        for code in codes
    }


def _lease(actor, unit, tenant, start, end, rent=D("12.00")) -> Lease:
    return services.lease_create(
        actor=actor,
        unit_id=unit.pk,
        data={
            "enterprise_id": tenant.pk,
            "start_on": start,
            "end_on": end,
            "rent_yuan_m2_month": rent,
            "free_months": 3 if start.year >= 2026 else 0,
            "deposit_yuan": unit.area_m2 * rent * 2,
            "contract_no": f"LY-ZL-{start.year}-{unit.code}",
        },
    )


def load(*, zones) -> None:
    zone = zones["LY"]
    system = Actor.system("demo_load")
    for name, address, note in NEW_PARKS:
        if not Park.objects.filter(zone=zone, name=name).exists():
            reference_save(
                actor=system,
                instance=Park(zone=zone, name=name, address=address, note=note),
                action="parks.park.create",
            )
    for name, kind in KINDS.items():
        park = Park.objects.get(zone=zone, name=name)
        if park.kind != kind:
            park.kind = kind
            reference_save(actor=system, instance=park, action="parks.park.update")
    if Building.objects.filter(zone=zone).exists():
        return
    officer = User.objects.get(username="investment")
    actor = Actor(user=officer, channel="command", label="demo_load")
    tenants = _tenants(zone, User.objects.get(username="window"))
    parks = {p.name: p for p in Park.objects.filter(zone=zone)}

    units: dict[str, Unit] = {}
    for name, floors, codes, area, kind, since in TC_BUILDINGS:
        units.update(_building(actor, parks[TONGCHUANG], name, floors, codes, area, kind, since))
    for code, (old, start, end, exited, reason, new, new_start, new_end) in TC_EXITS.items():
        lease = _lease(actor, units[code], tenants[old], start, end, D("10.50"))
        services.lease_exit(
            actor=actor,
            lease_id=lease.pk,
            exited_on=exited,
            reason=reason,
            replacement_id=tenants[new].pk if new else None,
            note=NOTES[reason],
        )
        if new:
            _lease(actor, units[code], tenants[new], new_start, new_end, D("13.00"))
    for code, (tenant, start, end) in TC_RUNNING.items():
        _lease(actor, units[code], tenants[tenant], start, end)

    for park_name, buildings in OTHER.items():
        for name, floors, codes, area, kind, since, leased in buildings:
            made = _building(actor, parks[park_name], name, floors, codes, area, kind, since)
            for code, key in leased.items():
                _lease(
                    actor, made[code], tenants[key], max(since, d(2025, 12, 1)), d(2028, 11, 30), D("8.00")
                )
    for park_name, (name, codes, area) in RENOVATING.items():
        _building(
            actor, parks[park_name], name, 1, codes, area, "factory", d(2026, 12, 31), status="renovating"
        )

    incubator = parks["智能制造孵化示范基地"]
    for key, started, graduated in (
        ("FM", d(2025, 12, 1), d(2026, 9, 30)),
        ("ALD", d(2025, 12, 1), None),
        ("DX", d(2025, 12, 15), None),
    ):
        row = services.incubation_start(
            actor=actor, park_id=incubator.pk, enterprise_id=tenants[key].pk, started_on=started
        )
        if graduated:
            services.incubation_graduate(actor=actor, incubation_id=row.pk, graduated_on=graduated)

    jp = zones["JP"]
    jp_park = Park.objects.filter(zone=jp).first()
    # Jianping has no park operator login: its rows are written as the deployment operator.
    jp_units = _building(
        Actor.system("demo_load"), jp_park, "东区1号厂房", 1, ["J1", "J2"], D("900"), "factory", d(2024, 1, 1)
    )
    jp_tenant = Enterprise.objects.filter(zone=jp).order_by("name").first()
    _lease(Actor.system("demo_load"), jp_units["J1"], jp_tenant, d(2024, 3, 1), d(2029, 2, 28))
