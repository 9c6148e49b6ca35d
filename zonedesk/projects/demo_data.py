"""The demo pipeline's data: named projects of the seed and the vocabulary the generator draws
plausible projects from (see demo.py for what the figures count)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

CHAINS = [
    "智能装备制造",
    "新能源汽车及零部件",
    "新材料",
    "钢铁补链延链",
    "现代农业",
    "通用航空/无人机",
    "新能源",
    "电子信息",
    "现代物流",
    "节能环保",
]
CHAINS_EN = {
    "智能装备制造": "Intelligent equipment manufacturing",
    "新能源汽车及零部件": "New energy vehicles and parts",
    "新材料": "New materials",
    "钢铁补链延链": "Steel chain extension",
    "现代农业": "Modern agriculture",
    "通用航空/无人机": "General aviation/drones",
    "新能源": "New energy",
    "电子信息": "Electronics and information",
    "现代物流": "Modern logistics",
    "节能环保": "Energy saving and environmental protection",
}

# username, name, zone (all hold the steward role: 3管家1助手)
STEWARDS = [
    ("steward-b", "钱宏伟", "LY"),
    ("steward-env", "冯晓东", "LY"),
    ("steward-safety", "吴安平", "LY"),
    ("steward-assist", "郑小雨", "LY"),
    ("jp-steward", "马晓峰", "JP"),
]

PRODUCTS = {
    "智能装备制造": [
        "数控机床零部件加工",
        "智能输送装备制造",
        "工业机器人集成应用",
        "矿山智能装备再制造",
        "精密减速器生产线",
        "液压元件智能制造",
        "智能焊接装备",
        "环保除尘设备制造",
    ],
    "新能源汽车及零部件": [
        "新能源汽车电机壳体",
        "汽车轻量化铝合金部件",
        "动力电池结构件",
        "汽车线束总成",
        "充电桩整机制造",
        "汽车制动系统部件",
    ],
    "新材料": [
        "高性能玻璃纤维",
        "石墨烯导热膜",
        "特种陶瓷材料",
        "硅基负极材料",
        "复合材料管道",
        "超薄电子玻璃",
        "碳纤维复合板材",
    ],
    "钢铁补链延链": [
        "高强度紧固件",
        "精密冷拔钢管",
        "焊接材料",
        "钢结构桥梁构件",
        "铸造用生铁深加工",
        "镀锌板深加工",
    ],
    "现代农业": [
        "设施农业大棚",
        "食用菌工厂化生产",
        "果蔬冷链加工",
        "中药材种植加工",
        "肉牛屠宰及精深加工",
        "杂粮精深加工",
    ],
    "通用航空/无人机": ["无人机飞控系统", "航空零部件精密加工", "植保无人机组装", "低空飞行服务站"],
    "新能源": ["分布式光伏发电", "储能电站", "生物质热电联产", "氢能综合利用示范", "风电塔筒制造"],
    "电子信息": ["智能传感器封装", "LED显示模组", "电子元器件", "5G通信基站配件", "工业互联网平台"],
    "现代物流": ["冷链物流园", "智慧仓储中心", "公铁联运物流"],
    "节能环保": ["固废资源化利用", "污水处理设备", "余热回收利用", "建筑垃圾再生骨料"],
}
# investors not yet registered here: (prefix, company, lead source)
INVESTORS = [
    ("青岛海融", "青岛海融实业有限公司", "青岛驻点招商"),
    ("青岛鲁信", "青岛鲁信智能科技有限公司", "青岛驻点招商"),
    ("青岛澳柯", "青岛澳柯新材料有限公司", "青岛驻点招商"),
    ("深圳创维", "深圳创维智造有限公司", "深圳驻点招商"),
    ("深圳华拓", "深圳华拓电子有限公司", "深圳驻点招商"),
    ("深圳前海", "深圳前海新能源投资有限公司", "深圳驻点招商"),
    ("沈阳华盛", "沈阳华盛装备有限公司", "以商招商"),
    ("大连港联", "大连港联物流有限公司", "产业链招商"),
    ("北京中科", "北京中科新材科技有限公司", "商会/中介推介"),
    ("天津津投", "天津津投环保科技有限公司", "产业园集群招商"),
    ("苏州锦程", "苏州锦程精密机械有限公司", "以商招商"),
    ("唐山冀东", "唐山冀东钢构有限公司", "产业链招商"),
    ("锦州辉达", "锦州辉达新能源有限公司", "产业园集群招商"),
    ("朝阳瑞丰", "朝阳瑞丰农业发展有限公司", "商会/中介推介"),
]
# demo enterprises by chain, for projects that have started (a project unit must be registered)
ENTERPRISES_BY_CHAIN = {
    "智能装备制造": ["FM", "TG", "YX"],
    "新能源汽车及零部件": ["HT", "ZY"],
    "新材料": ["ZB", "WS"],
    "钢铁补链延链": ["LG", "HG", "ZK"],
    "现代农业": ["BF"],
    "通用航空/无人机": ["ALD", "DX", "CH"],
    "新能源": ["WD"],
    "电子信息": ["ZH", "JT", "BLMB"],
    "现代物流": ["WL"],
    "节能环保": ["KC", "ZJ"],
}
SHORT = {
    "FM": "法马",
    "TG": "腾钢",
    "YX": "裕星",
    "HT": "航天凌河",
    "ZY": "卓艳",
    "ZB": "中玻",
    "WS": "炜盛",
    "LG": "凌钢",
    "HG": "宏钢",
    "ZK": "中宽",
    "BF": "渤丰",
    "ALD": "阿拉丁",
    "DX": "道信",
    "CH": "慈航",
    "WD": "微电站",
    "ZH": "兆华",
    "JT": "金图",
    "BLMB": "屏显",
    "WL": "绿色物流",
    "KC": "科创",
    "ZJ": "智慧交安",
}
ENTERPRISE_NAMES = {  # demo enterprise key -> name (zonedesk/demo/enterprises.py)
    "ZB": "中玻(朝阳)新材料有限公司",
    "FM": "法马(辽宁)智能设备有限公司",
    "TG": "腾钢机械制造有限责任公司",
    "WS": "辽宁炜盛新型复合材料有限公司",
    "HT": "辽宁航天凌河汽车有限公司",
    "LG": "凌源钢铁集团有限责任公司",
    "BF": "凌源市渤丰现代农业示范园有限公司",
    "ALD": "阿拉丁无人机科技(凌源)有限公司",
    "HG": "凌源宏钢集团有限公司",
    "ZH": "凌源兆华智能终端制造有限公司",
    "JT": "凌源金图智能穿戴科技有限公司",
    "BLMB": "凌源玻璃面板与智能屏幕制造有限公司",
    "WL": "凌源新能源智能绿色物流有限公司",
    "ZJ": "凌源智慧交安科技有限公司",
    "ZK": "凌源中宽冷轧带钢有限公司",
    "CH": "凌源慈航通用航空有限公司",
    "ZY": "保定卓艳汽车零部件(凌源)有限公司",
    "DX": "北京道信无人机科技(凌源)有限公司",
    "WD": "凌源微电站微风发电有限公司",
    "YX": "凌源裕星精密铸造有限公司",
    "KC": "凌源科创检测技术服务有限公司",
}
PARKS = ["同创产业园", "智能制造孵化示范基地", "庆鸿产业园", "中金寰华产业园"]
STEEL_COKE = "凌钢集团钢焦一体及配套设施项目"

D = dt.date


# Named projects: name, 亿元, chain, enterprise key, group, key?, extra fields.
# Groups: new (started 2026), cont (started earlier, building into 2026), sign26 (signed 2026,
# not started), neg (在谈), res (储备).
NAMED = [
    (
        "凌源智能制造产业园(一期)建设项目",
        "6.2",
        "智能装备制造",
        "FM",
        "new",
        True,
        {"started_on": D(2026, 4, 16)},
    ),
    (
        "新能源智能绿色物流综合服务体项目",
        "2.8",
        "现代物流",
        "WL",
        "new",
        True,
        {"started_on": D(2026, 3, 20), "partial_use_on": D(2026, 9, 28), "parent": STEEL_COKE},
    ),
    (
        "智慧交安和5G智慧合杆项目",
        "2",
        "电子信息",
        "ZJ",
        "new",
        False,
        {"started_on": D(2026, 2, 24), "production_on": D(2026, 9, 15)},
    ),
    (
        "金图智能穿戴产品装备制造项目",
        "1.6",
        "电子信息",
        "JT",
        "new",
        False,
        {"started_on": D(2026, 6, 8), "signed_on": D(2026, 3, 18)},
    ),
    (
        "兆华智能终端制造项目",
        "1.6",
        "电子信息",
        "ZH",
        "new",
        False,
        {"started_on": D(2026, 5, 19), "signed_on": D(2026, 2, 26)},
    ),
    (
        "玻璃面板与智能屏幕制造项目",
        "1.5",
        "新材料",
        "BLMB",
        "new",
        False,
        {"started_on": D(2026, 7, 2), "signed_on": D(2026, 4, 10)},
    ),
    (
        "智能制造孵化示范基地项目",
        "1.5",
        "智能装备制造",
        None,
        "new",
        True,
        {
            "started_on": D(2026, 3, 9),
            "expected_completion": D(2026, 12, 31),
            "park": "智能制造孵化示范基地",
            "investor_name": "凌源经开发展投资集团有限公司",
            "self_built": "是",
            "note": "计划12月封园",
        },
    ),
    (
        "中宽冷轧带钢项目",
        "12.5",
        "钢铁补链延链",
        "ZK",
        "new",
        True,
        {"started_on": D(2026, 5, 6), "parent": STEEL_COKE},
    ),
    (
        "保定卓艳汽车零部件生产基地项目",
        "0.5",
        "新能源汽车及零部件",
        "ZY",
        "new",
        True,
        {"started_on": D(2026, 8, 12), "signed_on": D(2026, 5, 22)},
    ),
    (
        STEEL_COKE,
        "66",
        "钢铁补链延链",
        "LG",
        "cont",
        True,
        {
            "started_on": D(2025, 5, 18),
            "expected_output": "1500000",
            "expected_tax": "80000",
            "expected_jobs": 2000,
            "note": "抢抓鞍凌重组机遇；建成后新增年产值150亿元、年税收8亿元、就业2000人",
        },
    ),
    (
        "凌钢超低排放改造二期工程",
        "13.4",
        "钢铁补链延链",
        "LG",
        "cont",
        True,
        {
            "started_on": D(2025, 3, 26),
            "expected_completion": D(2026, 12, 31),
            "note": "一期建设内容预计年底完成",
        },
    ),
    (
        "阿拉丁无人机智慧工厂项目",
        "1.2",
        "通用航空/无人机",
        "ALD",
        "cont",
        True,
        {"started_on": D(2025, 4, 15), "production_on": D(2026, 6, 18)},
    ),
    (
        "宏钢集团中水回用处理项目",
        "1.2",
        "节能环保",
        "HG",
        "cont",
        False,
        {"started_on": D(2025, 6, 10), "production_on": D(2026, 5, 20), "note": "已投入运营"},
    ),
    ("微电站分散型微风发电项目", "15", "新能源", "WD", "sign26", True, {"signed_on": D(2026, 6, 26)}),
    ("慈航通用航空机场项目", "3", "通用航空/无人机", "CH", "sign26", True, {"signed_on": D(2026, 4, 28)}),
    (
        "北京道信无人机试飞基地、科普基地及产业服务基地建设项目",
        "0.3",
        "通用航空/无人机",
        "DX",
        "sign26",
        True,
        {"signed_on": D(2026, 7, 30)},
    ),
    (
        "新型装配式钢结构智能制造项目",
        "9.7",
        "钢铁补链延链",
        None,
        "sign26",
        True,
        {"signed_on": D(2026, 9, 16), "parent": STEEL_COKE, "investor_name": "唐山冀东钢构有限公司"},
    ),
    (
        "凌钢钢渣综合利用项目",
        "6",
        "钢铁补链延链",
        None,
        "neg",
        False,
        {"parent": STEEL_COKE, "investor_name": "北京中科新材科技有限公司"},
    ),
    (
        "焦化副产品深加工项目",
        "4",
        "钢铁补链延链",
        None,
        "res",
        False,
        {"parent": STEEL_COKE, "investor_name": "天津津投环保科技有限公司"},
    ),
]

# (group, how many projects, total 亿元 or None for free amounts)
SIGNED_2026_TOTAL = Decimal("97.49")
SIGNED_2026_COUNT = 55
NEW_SIGNED_2026 = 10  # of the 36 new projects, signed in 2026 (the rest signed in 2025)
RESERVE, NEGOTIATING, SIGNED_2025, DONE_EARLIER = 103, 32, 5, 8
KEY_TARGET = 22
