"""Matching every enterprise × clause (a service of policies, kept apart from the award and
申报 services so neither module grows past a reader's reach).

The stored results are what the clause pages list (who qualifies, who nearly does, whose data is
missing). A zone match is the expensive path — 100,000 enterprises × 50 clauses is 5,000,000
decisions, most of them stored — so it is built for it:

* facts are read in keyset batches, a fixed number of queries per batch (``snapshots``);
* each pair is decided without a trace (``CompiledRule.decide``) and stored as a narrow row;
  the enterprise's facts are frozen once in its ``MatchState`` (``rules_engine.frozen``), and a
  result's trace is made again on reading by evaluating its rule version on those facts on the
  day it was computed (``explain_matches``) — the same inputs, so the same trace;
* an enterprise is re-evaluated only when what decides its results changed: the state's digest
  hashes its frozen facts and the clauses in force; a re-match that finds the same digest skips
  it (no evaluation, no write). A changed enterprise's results are replaced — deleted, then
  inserted (PostgreSQL: ``COPY``) — under a per-zone transaction lock, so a concurrent re-match
  of the same enterprises cannot fail on the unique pair; states are upserted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.cultivation.selectors import snapshots
from zonedesk.enterprises.models import Enterprise
from zonedesk.policies.models import ClauseRule, Match, MatchState, Outcome
from zonedesk.rules_engine.benefit import Benefit, compile_benefit
from zonedesk.rules_engine.derive import build_facts
from zonedesk.rules_engine.engine import FAIL, PASS, UNKNOWN, CompiledRule, compile_rule
from zonedesk.rules_engine.explain import explain, summary
from zonedesk.rules_engine.frozen import freeze, keys_read, thaw

# A failed result is stored (as "nearly qualifies") only when one condition stands in the way.
# Two short was stored too, until a first match of 100,000 × 50 showed what it cost: with the
# unknown results, 89 % of the synthetic zone's pairs were rows, and the rows were most of the
# time. Every other failure has no row: the clause pages list no such enterprise, and the
# enterprise's own page evaluates each clause afresh with its full trace, so "why not" is
# still answered for every pair.
NEAR = 1
OUTCOME = {PASS: Outcome.PASSED, FAIL: Outcome.FAILED, UNKNOWN: Outcome.UNKNOWN}
OUTCOME_VALUE = {k: v.value for k, v in OUTCOME.items()}
COLUMNS: tuple[str, ...] = ("zone_id", "enterprise_id", "clause_id", "rule_version", "outcome")
COLUMNS += ("distance", "benefit", "benefit_text", "computed_at")
STATE_COLUMNS = ("zone_id", "enterprise_id", "digest", "checked_at", "facts", "evaluated_on")


@dataclass(frozen=True)
class ActiveClause:
    id: int
    zone_id: int
    mode: str
    version: int
    rule: CompiledRule
    benefit: Benefit


_COMPILED: dict[tuple[int, int, str], tuple[CompiledRule, Benefit]] = {}


def compiled_version(
    clause_id: int, number: int, rule: dict, benefit: dict, cap
) -> tuple[CompiledRule, Benefit]:
    """A clause rule version compiled once per process. Versions are never edited, but a
    version number can come back with another rule after a rolled-back save, so the key holds
    the documents too."""
    key = (clause_id, number, json.dumps([rule, benefit, str(cap)], sort_keys=True))
    if key not in _COMPILED:
        _COMPILED[key] = (compile_rule(rule), compile_benefit(benefit, clause_cap=cap))
    return _COMPILED[key]


def active_clauses(zone_id: int, on: dt.date, clause_ids=None) -> list[ActiveClause]:
    """The clauses of policies in force on ``on`` with their current rule version: one query."""
    qs = (
        ClauseRule.objects.filter(
            zone_id=zone_id, number=F("clause__rule_version"), clause__policy__valid_from__lte=on
        )
        .exclude(clause__policy__valid_until__lt=on)
        .values_list("clause_id", "number", "rule", "benefit", "clause__mode", "clause__cap")
    )
    if clause_ids is not None:
        qs = qs.filter(clause_id__in=clause_ids)
    out = []
    for cid, number, rule, benefit, mode, cap in qs.order_by("clause_id"):
        r, b = compiled_version(cid, number, rule, benefit, cap)
        out.append(ActiveClause(cid, zone_id, mode, number, r, b))
    return out


def evaluate_enterprise(snapshot, clauses: list[ActiveClause], on: dt.date) -> list[dict]:
    """Every clause for one enterprise, with explained traces (the enterprise's own page)."""
    facts = build_facts(snapshot, on)
    out = []
    for c in clauses:
        outcome, trace = c.rule.evaluate(facts, on)
        amount, how = c.benefit.estimate(facts) if outcome != FAIL else (None, "")
        out.append(
            {
                "clause_id": c.id,
                "rule_version": c.version,
                "outcome": OUTCOME[outcome].value,
                "distance": c.rule.distance(trace),
                "benefit": amount,
                "benefit_text": how,
                "summary": summary(c.rule, trace, facts),
                "trace": explain(c.rule, trace, facts),
            }
        )
    return out


def explain_matches(matches) -> list:
    """Stored results made readable for a page or the API: each gets ``summary`` (why not, in
    one line) and ``explained`` (the trace rows), by evaluating the rule version it was computed
    under on the enterprise's frozen facts on the day of computation (two queries, whatever the
    number of rows). A result from before facts were frozen has neither until it is redone."""
    matches = list(matches)
    wanted = {(m.clause_id, m.rule_version) for m in matches}
    versions = {}
    if wanted:
        q = Q()
        for cid, number in wanted:
            q |= Q(clause_id=cid, number=number)
        for cid, number, rule, benefit, cap in ClauseRule.objects.filter(q).values_list(
            "clause_id", "number", "rule", "benefit", "clause__cap"
        ):
            versions[(cid, number)] = compiled_version(cid, number, rule, benefit, cap)[0]
    frozen = {
        eid: (thaw(facts), on)
        for eid, facts, on in MatchState.objects.filter(
            enterprise_id__in={m.enterprise_id for m in matches}, evaluated_on__isnull=False
        ).values_list("enterprise_id", "facts", "evaluated_on")
    }
    for m in matches:
        compiled = versions.get((m.clause_id, m.rule_version))
        state = frozen.get(m.enterprise_id)
        if compiled is None or state is None:
            m.summary, m.explained = "", []
            continue
        facts, on = state
        _outcome, trace = compiled.evaluate(facts, on)
        m.explained = explain(compiled, trace, facts)
        m.summary = summary(compiled, trace, facts, m.explained)
    return matches


def _upsert(table: str, columns: tuple[str, ...], conflict: str, rows: list[tuple]) -> None:
    """Write rows as they are — no model instance, no compiled query per row (those were most of
    the cost of a zone match) — replacing the row with the same ``conflict`` key. PostgreSQL:
    ``COPY`` into a temporary table, then one ``INSERT … SELECT … ON CONFLICT``; elsewhere one
    parameterised ``INSERT … ON CONFLICT`` executed for many rows. Values must already be what
    the database takes (``_prepared``)."""
    if not rows:
        return
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    updates = ", ".join(f"{qn(c)} = excluded.{qn(c)}" for c in columns if c not in conflict.split(", "))
    on_conflict = f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            stage = qn(f"{table}_stage")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {stage} ON COMMIT DROP AS "
                f"SELECT {cols} FROM {qn(table)} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {qn(table)} ({cols}) SELECT {cols} FROM {stage} {on_conflict}")
            cursor.execute(f"DROP TABLE {stage}")  # a second batch in the same transaction
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks}) {on_conflict}"
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Write rows whose keys are known to be free (their pairs were just deleted, under the
    zone's match lock): PostgreSQL ``COPY`` straight into the table, elsewhere one
    parameterised INSERT executed for many rows."""
    if not rows:
        return
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {qn(table)} ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _lock_zone_matching(zone_id: int) -> None:
    """Serialise the replace of results (delete, then insert) between concurrent re-matches
    of one zone, batch by batch, so the insert never meets a pair another re-match has just
    written. SQLite needs nothing: its one writer at a time already does this."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('policies.match'), %s)", [zone_id])


