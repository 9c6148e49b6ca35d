"""Benchmark: the rule engine with full traces, and a whole zone re-matched end to end.

    python bench/policies.py                       # engine only: 100,000 enterprises × 50 clauses
    python bench/policies.py --zone 100000         # also: build a zone of N enterprises in
                                                   # var/bench-policies.sqlite3 and re-match it
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zd_bench python bench/policies.py --zone 100000

Part 1 (one core, no database): N synthetic enterprises' facts are built once by
rules_engine.derive.build_facts from plain figures; then every enterprise is evaluated against
50 clauses (the ladder's five rules, the demo's seven clauses and 38 variants of them with
other thresholds), each evaluation returning its full per-condition trace. It prints
evaluations per second.

json-logic (bench-only, not a dependency of the project: ``pip install --target DIR
json-logic-qubit`` and pass ``--json-logic DIR``) evaluates the same rules translated to its
operators (and/or/!, comparisons, in, if and + for point tables, max for best-of) over the same
facts as plain floats, without traces; the ratio ours ÷ theirs is printed.

Part 2 (``--zone N``): N enterprises with three years of figures and a few entered facts are
bulk-inserted into a fresh database (set-up, not measured), then
``policies.services.match_recompute`` reads the facts in batches, decides every enterprise ×
clause and stores the qualifying / unknown / nearly-qualifying results, with each enterprise's
facts frozen once for explaining them on reading — through ``matching.match_zone`` with
``--workers`` processes (default 2, as ``manage.py policies_match --workers``), each on one
shard of the zone. The wall time of that call is the figure, with the CPU time summed over the
worker processes and, on PostgreSQL, over their database backends.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ON = dt.date(2026, 6, 30)


def clause_documents() -> list[dict]:
    """50 rule documents: the ladder, the demo clauses, and variants with other thresholds."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
    from zonedesk.cultivation.ladder import LADDER
    from zonedesk.policies.demo import POLICIES

    base = list(LADDER.values()) + [c["rule"] for p in POLICIES for c in p["clauses"]]
    out = [copy.deepcopy(d) for d in base]
    rng = random.Random(7)
    while len(out) < 50:
        doc = copy.deepcopy(base[len(out) % len(base)])

        def vary(node):
            if isinstance(node, dict):
                if "value" in node and isinstance(node["value"], str):
                    node["value"] = str(
                        Decimal(node["value"]) * Decimal(rng.choice(["0.8", "0.9", "1.1", "1.25"]))
                    )
                for v in node.values():
                    vary(v)
            elif isinstance(node, list):
                for v in node:
                    vary(v)

        vary(doc["when"])
        out.append(doc)
    return out


def snapshot(rng: random.Random):
    from zonedesk.rules_engine.derive import Snapshot

    revenue = Decimal(rng.randint(500, 60000))
    staff = rng.randint(10, 800)
    figures = {}
    for year, f in ((2022, "0.70"), (2023, "0.80"), (2024, "0.90"), (2025, "1")):
        if rng.random() < 0.05 and year == 2022:
            continue  # some enterprises lack a year: unknown, never failed
        r = (revenue * Decimal(f)).quantize(Decimal("0.01"))
        figures[year] = {
            "revenue": r,
            "tax": (r * Decimal("0.04")).quantize(Decimal("0.01")),
            "rd_spending": (r * Decimal(rng.randint(5, 90)) / 1000).quantize(Decimal("0.01")),
            "staff": int(staff * float(f) + 1),
            "tech_staff": int(staff * float(f) * rng.randint(3, 35) / 100),
        }
    entered = {
        "total_assets": {2025: (revenue * Decimal("1.3"), "bench")},
        "ip_class2": {2025: (rng.randint(0, 5), "bench")},
        "high_tech_revenue": {2025: (revenue * Decimal(rng.randint(30, 90)) / 100, "bench")},
        "expert_score": {2025: (Decimal(rng.randint(55, 90)), "bench")},
        "key_tech_field": {0: (rng.random() < 0.6, "bench")},
    }
    if rng.random() < 0.3:
        entered["tech_transfer"] = {2025: (Decimal(rng.randint(0, 400)), "bench")}
    return Snapshot(
        registered_on=dt.date(rng.randint(1998, 2024), rng.randint(1, 12), rng.randint(1, 28)),
        staff_size=staff,
        industry=rng.choice(["30", "34", "35", "39", "13", "65"]),
        figures=figures,
        entered=entered,
        dishonest=rng.random() < 0.01,
        abnormal=rng.random() < 0.02,
    )


