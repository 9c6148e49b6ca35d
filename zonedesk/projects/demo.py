"""The demo pipeline: Lingyuan reproduces the seed's figures for the reporting year 2026, and
Jianping has a small pipeline of its own.

What the seed's figures count (computed by zonedesk.projects.figures, never typed in):
- 新建 36 / 111.49亿元: construction started in 2026 (those already in production included);
- 续建 24 / 96.1亿元: started before 2026 and not in production before 2026;
- 签约 55 / 97.49亿元: investment agreement signed in 2026, whatever the stage now;
- 储备 103, 在谈 32: the stage as of the end of the period (today while it runs);
- 重点 22: key projects in the pipeline during the period.

Named projects carry the seed's amounts and states; the rest are generated from a fixed seed
(plausible industry-chain names, amounts with two decimals in 亿元) and the unnamed amounts of
each group are apportioned so the group totals come out exactly. Rows go through
services.project_bulk_load (the same checks as the Excel import); a second load adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from zonedesk.core.actor import Actor
from zonedesk.demo.people import DEMO_PASSWORD, SYSTEM
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User, Zone
from zonedesk.organisation.roles import Role
from zonedesk.organisation.services import user_create
from zonedesk.projects.demo_data import (
    CHAINS,
    CHAINS_EN,
    DONE_EARLIER,
    ENTERPRISE_NAMES,
    ENTERPRISES_BY_CHAIN,
    INVESTORS,
    KEY_TARGET,
    NAMED,
    NEGOTIATING,
    NEW_SIGNED_2026,
    PARKS,
    PRODUCTS,
    RESERVE,
    SHORT,
    SIGNED_2025,
    SIGNED_2026_COUNT,
    SIGNED_2026_TOTAL,
    STEWARDS,
    D,
)
from zonedesk.projects.models import IndustryChain, Project, StageSetting
from zonedesk.projects.rules import DEFAULT_THRESHOLDS
from zonedesk.projects.services import project_bulk_load


def _split(rng: random.Random, n: int, total_cents: int) -> list[int]:
    """n positive amounts in 0.01亿 adding up to total_cents exactly, spread like a real list."""
    weights = [rng.lognormvariate(0, 0.7) for _ in range(n)]
    s = sum(weights)
    cents = [max(10, int(total_cents * w / s)) for w in weights]
    diff = total_cents - sum(cents)
    order = sorted(range(n), key=lambda i: -cents[i])
    i = 0
    while diff != 0:
        j = order[i % n]
        step = 1 if diff > 0 else -1
        if cents[j] + step >= 10:
            cents[j] += step
            diff -= step
        i += 1
    return cents


def _cents(text: str) -> int:
    return int(Decimal(text) * 100)


def _sum_cents(rows: list[dict]) -> int:
    return sum(int(Decimal(r["total_investment"]) / 100) for r in rows)


def _wan(cents: int) -> str:
    return str(Decimal(cents) * 100)  # 0.01亿 = 100万元


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


class _Names:
    def __init__(self, taken: set[str]) -> None:
        self.taken = set(taken)

    def make(self, base: str) -> str:
        name = f"{base}项目"
        for suffix in ("(二期)", "(三期)", "(四期)", "(扩建)", "(技改)"):
            if name not in self.taken:
                break
            name = f"{base}项目{suffix}"
        self.taken.add(name)
        return name


def _stewards(zone_code: str) -> dict[str, str]:
    if zone_code == "JP":
        return {
            "project_steward": "jp-steward",
            "env_steward": "jp-steward",
            "safety_steward": "jp-steward",
            "assistant": "jp-steward",
        }
    return {
        "project_steward": "steward",
        "env_steward": "steward-env",
        "safety_steward": "steward-safety",
        "assistant": "steward-assist",
    }


def ly_rows(region: str = "211382") -> list[dict]:
    """The Lingyuan pipeline as import rows (pure data; deterministic)."""
    rng = random.Random(20261128)
    named_names = {n[0] for n in NAMED}
    names = _Names(named_names)
    rows: list[dict] = []
    serial = iter(range(100001, 999999, 37))

    def code(signed: dt.date) -> str:
        return f"{signed:%y%m}-{region}-04-01-{next(serial):06d}"

    def started_row(name, cents, chain, key, started, production=None, signed=None, **extra):
        signed = signed or _day(rng, started - dt.timedelta(days=300), started - dt.timedelta(days=40))
        negotiating = signed - dt.timedelta(days=rng.randint(30, 150))
        entered = negotiating - dt.timedelta(days=rng.randint(20, 200))
        row = {
            "name": name,
            "total_investment": _wan(cents),
            "chain": chain,
            "enterprise": ENTERPRISE_NAMES[key] if key else "",
            "investor_name": extra.pop("investor_name", ENTERPRISE_NAMES.get(key, "")),
            "lead_source": extra.pop("lead_source", "本地企业增资扩产" if key else "产业园集群招商"),
            "park": extra.pop("park", rng.choice(PARKS)),
            "yearly_investment": _wan(max(10, cents * rng.randint(35, 70) // 100)),
            "project_code": code(signed),
            "stage": "投产" if production else "开工建设",
            "entered_on": entered,
            "negotiating_on": negotiating,
            "signed_on": signed,
            "started_on": started,
            "production_on": production,
            "is_key": extra.pop("is_key", False),
            **_stewards("LY"),
            **extra,
        }
        # Two project stewards share the started projects; 孙志强 keeps the named and key ones.
        if not (row["is_key"] or name in named_names):
            row["project_steward"] = "steward-b"
        return row

    # 1. named projects
    named_by_group: dict[str, list[dict]] = {"new": [], "cont": [], "sign26": [], "neg": [], "res": []}
    for name, amount, chain, key, group, is_key, extra in NAMED:
        extra = dict(extra)
        cents = _cents(amount)
        if group in ("new", "cont"):
            row = started_row(
                name,
                cents,
                chain,
                key,
                extra.pop("started_on"),
                extra.pop("production_on", None),
                extra.pop("signed_on", None)
                or (
                    _day(rng, D(2025, 3, 1), D(2025, 12, 20))
                    if group == "new"
                    else _day(rng, D(2024, 3, 1), D(2024, 12, 20))
                ),
                is_key=is_key,
                **extra,
            )
        else:
            row = _pre_start_row(rng, name, cents, chain, key, group, is_key, extra)
        named_by_group[group].append(row)

    # 2. 新建: 36 in all, 111.49亿
    new_named = named_by_group["new"]
    free_cents = _split(rng, 36 - len(new_named), _cents("111.49") - _sum_cents(new_named))
    new_rows = list(new_named)
    signed_2026_new = sum(1 for r in new_named if r["signed_on"].year == 2026)
    for i, cents in enumerate(free_cents):
        chain = CHAINS[i % len(CHAINS)]
        key = rng.choice(ENTERPRISES_BY_CHAIN[chain])
        started = _day(rng, D(2026, 1, 10), D(2026, 10, 30))
        production = None
        if started < D(2026, 5, 1) and i % 4 == 0:
            production = _day(rng, started + dt.timedelta(days=90), D(2026, 10, 31))
        if signed_2026_new < NEW_SIGNED_2026:
            signed = _day(rng, D(2026, 1, 5), started - dt.timedelta(days=1))
            signed_2026_new += 1
        else:
            signed = _day(rng, D(2025, 2, 1), D(2025, 12, 28))
        name = names.make(SHORT[key] + rng.choice(PRODUCTS[chain]))
        new_rows.append(started_row(name, cents, chain, key, started, production, signed))
    rows += new_rows

    # 3. 续建: 24 in all, 96.1亿
    cont_named = named_by_group["cont"]
    free_cents = _split(rng, 24 - len(cont_named), _cents("96.1") - _sum_cents(cont_named))
    rows += cont_named
    for i, cents in enumerate(free_cents):
        chain = CHAINS[(i + 3) % len(CHAINS)]
        key = rng.choice(ENTERPRISES_BY_CHAIN[chain])
        started = _day(rng, D(2024, 4, 1), D(2025, 11, 30))
        production = _day(rng, D(2026, 3, 1), D(2026, 10, 31)) if i % 5 == 0 else None
        name = names.make(SHORT[key] + rng.choice(PRODUCTS[chain]))
        rows.append(
            started_row(
                name,
                cents,
                chain,
                key,
                started,
                production,
                _day(rng, started - dt.timedelta(days=200), started - dt.timedelta(days=30)),
            )
        )

    # 4. 签约 in 2026: 55 projects, 97.49亿, counting the new projects signed in 2026
    signed_new = [r for r in new_rows if r["signed_on"].year == 2026]
    sign_named = named_by_group["sign26"]
    n_free = SIGNED_2026_COUNT - len(signed_new) - len(sign_named)
    remaining = _cents(str(SIGNED_2026_TOTAL)) - _sum_cents([*signed_new, *sign_named])
    rows += sign_named
    for i, cents in enumerate(_split(rng, n_free, remaining)):
        rows.append(
            _pre_start_row(rng, None, cents, CHAINS[i % len(CHAINS)], None, "sign26", False, {}, names=names)
        )
    # a few signed in 2025 and not started yet (they age in 签约)
    for i in range(SIGNED_2025):
        cents = rng.randint(30, 500)
        rows.append(
            _pre_start_row(
                rng, None, cents, CHAINS[(i + 5) % len(CHAINS)], None, "sign25", False, {}, names=names
            )
        )

    # 5. 在谈 and 储备
    rows += named_by_group["neg"]
    for i in range(NEGOTIATING - len(named_by_group["neg"])):
        rows.append(
            _pre_start_row(
                rng,
                None,
                rng.randint(20, 1200),
                CHAINS[(i + 2) % len(CHAINS)],
                None,
                "neg",
                False,
                {},
                names=names,
            )
        )
    rows += named_by_group["res"]
    for i in range(RESERVE - len(named_by_group["res"])):
        rows.append(
            _pre_start_row(
                rng,
                None,
                rng.randint(20, 800),
                CHAINS[(i + 7) % len(CHAINS)],
                None,
                "res",
                False,
                {},
                names=names,
            )
        )

    # 6. in production before 2026 (neither 新建 nor 续建)
    for i in range(DONE_EARLIER):
        chain = CHAINS[(i + 1) % len(CHAINS)]
        key = rng.choice(ENTERPRISES_BY_CHAIN[chain])
        started = _day(rng, D(2022, 4, 1), D(2024, 6, 30))
        production = _day(rng, started + dt.timedelta(days=200), D(2025, 12, 20))
        rows.append(
            started_row(
                names.make(SHORT[key] + rng.choice(PRODUCTS[chain])),
                rng.randint(50, 900),
                chain,
                key,
                started,
                production,
            )
        )

    # 7. key projects: the named ones plus the largest of the rest still in the pipeline
    keyed = sum(1 for r in rows if r["is_key"])
    candidates = sorted(
        (r for r in rows if not r["is_key"] and r["stage"] in ("开工建设", "签约", "在谈")),
        key=lambda r: -Decimal(r["total_investment"]),
    )
    for r in candidates[: max(0, KEY_TARGET - keyed)]:
        r["is_key"] = True
    for r in rows:
        r["is_key"] = "是" if r["is_key"] else "否"
    return rows


def _pre_start_row(
    rng: random.Random,
    name: str | None,
    cents: int,
    chain: str,
    key: str | None,
    group: str,
    is_key: bool,
    extra: dict,
    names: _Names | None = None,
) -> dict:
    prefix, company, source = rng.choice(INVESTORS)
    if name is None:
        name = names.make(prefix + rng.choice(PRODUCTS[chain]))
    row = {
        "name": name,
        "total_investment": _wan(cents),
        "chain": chain,
        "investor_name": extra.pop("investor_name", ENTERPRISE_NAMES[key] if key else company),
        "enterprise": ENTERPRISE_NAMES[key] if key else "",
        "lead_source": source,
        "is_key": is_key,
        "parent": extra.pop("parent", ""),
    }
    if group == "res":
        row.update(stage="储备", entered_on=_day(rng, D(2025, 2, 1), D(2026, 10, 31)))
        row["lead_source"] = source if rng.random() < 0.7 else ""
        return row
    if group == "neg":
        negotiating = _day(rng, D(2025, 10, 1), D(2026, 10, 31))
    elif group == "sign25":
        signed = _day(rng, D(2025, 3, 1), D(2025, 12, 20))
        negotiating = signed - dt.timedelta(days=rng.randint(30, 120))
    else:
        signed = extra.pop("signed_on", None) or _day(rng, D(2026, 1, 6), D(2026, 10, 31))
        negotiating = signed - dt.timedelta(days=rng.randint(30, 160))
    entered = negotiating - dt.timedelta(days=rng.randint(20, 180))
    row.update(stage="在谈", entered_on=entered, negotiating_on=negotiating)
    if group in ("sign25", "sign26"):
        row.update(
            stage="签约",
            signed_on=signed,
            park=rng.choice(PARKS),
            parcel=f"凌源经开区{rng.choice('东西南北')}区{rng.randint(1, 40):02d}号地块",
            project_steward="steward" if rng.random() < 0.2 else "steward-b",
            assistant="steward-assist",
        )
    row.update(extra)
    return row


def jp_rows() -> list[dict]:
    rng = random.Random(211322)
    rows = [
        {
            "name": "建平盛德日新矿山尾矿综合利用项目",
            "total_investment": "32000",
            "chain": "节能环保",
            "enterprise": "建平盛德日新矿业有限公司",
            "investor_name": "建平盛德日新矿业有限公司",
            "lead_source": "本地企业增资扩产",
            "park": "建平经济开发区东区",
            "yearly_investment": "12000",
            "project_code": "2503-211322-04-01-300017",
            "stage": "开工建设",
            "entered_on": D(2024, 9, 2),
            "negotiating_on": D(2024, 11, 5),
            "signed_on": D(2025, 3, 12),
            "started_on": D(2026, 4, 20),
            "is_key": "是",
            **_stewards("JP"),
        },
        {
            "name": "兴源分散式风电项目",
            "total_investment": "45000",
            "chain": "新能源",
            "enterprise": "建平县兴源新能源有限公司",
            "investor_name": "建平县兴源新能源有限公司",
            "lead_source": "以商招商",
            "park": "建平经济开发区东区",
            "yearly_investment": "20000",
            "project_code": "2409-211322-04-01-300054",
            "stage": "开工建设",
            "entered_on": D(2024, 3, 2),
            "negotiating_on": D(2024, 5, 5),
            "signed_on": D(2024, 9, 12),
            "started_on": D(2025, 5, 20),
            "is_key": "是",
            **_stewards("JP"),
        },
    ]
    for i, (stage, chain) in enumerate(
        [
            ("签约", "现代农业"),
            ("在谈", "新材料"),
            ("在谈", "智能装备制造"),
            ("储备", "新能源"),
            ("储备", "现代农业"),
            ("储备", "节能环保"),
        ]
    ):
        _prefix, company, source = INVESTORS[(i * 3) % len(INVESTORS)]
        product = PRODUCTS[chain][i % len(PRODUCTS[chain])]
        row = {
            "name": f"建平{product}项目",
            "total_investment": str(rng.randint(30, 400) * 100),
            "chain": chain,
            "investor_name": company,
            "lead_source": source,
            "stage": stage,
            "entered_on": D(2025, 6, 1) + dt.timedelta(days=i * 41),
            "is_key": "否",
        }
        if stage in ("在谈", "签约"):
            row["negotiating_on"] = D(2026, 1, 10) + dt.timedelta(days=i * 30)
        if stage == "签约":
            row.update(signed_on=D(2026, 6, 18), park="建平经济开发区东区")
        rows.append(row)
    return rows


def _users(zones: dict[str, Zone]) -> None:
    for username, full_name, zone_code in STEWARDS:
        if not User.objects.filter(username=username).exists():
            user_create(
                actor=SYSTEM,
                zone=zones[zone_code],
                username=username,
                password=DEMO_PASSWORD,
                full_name=full_name,
                roles={Role.STEWARD},
                check_password=False,
            )


def _reference(zone: Zone) -> None:
    from zonedesk.organisation.services import reference_save

    existing = set(IndustryChain.objects.filter(zone=zone).values_list("name", flat=True))
    for i, name in enumerate(CHAINS):
        if name not in existing:
            reference_save(
                actor=SYSTEM,
                instance=IndustryChain(zone=zone, name=name, name_en=CHAINS_EN.get(name, ""), sort=i * 10),
                action="projects.industrychain.create",
            )
    have = set(StageSetting.objects.filter(zone=zone).values_list("stage", flat=True))
    for stage, (yellow, red) in DEFAULT_THRESHOLDS.items():
        if stage not in have:
            reference_save(
                actor=SYSTEM,
                instance=StageSetting(zone=zone, stage=stage, yellow_days=yellow, red_days=red),
                action="projects.stagesetting.create",
            )


def load(*, zones: dict[str, Zone]) -> None:
    _users(zones)
    for code, make in (("LY", ly_rows), ("JP", jp_rows)):
        zone = zones[code]
        _reference(zone)
        if Project.objects.filter(zone=zone).exists():
            continue  # idempotent: the pipeline is loaded once
        if not Enterprise.objects.filter(zone=zone).exists():
            continue
        officer = User.objects.filter(zone=zone, role_grants__role=Role.INVESTMENT_OFFICER).first()
        actor = Actor(user=officer, channel="command", label="demo_load") if officer else SYSTEM
        rows = make()
        # Parents first, so chain-extension projects find the project they extend.
        rows.sort(key=lambda r: bool(r.get("parent")))
        parents = [r for r in rows if not r.get("parent")]
        children = [r for r in rows if r.get("parent")]
        project_bulk_load(actor=actor, zone=zone, raw_rows=parents, note="演示数据")
        if children:
            project_bulk_load(actor=actor, zone=zone, raw_rows=children, note="演示数据")
