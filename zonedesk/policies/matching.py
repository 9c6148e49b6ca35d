"""Matching every enterprise × clause (a service of policies, kept apart from the award and
申报 services so neither module grows past a reader's reach).

The stored results are what the clause pages list (who qualifies, who nearly does, whose data is
missing). A zone re-match is the expensive path, so it is built for it:

* facts are read in keyset batches, a fixed number of queries per batch (``snapshots``);
* each stored result keeps a compact trace (``rules_engine.compact``), explained only when read;
* an enterprise is re-evaluated only when what decides its results changed: ``MatchState``
  keeps a digest of its facts and of the clauses in force; a re-match that finds the same
  digest skips it (no evaluation, no write). A changed enterprise's results are replaced, and
  written as upserts (``ON CONFLICT`` on enterprise × clause) so a concurrent re-match of the
  same enterprises cannot fail on the unique constraint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.cultivation.selectors import snapshots
from zonedesk.policies.models import ClauseRule, Match, MatchState, Outcome
from zonedesk.rules_engine.benefit import Benefit, compile_benefit
from zonedesk.rules_engine.compact import pack, unpack
from zonedesk.rules_engine.derive import build_facts
from zonedesk.rules_engine.engine import FAIL, PASS, UNKNOWN, CompiledRule, compile_rule
from zonedesk.rules_engine.explain import explain, summary

NEAR = 2  # a failed clause is stored as "nearly" when at most this many conditions stand in the way
OUTCOME = {PASS: Outcome.PASSED, FAIL: Outcome.FAILED, UNKNOWN: Outcome.UNKNOWN}
OUTCOME_VALUE = {k: v.value for k, v in OUTCOME.items()}
COLUMNS = ("zone_id", "enterprise_id", "clause_id", "rule_version", "outcome", "distance", "benefit")
COLUMNS += ("benefit_text", "trace", "computed_at")


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
    one line) and ``explained`` (the trace rows), from its compact trace and the rule version it
    was computed under (one query for the versions, whatever the number of rows)."""
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
    for m in matches:
        compiled = versions.get((m.clause_id, m.rule_version))
        if compiled is None or not isinstance(m.trace, dict) or "n" not in m.trace:
            m.summary, m.explained = "", []
            continue
        trace, facts = unpack(compiled, m.trace)
        m.explained = explain(compiled, trace, facts)
        m.summary = summary(compiled, trace, facts, m.explained)
    return matches