# -- json-logic translation -------------------------------------------------------------------------


def to_json_logic(node, params: dict) -> dict:
    from zonedesk.rules_engine.facts import MONEY_UNITS

    def num(raw, unit=None):
        if isinstance(raw, dict):
            p = params[raw["param"]]
            return float(Decimal(p["values"][-1]["value"]) * MONEY_UNITS.get(p.get("unit", ""), Decimal(1)))
        return float(Decimal(str(raw)) * MONEY_UNITS.get(unit or "", Decimal(1)))

    def item(it):
        if "best_of" in it:
            return {"max": [item(x) for x in it["best_of"]]}
        var = {"var": it["fact"]}
        if "if_true" in it:
            return {"if": [var, num(it["if_true"]), 0]}
        expr: object = 0
        for b in reversed(it["bands"]):
            conds = []
            if b.get("min") is not None:
                conds.append({">=": [var, num(b["min"], it.get("unit"))]})
            if b.get("max") is not None:
                conds.append({"<": [var, num(b["max"], it.get("unit"))]})
            expr = {"if": [{"and": conds} if conds else True, num(b["points"]), expr]}
        return expr

    if "all" in node:
        return {"and": [to_json_logic(c, params) for c in node["all"]]}
    if "any" in node:
        return {"or": [to_json_logic(c, params) for c in node["any"]]}
    if "not" in node:
        return {"!": [to_json_logic(node["not"], params)]}
    if "points" in node:
        return {node["op"]: [{"+": [item(i) for i in node["points"]]}, num(node["value"])]}
    var, op = {"var": node["fact"]}, node["op"]
    if op == "between":
        return {"<=": [num(node["min"], node.get("unit")), var, num(node["max"], node.get("unit"))]}
    if op in ("in", "not_in"):
        expr = {"in": [var, node["values"]]}
        return expr if op == "in" else {"!": [expr]}
    if op == "is":
        return {"==": [var, node["value"]]}
    return {op: [var, num(node["value"], node.get("unit"))]}


def plain(facts: dict) -> dict:
    out = {}
    for k, (v, _y, _s) in facts.items():
        out[k] = float(v) if isinstance(v, Decimal | int) and not isinstance(v, bool) else v
    return out