def _clauses_key(clauses: list[ActiveClause], on: dt.date) -> str:
    """The clauses as they decide on ``on``: ids, rule versions and dated parameters' values."""
    return repr([(c.id, c.version, sorted(c.rule.params_at(on).items())) for c in clauses])


def _hash(text: str) -> str:
    # 8 bytes of blake2b: a change detector per enterprise, not a security boundary
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _prepared(value, field: str, model=Match):
    """One value as the database takes it (a Decimal or a datetime adapted per backend)."""
    return model._meta.get_field(field).get_db_prep_save(value, connection)


def match_recompute(
    *,
    actor: Actor,
    zone_id: int,
    enterprise_ids: list[int] | None = None,
    clause_ids: list[int] | None = None,
    today: dt.date | None = None,
    batch: int = 2000,
    notify: bool = True,
    after: int = 0,
    upto: int | None = None,
) -> dict[str, int]:
    """Evaluate every enterprise × clause; keep the qualifying, unknown and nearly qualifying
    results. An enterprise whose facts and clauses are as at its last match is skipped; a
    changed one has its results replaced and its facts frozen again.

    ``clause_ids`` (a rule changed) re-evaluates those clauses for every enterprise whose frozen
    facts and day are still current, and leaves their digests alone (the next full re-match
    redoes each enterprise once); an enterprise whose facts or day moved on is redone whole, so
    every stored result of an enterprise is always explained by the one set of frozen facts.

    A result that becomes "qualifies" (it was not before this re-match) tells the enterprise's
    people once (``policy.matched``), in the batch's transaction; ``notify=False`` is for the
    demo's first match, which is the baseline rather than news.

    ``after`` / ``upto`` limit the run to the enterprises with pk in (after, upto]: one shard of
    a zone (``zone_shards``), so that several processes can share a zone (``match_zone``)."""
    today = today or timezone.localdate()
    clauses = active_clauses(zone_id, today)
    full = clause_ids is None
    wanted = set(clause_ids or ())
    some = clauses if full else [c for c in clauses if c.id in wanted]
    all_ids = [c.id for c in clauses]
    some_ids = all_ids if full else list(wanted)
    keys = keys_read([c.rule for c in clauses], [c.benefit.fact for c in clauses])
    clauses_hash = _hash(_clauses_key(clauses, today))
    now = timezone.now()
    at = _prepared(now, "computed_at")
    day = _prepared(today, "evaluated_on", MatchState)
    # per clause: (id, version, decider, estimate, fixed benefit) — no attribute lookups per pair
    plan = {
        c.id: (
            c.id,
            c.version,
            c.rule.decider(today),
            c.benefit.estimate,
            c.benefit.estimate({}) if c.benefit.kind == "fixed" else None,
        )
        for c in clauses
    }
    passed_value, unknown_value, failed_value = (OUTCOME_VALUE[o] for o in (PASS, UNKNOWN, FAIL))
    counts = {"evaluations": 0, "stored": 0, "passed": 0, "skipped": 0, "notified": 0}
    for chunk in snapshots(
        zone_ids=[zone_id], on=today, enterprise_ids=enterprise_ids, batch=batch, after=after, upto=upto
    ):
        held = {
            eid: (digest, on)
            for eid, digest, on in MatchState.objects.filter(
                enterprise_id__in=[r["pk"] for r, _s in chunk]
            ).values_list("enterprise_id", "digest", "evaluated_on")
        }
        rows: list[tuple] = []
        states: list[tuple] = []
        whole: list[int] = []  # enterprises redone for every clause
        part: list[int] = []  # enterprises redone for the changed clauses only
        same: list[int] = []
        evaluations = passed = 0
        for r, snap in chunk:
            eid = r["pk"]
            facts = build_facts(snap, today)
            text = freeze(facts, keys)
            facts_hash = _hash(text)
            digest = facts_hash + clauses_hash
            held_digest, held_on = held.get(eid, ("", None))
            if full and held_digest == digest:
                same.append(eid)
                continue
            if not full and held_digest[:16] == facts_hash and held_on == today:
                todo = [plan[c.id] for c in some]
                part.append(eid)
            else:
                todo = list(plan.values())
                whole.append(eid)
                states.append((zone_id, eid, digest, at, text, day))
            evaluations += len(todo)
            values = {key: entry[0] for key, entry in facts.items()}
            for cid, version, decide, estimate, fixed in todo:
                code = decide(values)  # 0 passed, -1 unknown, else the distance of a failure
                if code > 0:
                    if code <= NEAR:
                        rows.append((zone_id, eid, cid, version, failed_value, code, None, "", at))
                    continue
                amount, how = fixed or estimate(facts)
                if code == 0:
                    passed += 1
                    rows.append((zone_id, eid, cid, version, passed_value, 0, amount, how[:300], at))
                else:
                    rows.append((zone_id, eid, cid, version, unknown_value, 0, amount, how[:300], at))
        with transaction.atomic():
            if same:
                MatchState.objects.filter(enterprise_id__in=same).update(checked_at=now)
            redone = whole + part
            if redone:
                _lock_zone_matching(zone_id)
            newly: list[tuple[int, int]] = []
            if redone and notify:
                # read before the replace: what already qualified is not news. By enterprise
                # only, the clauses kept in Python: with ``clause_id IN (...)`` in the query
                # SQLite chose the clause × outcome index and stepped through every qualifying
                # row of the zone once per batch, a cost growing with the zone (the largest
                # single cost of a first match of 100,000 enterprises).
                in_force = set(all_ids)
                before_passed = {
                    pair
                    for pair in Match.objects.filter(
                        enterprise_id__in=redone, outcome=Outcome.PASSED
                    ).values_list("enterprise_id", "clause_id")
                    if pair[1] in in_force
                }
                newly = [
                    (r[1], r[2]) for r in rows if r[4] == passed_value and (r[1], r[2]) not in before_passed
                ]
            if whole:
                Match.objects.filter(enterprise_id__in=whole, clause_id__in=all_ids).delete()
            if part:
                Match.objects.filter(enterprise_id__in=part, clause_id__in=some_ids).delete()
            _insert(Match._meta.db_table, COLUMNS, rows)
            if newly:
                counts["notified"] += _notify_matched(zone_id, newly, today)
            _upsert(MatchState._meta.db_table, STATE_COLUMNS, "enterprise_id", states)
        counts["evaluations"] += evaluations
        counts["passed"] += passed
        counts["stored"] += len(rows)
        counts["skipped"] += len(same)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="policies.match.recompute",
            object_type="policies.match",
            object_repr=gettext_noop("政策匹配重算"),  # stored as the msgid, translated when shown
            zone_id=zone_id,
            after=counts,
        )
    return counts