def _upsert(rows: list[tuple]) -> None:
    """Write result rows as they are, without a model instance or a compiled query per row
    (those were most of the cost of a zone match): one parameterised INSERT … ON CONFLICT
    executed for many rows at once. Both SQLite and PostgreSQL take this statement; the upsert
    keeps a concurrent re-match of the same enterprises from failing on the unique pair."""
    if not rows:
        return
    table = Match._meta.db_table
    ops = connection.ops
    cols = ", ".join(ops.quote_name(c) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    updates = ", ".join(f"{ops.quote_name(c)} = excluded.{ops.quote_name(c)}" for c in COLUMNS[3:])
    sql = (
        f"INSERT INTO {ops.quote_name(table)} ({cols}) VALUES ({marks}) "
        f"ON CONFLICT (enterprise_id, clause_id) DO UPDATE SET {updates}"
    )
    benefit = Match._meta.get_field("benefit")
    trace = Match._meta.get_field("trace")
    # Values as Django would send them (decimals, JSON and datetimes adapted per backend).
    at = Match._meta.get_field("computed_at").get_db_prep_save(rows[0][9], connection)
    prepared = [
        (
            *r[:6],
            benefit.get_db_prep_save(r[6], connection) if r[6] is not None else None,
            r[7],
            trace.get_db_prep_save(r[8], connection),
            at,
        )
        for r in rows
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(prepared), 2000):
            cursor.executemany(sql, prepared[start : start + 2000])


def _clauses_key(clauses: list[ActiveClause], on: dt.date) -> str:
    """The clauses as they decide on ``on``: ids, rule versions and dated parameters' values."""
    return repr([(c.id, c.version, sorted(c.rule.params_at(on).items())) for c in clauses])


def _digest(facts, clauses_key: str) -> str:
    # repr of the facts (ints, Decimals, strings, bools, tuples) is stable across processes,
    # unlike hash(); 16 bytes of blake2b tell a change.
    text = f"{clauses_key}|{sorted(facts.items())!r}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def match_recompute(
    *,
    actor: Actor,
    zone_id: int,
    enterprise_ids: list[int] | None = None,
    clause_ids: list[int] | None = None,
    today: dt.date | None = None,
    batch: int = 2000,
    notify: bool = True,
) -> dict[str, int]:
    """Evaluate every enterprise × clause; keep the qualifying, unknown and nearly qualifying
    results. An enterprise whose facts and clauses are as at its last match is skipped; a
    changed one has its results replaced. ``clause_ids`` (a rule changed) re-evaluates those
    clauses for every enterprise and leaves the enterprises' digests alone (they cover every
    clause), so the next full re-match redoes each enterprise once.

    A result that becomes "qualifies" (it was not before this re-match) tells the enterprise's
    people once (``policy.matched``), in the batch's transaction; ``notify=False`` is for the
    demo's first match, which is the baseline rather than news."""
    today = today or timezone.localdate()
    clauses = active_clauses(zone_id, today, clause_ids)
    ids_of_clauses = [c.id for c in clauses] if clause_ids is None else list(clause_ids)
    full = clause_ids is None
    key = _clauses_key(clauses, today)
    now = timezone.now()
    counts = {"evaluations": 0, "stored": 0, "passed": 0, "skipped": 0, "notified": 0}
    for chunk in snapshots(zone_ids=[zone_id], on=today, enterprise_ids=enterprise_ids, batch=batch):
        held = (
            dict(
                MatchState.objects.filter(enterprise_id__in=[r["pk"] for r, _s in chunk]).values_list(
                    "enterprise_id", "digest"
                )
            )
            if full
            else {}
        )
        rows, states, redone, same = [], [], [], []
        for r, snap in chunk:
            eid = r["pk"]
            facts = build_facts(snap, today)
            if full:
                digest = _digest(facts, key)
                if held.get(eid) == digest:
                    same.append(eid)
                    continue
                states.append(MatchState(zone_id=zone_id, enterprise_id=eid, digest=digest, checked_at=now))
            redone.append(eid)
            for c in clauses:
                outcome, trace = c.rule.evaluate(facts, today)
                if outcome == FAIL:
                    distance = c.rule.distance(trace)
                    if distance > NEAR:
                        continue
                    amount, how = None, ""
                else:
                    distance = 0
                    amount, how = c.benefit.estimate(facts)
                    counts["passed"] += outcome == PASS
                rows.append(
                    (
                        zone_id,
                        eid,
                        c.id,
                        c.version,
                        OUTCOME_VALUE[outcome],
                        distance,
                        amount,
                        how[:300],
                        pack(c.rule, trace, facts),
                        now,
                    )
                )
            counts["evaluations"] += len(clauses)
        with transaction.atomic():
            if same:
                MatchState.objects.filter(enterprise_id__in=same).update(checked_at=now)
            newly: list[tuple[int, int]] = []
            if redone:
                if notify:
                    # read before the replace: what already qualified is not news
                    before = set(
                        Match.objects.filter(
                            enterprise_id__in=redone, clause_id__in=ids_of_clauses, outcome=Outcome.PASSED
                        ).values_list("enterprise_id", "clause_id")
                    )
                    passed = Outcome.PASSED.value
                    newly = [(r[1], r[2]) for r in rows if r[4] == passed and (r[1], r[2]) not in before]
                Match.objects.filter(enterprise_id__in=redone, clause_id__in=ids_of_clauses).delete()
            _upsert(rows)
            if newly:
                counts["notified"] += _notify_matched(zone_id, newly, today)
            MatchState.objects.bulk_create(
                states,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["enterprise"],
                update_fields=["digest", "checked_at"],
            )
        counts["stored"] += len(rows)
        counts["skipped"] += len(same)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="policies.match.recompute",
            object_type="policies.match",
            object_repr="政策匹配重算",
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