def engine_part(n: int, json_logic_dir: str | None) -> None:
    from zonedesk.rules_engine.derive import build_facts
    from zonedesk.rules_engine.engine import compile_rule

    docs = clause_documents()
    rules = [compile_rule(d) for d in docs]
    rng = random.Random(42)
    t0 = time.perf_counter()
    facts = [build_facts(snapshot(rng), ON) for _ in range(n)]
    t_facts = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    passed = 0
    for f in facts:
        for r in rules:
            outcome, _trace = r.evaluate(f, ON)
            passed += outcome == 1
    t_eval, c_eval = time.perf_counter() - t0, time.process_time() - c0
    ours = n * len(rules) / c_eval
    # The zone match's own path: the decision (outcome and distance) without a trace, the
    # trace being made again on reading from the frozen facts.
    deciders = [r.decider(ON) for r in rules]
    c0 = time.process_time()
    for f in facts:
        values = {k: v[0] for k, v in f.items()}
        for d in deciders:
            d(values)
    c_decide = time.process_time() - c0
    print(f"facts built:     {n:,} enterprises in {t_facts:.1f} s (synthetic data, once)")
    print(
        f"load average:    {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(a shared machine slows the wall time)"
    )
    print(
        f"our engine:      {n * len(rules):,} evaluations with full traces in {c_eval:.1f} s of CPU "
        f"({t_eval:.1f} s wall) = {ours:,.0f} evaluations per CPU-second on one core "
        f"({n * len(rules) / t_eval:,.0f}/s wall; {passed:,} passed)"
    )
    print(
        f"decisions:       the same {n * len(rules):,} without traces (a zone match's path) in "
        f"{c_decide:.1f} s of CPU = {n * len(rules) / c_decide:,.0f} per CPU-second"
    )
    if not json_logic_dir:
        print("json-logic:      not measured (pass --json-logic DIR with json-logic-qubit installed there)")
        return
    sys.path.insert(0, json_logic_dir)
    from json_logic import jsonLogic

    translated = [to_json_logic(d["when"], d.get("params", {})) for d in docs]
    sample = [plain(f) for f in facts[: max(1000, n // 10)]]
    t0 = time.process_time()
    agree = 0
    for i, f in enumerate(sample):
        for j, logic in enumerate(translated):
            res = jsonLogic(logic, f)
            if i < 200:
                agree += bool(res) == (rules[j].evaluate(facts[i], ON)[0] == 1)
    t_jl = time.process_time() - t0
    theirs = len(sample) * len(translated) / t_jl
    print(
        f"json-logic:      {len(sample) * len(translated):,} evaluations without traces "
        f"in {t_jl:.1f} s of CPU "
        f"= {theirs:,.0f} evaluations per CPU-second"
    )
    print(
        f"ours ÷ json-logic: {ours / theirs:.2f}  (json-logic has no 'unknown': a missing figure is "
        f"falsy there; results agree on {agree} of {min(200, len(sample)) * len(translated)} checked)"
    )


def _backend_cpu() -> float | None:
    """CPU seconds of this process's PostgreSQL backend (same machine: /proc), else None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measured_shard(args) -> dict:
    """``matching._shard`` with the worker's PostgreSQL backend CPU added (read before the
    shard closes its connection, so the shard's own function is wrapped, not copied)."""
    from zonedesk.policies import matching

    start = _backend_cpu()
    ends: list = []
    original = matching.match_recompute

    def recompute(**kwargs):
        out = original(**kwargs)
        ends.append(_backend_cpu())
        return out

    matching.match_recompute = recompute
    try:
        counts = _ORIGINAL_SHARD(args)
    finally:
        matching.match_recompute = original
    if start is not None and ends and ends[0] is not None:
        counts["server_cpu_seconds"] = ends[0] - start
    return counts


_ORIGINAL_SHARD = None


def zone_part(n: int, workers: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from django.db.models import F

    from zonedesk.core.actor import Actor
    from zonedesk.cultivation.models import EnterpriseFact
    from zonedesk.enterprises.models import Enterprise, EnterpriseYearFigure, Industry
    from zonedesk.organisation.models import Zone
    from zonedesk.policies.models import Clause, ClauseRule, Match

    global _ORIGINAL_SHARD
    from zonedesk.policies import matching

    _ORIGINAL_SHARD = _ORIGINAL_SHARD or matching._shard
    call_command("migrate", verbosity=0)
    call_command("demo_load", verbosity=0)
    zone = Zone.objects.get(code="LY")
    have = Enterprise.objects.filter(zone=zone).count()
    if have < n:
        print(f"building {n - have:,} enterprises (set-up, not measured)…", flush=True)
        industry = Industry.objects.get(code="30")
        rng = random.Random(1)
        for start in range(have, n, 5000):
            with transaction.atomic():
                rows = [
                    Enterprise(
                        zone=zone,
                        credit_code=f"B{i:017d}",
                        name=f"基准企业{i}",
                        legal_representative="甲",
                        industry=industry,
                        registered_on=dt.date(rng.randint(2000, 2024), 1, 1),
                        staff_size=rng.randint(10, 800),
                    )
                    for i in range(start, min(n, start + 5000))
                ]
                Enterprise.objects.bulk_create(rows, batch_size=1000)
                made = Enterprise.objects.filter(zone=zone, credit_code__in=[r.credit_code for r in rows])
                figs, facts = [], []
                for e in made:
                    s = snapshot(rng)
                    for year, f in s.figures.items():
                        figs.append(EnterpriseYearFigure(zone=zone, enterprise=e, year=year, **f))
                    for key, by_year in s.entered.items():
                        for year, (value, source) in by_year.items():
                            facts.append(
                                EnterpriseFact(
                                    zone=zone,
                                    enterprise=e,
                                    key=key,
                                    year=year,
                                    source=source,
                                    **({"flag": value} if isinstance(value, bool) else {"number": value}),
                                )
                            )
                EnterpriseYearFigure.objects.bulk_create(figs, batch_size=1000)
                EnterpriseFact.objects.bulk_create(facts, batch_size=1000)
    # 50 clauses: the demo's seven and variants (one extra policy document of bench clauses).
    from zonedesk.policies.models import Policy

    policy, _ = Policy.objects.get_or_create(
        zone=zone,
        title="基准测试条款",
        defaults={"issuer": "bench", "valid_from": dt.date(2020, 1, 1), "demo": True},
    )
    docs = clause_documents()
    existing = Clause.objects.filter(zone=zone).count()
    for i, doc in enumerate(docs[: max(0, 50 - existing)]):
        c = Clause.objects.create(zone=zone, policy=policy, code=f"B{i}", title=f"基准条款{i}", mode="auto")
        ClauseRule.objects.create(
            zone=zone, clause=c, number=1, rule=doc, benefit={"kind": "fixed", "amount": "1"}
        )
    n_clauses = Clause.objects.filter(zone=zone).count()
    n_ent = Enterprise.objects.filter(zone=zone).count()
    from django.db import connection

    vendor = connection.vendor

    def rematch(what: str) -> None:
        from zonedesk.policies import matching

        matching._shard = _measured_shard  # adds each worker's PostgreSQL backend CPU
        t0, c0 = time.perf_counter(), time.process_time()
        counts = matching.match_zone(actor=Actor.system("bench"), zone_id=zone.pk, workers=workers, today=ON)
        wall, parent = time.perf_counter() - t0, time.process_time() - c0
        cpu = counts["cpu_seconds"] + (parent if workers > 1 else 0)
        server = counts.get("server_cpu_seconds")
        where = "SQLite's work included" if vendor == "sqlite" else "client side"
        extra = f" + {server:.1f} s CPU in the PostgreSQL backends" if server is not None else ""
        print(
            f"{what}: {n_ent:,} enterprises × {n_clauses} clauses = "
            f"{int(counts['evaluations']):,} evaluations, {int(counts['stored']):,} results written, "
            f"{int(counts['skipped']):,} enterprises unchanged (skipped), in {wall:.1f} s wall "
            f"with {workers} worker process(es), {cpu:.1f} s CPU summed over them ({where}){extra}; "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
            flush=True,
        )

    # a kept database starts from no results, as a zone's first match does (set-up, not measured)
    from zonedesk.policies.models import MatchState

    Match.objects.filter(zone=zone).delete()
    MatchState.objects.filter(zone=zone).delete()
    rematch("zone match (every result new)")
    # One enterprise in a hundred gets a new figure: a re-match writes only what changed.
    figures_2025 = EnterpriseYearFigure.objects.filter(zone=zone, year=2025).order_by("pk")
    changed = list(figures_2025.values_list("pk", flat=True))[::100]
    EnterpriseYearFigure.objects.filter(pk__in=changed).update(rd_spending=F("rd_spending") * 2)
    rematch(f"zone re-match ({len(changed):,} enterprises' figures changed)")
    print(f"stored rows now: {Match.objects.filter(zone=zone).count():,}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="enterprises for the engine part")
    parser.add_argument(
        "--json-logic", default=os.environ.get("JSON_LOGIC_DIR"), help="dir with json-logic-qubit"
    )
    parser.add_argument("--zone", type=int, default=0, help="also re-match a zone of this many enterprises")
    parser.add_argument(
        "--workers", type=int, default=2, help="processes sharing the zone match (policies_match --workers)"
    )
    parser.add_argument("--keep", action="store_true", help="reuse the bench database")
    parser.add_argument("--db", default="", help="SQLite file (default var/bench-policies.sqlite3)")
    args = parser.parse_args()
    os.environ.setdefault("ZONEDESK_ENV", "demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
    if args.zone and not os.environ.get("DATABASE_URL"):
        # the bench's own database, chosen before settings load (never the demo's)
        db = Path(args.db) if args.db else ROOT / "var" / "bench-policies.sqlite3"
        if db.exists() and not args.keep:
            db.unlink()
        os.environ["ZONEDESK_SQLITE_PATH"] = str(db)
    import django

    django.setup()
    engine_part(args.n, args.json_logic)
    if args.zone:
        zone_part(args.zone, args.workers)


if __name__ == "__main__":
    main()
