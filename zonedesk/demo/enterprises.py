"""Demo enterprises: those named in the seed article plus plausible neighbours.

Credit codes are built valid for the zone's region (GB 32100-2015) from fixed organisation
bodies, so every run produces the same codes and re-running adds nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zonedesk.core.actor import Actor
from zonedesk.enterprises import creditcode
from zonedesk.enterprises.industries import divisions
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, FlagKind, Industry
from zonedesk.enterprises.services import (
    enterprise_create,
    enterprise_figures_set,
    enterprise_flag_add,
    enterprise_flag_remove,
)
from zonedesk.organisation.models import User, Zone
from zonedesk.parks.models import Park

LY_PARKS = [
    ("同创产业园", "凌源经济开发区同创路"),
    ("智能制造孵化示范基地", "原北方新能源产业园"),
    ("庆鸿产业园", "凌源经济开发区庆鸿街"),
    ("中金寰华产业园", "凌源经济开发区寰华路"),
    ("三星石墨烯标准化厂房", "凌源经济开发区"),
]

# key, name, legal rep, division, park, registered, staff, grade, tier, org body
LY_ENTERPRISES = [
    ("ZB", "中玻(朝阳)新材料有限公司", "陈立群", "30", "同创产业园", "2012-05-18", 460, "AA", "high_tech", "MA0QZB01"),
    ("FM", "法马(辽宁)智能设备有限公司", "马法良", "35", "智能制造孵化示范基地", "2022-03-09", 120, "A", "tech_sme", "MA7FM002"),
    ("TG", "腾钢机械制造有限责任公司", "滕永刚", "34", "庆鸿产业园", "2008-11-02", 260, "A", "", "7A4TG003"),
    ("WS", "辽宁炜盛新型复合材料有限公司", "李炜盛", "30", "同创产业园", "2010-07-21", 380, "AA", "high_tech", "5WS00004"),
    ("HT", "辽宁航天凌河汽车有限公司", "王远航", "36", None, "2003-09-15", 1200, "AAA", "high_tech", "24HT0005"),
    ("LG", "凌源钢铁集团有限责任公司", "刘铁钢", "31", None, "1998-06-30", 8600, "AAA", "", "12LG0006"),
    ("RX", "凌源日兴矿业有限公司", "田兴旺", "08", None, "2006-04-12", 310, "A", "", "6RX00007"),
    ("BF", "凌源市渤丰现代农业示范园有限公司", "蔡渤丰", "01", None, "2014-03-27", 95, "A", "tech_sme", "MA0BF008"),
    ("ALD", "阿拉丁无人机科技(凌源)有限公司", "丁立新", "37", "智能制造孵化示范基地", "2021-08-06", 150, "A", "eaglet", "MA1AL009"),
    ("HG", "凌源宏钢集团有限公司", "宋宏伟", "31", None, "2005-10-10", 900, "AA", "", "8HG00010"),
    ("ZH", "凌源兆华智能终端制造有限公司", "赵兆华", "39", "中金寰华产业园", "2024-02-19", 60, "A", "", "MACZH011"),
    ("JT", "凌源金图智能穿戴科技有限公司", "金晓图", "39", "中金寰华产业园", "2024-05-08", 48, "B", "", "MACJT012"),
    ("BLMB", "凌源玻璃面板与智能屏幕制造有限公司", "林海屏", "39", "同创产业园", "2024-06-21", 70, "A", "", "MACBL013"),
    ("WL", "凌源新能源智能绿色物流有限公司", "吴长流", "59", None, "2023-04-11", 130, "A", "", "MA9WL014"),
    ("ZJ", "凌源智慧交安科技有限公司", "郑交安", "65", "庆鸿产业园", "2023-01-16", 85, "A", "tech_sme", "MA8ZJ015"),
    ("ZK", "凌源中宽冷轧带钢有限公司", "钟宽民", "31", None, "2024-09-03", 210, "B", "", "MACZK016"),
    ("CH", "凌源慈航通用航空有限公司", "慈晓航", "56", None, "2024-11-12", 40, "", "", "MACCH017"),
    ("ZY", "保定卓艳汽车零部件(凌源)有限公司", "卓艳红", "36", "中金寰华产业园", "2025-03-18", 65, "A", "", "MADZY018"),
    ("DX", "北京道信无人机科技(凌源)有限公司", "秦道信", "37", "智能制造孵化示范基地", "2025-05-26", 32, "", "", "MADDX019"),
    ("WD", "凌源微电站微风发电有限公司", "魏东升", "44", None, "2025-02-14", 55, "A", "", "MADWD020"),
    ("YX", "凌源裕星精密铸造有限公司", "于星", "33", "庆鸿产业园", "2016-09-09", 140, "B", "", "MA0YX021"),
    ("KC", "凌源科创检测技术服务有限公司", "柯志创", "74", "同创产业园", "2019-12-02", 36, "A", "tech_sme", "MA0KC022"),
    ("NH", "凌源农恒食品有限公司", "农永恒", "13", None, "2013-08-19", 170, "C", "", "MA0NH023"),
]

JP_ENTERPRISES = [
    ("JP1", "建平盛德日新矿业有限公司", "盛德海", "08", None, "2009-05-05", 280, "A", "", "6JP00101"),
    ("JP2", "建平县兴源新能源有限公司", "孟兴源", "44", None, "2020-07-07", 75, "AA", "", "MA0JP102"),
    ("JP3", "建平鸿达农业发展有限公司", "韩鸿达", "01", None, "2015-03-03", 60, "B", "", "MA0JP103"),
]

FIGURES = {  # key -> (revenue 万元 2025, tax 万元 2025, R&D 万元 2025)
    "ZB": ("98500.00", "4120.50", "4380.00"), "FM": ("8600.00", "310.20", "690.00"),
    "TG": ("21300.00", "860.00", "420.00"), "WS": ("64200.00", "2710.80", "2950.00"),
    "HT": ("186000.00", "7350.00", "6820.00"), "LG": ("2280000.00", "61500.00", "31800.00"),
    "RX": ("45200.00", "3920.00", "310.00"), "BF": ("5300.00", "120.00", "260.00"),
    "ALD": ("12600.00", "380.00", "1420.00"), "ZJ": ("7400.00", "260.00", "610.00"),
    "KC": ("2100.00", "95.00", "240.00"),
}


def credit_code(region: str, body: str) -> str:
    # Organisation bodies are written as mnemonics; letters the charset excludes map to
    # their look-alike digits so the codes stay valid and stable.
    body = body.translate(str.maketrans("IOZSV", "1025U"))
    return creditcode.make(region, body)


def load_industries() -> None:
    existing = set(Industry.objects.values_list("code", flat=True))
    Industry.objects.bulk_create(
        [Industry(code=code, section=section, name=name)
         for section, code, name in divisions() if code not in existing]
    )


def load_parks(zone: Zone, actor: Actor) -> None:
    from zonedesk.organisation.services import reference_save

    for name, address in LY_PARKS if zone.code == "LY" else [("建平经济开发区东区", "建平县")]:
        if not Park.objects.filter(zone=zone, name=name).exists():
            reference_save(actor=actor, instance=Park(zone=zone, name=name, address=address),
                           action="parks.park.create")


def load_enterprises(zone: Zone, clerk: User, rows) -> dict[str, Enterprise]:
    actor = Actor(user=clerk, channel="command", label="demo_load")
    out: dict[str, Enterprise] = {}
    for key, name, rep, division, park, registered, staff, grade, tier, body in rows:
        code = credit_code(zone.region_code, body)
        e = Enterprise.objects.filter(zone=zone, credit_code=code).first()
        if e is None:
            e = enterprise_create(actor=actor, zone=zone, data={
                "credit_code": code, "name": name, "legal_representative": rep,
                "industry_code": division, "park": park or "",
                "address": f"{zone.name}{park or ''}", "registered_on": registered,
                "staff_size": staff, "credit_grade": grade,
                "credit_source": "辽宁省公共信用综合评价" if grade else "",
                "credit_valid_until": dt.date(2027, 6, 30) if grade else None,
                "contact_name": rep, "contact_phone": "0421-6800000",
            })
            if key in FIGURES:
                revenue, tax, rd = (Decimal(v) for v in FIGURES[key])
                for year, factor in ((2024, Decimal("0.88")), (2025, Decimal("1"))):
                    tech = max(1, staff // 8) if tier else max(1, staff // 25)
                    enterprise_figures_set(actor=actor, enterprise_id=e.pk, data={
                        "year": year, "revenue": (revenue * factor).quantize(Decimal("0.01")),
                        "tax": (tax * factor).quantize(Decimal("0.01")),
                        "rd_spending": (rd * factor).quantize(Decimal("0.01")),
                        "staff": staff, "tech_staff": tech,
                    })
            if key == "NH":
                enterprise_flag_add(actor=actor, enterprise_id=e.pk,
                                    kind=FlagKind.ABNORMAL_OPERATION, listed_on=dt.date(2026, 3, 12),
                                    source="国家企业信用信息公示系统", note="未按期公示年度报告")
            if key == "YX":
                flag = enterprise_flag_add(actor=actor, enterprise_id=e.pk,
                                           kind=FlagKind.JUDGMENT_DEFAULTER,
                                           listed_on=dt.date(2024, 10, 8), source="中国执行信息公开网")
                enterprise_flag_remove(actor=actor, flag_id=flag.pk, removed_on=dt.date(2025, 4, 30))
        out[key] = e
    return out


__all__ = [
    "JP_ENTERPRISES",
    "LY_ENTERPRISES",
    "EnterpriseFlag",
    "load_enterprises",
    "load_industries",
    "load_parks",
]