def _notify_matched(zone_id: int, pairs: list[tuple[int, int]], today: dt.date) -> int:
    """``policy.matched`` to each newly qualifying enterprise's users and authorised stewards,
    one message per (enterprise, clause), inside the re-match's transaction (sent on commit).
    The state holds the rule version and the day, so two re-matches of the same enterprise
    racing on one day send one message (the message centre's unique key), while a result
    that drops and later qualifies again is news again. Recipients and clauses are read for
    the whole batch: a fixed number of queries plus the message centre's writes per message."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from zonedesk.notifications.emit import enterprises_people, notify_people
    from zonedesk.policies.models import Clause

    people = enterprises_people([e for e, _c in pairs])
    clauses = Clause.objects.select_related("policy").in_bulk({c for _e, c in pairs})
    sent = 0
    for eid, cid in pairs:
        clause = clauses.get(cid)
        if clause is None or not people.get(eid):
            continue
        detail = gettext("%(policy)s %(code)s %(title)s（兑现方式：%(mode)s）") % {
            "policy": clause.policy.title,
            "code": clause.code,
            "title": clause.title,
            "mode": clause.get_mode_display(),
        }
        sent += bool(
            notify_people(
                "policy.matched",
                recipients=people[eid],
                zone_id=zone_id,
                object_key=f"policies.match:{eid}:{cid}",
                state=f"passed:v{clause.rule_version}:{today.isoformat()}",
                subject=clause.title,
                detail=detail,
                url=reverse("policies:enterprise", args=[eid]),
            )
        )
    return sent


# -- a zone over several processes -----------------------------------------------------------------


def zone_shards(zone_id: int, parts: int) -> list[tuple[int, int | None]]:
    """The zone's enterprises cut into ``parts`` contiguous primary-key ranges (after, upto]
    of about equal size: one count and ``parts - 1`` offset reads on the primary key."""
    ids = Enterprise.objects.filter(zone_id=zone_id).order_by("pk").values_list("pk", flat=True)
    total = ids.count()
    parts = max(1, min(parts, total))
    cuts = [ids[k * total // parts - 1] for k in range(1, parts)]
    bounds: list[int | None] = [0, *cuts, None]
    return [(bounds[k] or 0, bounds[k + 1]) for k in range(parts)]


def _shard(args) -> dict[str, float]:
    """One process's share of ``match_zone``: its own database connection (opened here, after
    the fork), its shard's results, and the CPU time it used (for the benchmark's figure)."""
    from django.db import connections

    actor, zone_id, after, upto, today, notify = args
    cpu = time.process_time()
    try:
        counts: dict[str, float] = dict(
            match_recompute(actor=actor, zone_id=zone_id, today=today, notify=notify, after=after, upto=upto)
        )
    finally:
        connections.close_all()
    counts["cpu_seconds"] = time.process_time() - cpu
    return counts


def match_zone(
    *, actor: Actor, zone_id: int, workers: int = 2, today: dt.date | None = None, notify: bool = True
) -> dict[str, float]:
    """A whole zone matched by ``workers`` processes, each on one shard (``zone_shards``): the
    first match of a zone (an import of its register) is CPU-bound — reading facts, deciding,
    preparing rows — and one Python process uses one core. The shards' enterprises are
    disjoint and each shard takes the zone's match lock per batch (PostgreSQL) or SQLite's
    one writer, so the result is what one ``match_recompute`` would have stored. Each shard
    writes its own audit record. Returns the summed counts and ``cpu_seconds`` of the workers."""
    from django.db import connections

    today = today or timezone.localdate()
    shards = zone_shards(zone_id, workers)
    if len(shards) == 1:
        return _shard((actor, zone_id, 0, None, today, notify))
    # no connection may cross the fork: each worker opens its own
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(len(shards)) as pool:
        results = pool.map(_shard, [(actor, zone_id, a, b, today, notify) for a, b in shards])
    total: dict[str, float] = {}
    for counts in results:
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
    return total
