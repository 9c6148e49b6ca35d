"""Writes of policies: rule versions, matching, 免申即享 confirmation, approval and payment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.cultivation.selectors import snapshots
from zonedesk.organisation.roles import Role
from zonedesk.policies.models import (
    AWARD_TRANSITIONS,
    Award,
    AwardStatus,
    Clause,
    ClauseRule,
    Match,
    Mode,
    Outcome,
)
from zonedesk.rules_engine.benefit import Benefit, compile_benefit
from zonedesk.rules_engine.derive import build_facts
from zonedesk.rules_engine.engine import FAIL, PASS, UNKNOWN, CompiledRule, RuleError, compile_rule
from zonedesk.rules_engine.explain import explain, summary

RULE_EDITORS = (Role.INVESTMENT_OFFICER,)
RECOMPUTERS = (Role.INVESTMENT_OFFICER, Role.WINDOW_CLERK)
ROLE_FOR = {
    "confirm": Role.INVESTMENT_OFFICER,
    "approve": Role.LEADER,
    "pay": Role.INVESTMENT_OFFICER,
    "cancel": Role.INVESTMENT_OFFICER,
}
NEAR = 2  # a failed clause is stored as "nearly" when at most this many conditions stand in the way
OUTCOME = {PASS: Outcome.PASSED, FAIL: Outcome.FAILED, UNKNOWN: Outcome.UNKNOWN}


@dataclass(frozen=True)
class ActiveClause:
    id: int
    zone_id: int
    mode: str
    version: int
    rule: CompiledRule
    benefit: Benefit


_COMPILED: dict[tuple[int, int], tuple[CompiledRule, Benefit]] = {}


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
        key = (cid, number)
        if key not in _COMPILED:
            _COMPILED[key] = (compile_rule(rule), compile_benefit(benefit, clause_cap=cap))
        r, b = _COMPILED[key]
        out.append(ActiveClause(cid, zone_id, mode, number, r, b))
    return out


def _require(actor: Actor, zone_id: int, roles) -> None:
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*roles):
        raise Forbidden("forbidden", "无权执行该操作")


def validate_clause_rule(rule, benefit, cap: Decimal | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        compile_rule(rule)
    except RuleError as exc:
        errors.update({f"rule.{p}": r for p, r in exc.errors})
    try:
        compile_benefit(benefit, clause_cap=cap)
    except RuleError as exc:
        errors.update(dict(exc.errors))
    return errors


def clause_rule_save(
    *, actor: Actor, clause_id: int, rule: dict, benefit: dict, version: int, note: str = ""
) -> ClauseRule:
    """A new version of the clause's rule and formula (the old one stays, for old decisions)."""
    with transaction.atomic():
        clause = Clause.objects.select_for_update().filter(pk=clause_id).first()
        if (
            clause is None
            or actor.user is None
            or not Clause.objects.visible_to(actor.user).filter(pk=clause_id).exists()
        ):
            raise NotFound()
        _require(actor, clause.zone_id, RULE_EDITORS)
        if clause.version != version:
            raise Conflict("stale_version", "该条款已被他人修改，请刷新后再改")
        errors = validate_clause_rule(rule, benefit, clause.cap)
        if errors:
            raise ValidationFailed(errors, code="rule_invalid")
        before = ClauseRule.objects.filter(clause=clause, number=clause.rule_version).first()
        row = ClauseRule.objects.create(
            zone_id=clause.zone_id,
            clause=clause,
            number=clause.rule_version + 1,
            rule=rule,
            benefit=benefit,
            note=note[:200],
            created_by=actor.user,
        )
        clause.rule_version = row.number
        clause.version += 1
        clause.save(update_fields=["rule_version", "version"])
        audit_record(
            actor=actor,
            action="policies.clause.rule",
            obj=clause,
            object_repr=str(clause)[:200],
            before={"number": before.number, "rule": before.rule, "benefit": before.benefit}
            if before
            else None,
            after={"number": row.number, "rule": rule, "benefit": benefit, "note": note},
        )
        zone_id, cid = clause.zone_id, clause.pk
        transaction.on_commit(lambda: _enqueue_clause(zone_id, cid))
    return row


def _enqueue_clause(zone_id: int, clause_id: int) -> None:
    from zonedesk.policies.tasks import clause_changed

    clause_changed.enqueue(zone_id=zone_id, clause_id=clause_id)


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


def match_recompute(
    *,
    actor: Actor,
    zone_id: int,
    enterprise_ids: list[int] | None = None,
    clause_ids: list[int] | None = None,
    today: dt.date | None = None,
    batch: int = 2000,
) -> dict[str, int]:
    """Evaluate every enterprise × clause; store the qualifying, unknown and nearly qualifying
    results with their traces, replacing the previous ones. Reads facts per batch."""
    today = today or timezone.localdate()
    clauses = active_clauses(zone_id, today, clause_ids)
    ids_of_clauses = [c.id for c in clauses] if clause_ids is None else list(clause_ids)
    now = timezone.now()
    counts = {"evaluations": 0, "stored": 0, "passed": 0}
    for chunk in snapshots(zone_ids=[zone_id], on=today, enterprise_ids=enterprise_ids, batch=batch):
        rows = []
        for r, snap in chunk:
            facts = build_facts(snap, today)
            for c in clauses:
                outcome, trace = c.rule.evaluate(facts, today)
                distance = c.rule.distance(trace) if outcome == FAIL else 0
                if distance > NEAR:
                    continue
                amount, how = c.benefit.estimate(facts) if outcome != FAIL else (None, "")
                counts["passed"] += outcome == PASS
                rows.append(
                    Match(
                        zone_id=zone_id,
                        enterprise_id=r["pk"],
                        clause_id=c.id,
                        rule_version=c.version,
                        outcome=OUTCOME[outcome],
                        distance=distance,
                        benefit=amount,
                        benefit_text=how[:300],
                        summary=summary(c.rule, trace, facts)[:600],
                        trace=explain(c.rule, trace, facts),
                        computed_at=now,
                    )
                )
            counts["evaluations"] += len(clauses)
        with transaction.atomic():
            Match.objects.filter(
                enterprise_id__in=[r["pk"] for r, _s in chunk], clause_id__in=ids_of_clauses
            ).delete()
            Match.objects.bulk_create(rows, batch_size=1000)
        counts["stored"] += len(rows)
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


# -- awards ----------------------------------------------------------------------------------------


def auto_award_confirm(
    *, actor: Actor, clause_id: int, period: int, enterprise_ids: list[int], today: dt.date | None = None
) -> list[Award]:
    """免申即享: staff confirm the qualifying list in one batch. Each enterprise is evaluated
    again now; the trace is frozen in its award. One refused, none written."""
    today = today or timezone.localdate()
    with transaction.atomic():
        clause = Clause.objects.select_for_update().select_related("policy").filter(pk=clause_id).first()
        if (
            clause is None
            or actor.user is None
            or not Clause.objects.visible_to(actor.user).filter(pk=clause_id).exists()
        ):
            raise NotFound()
        _require(actor, clause.zone_id, (ROLE_FOR["confirm"],))
        errors = {}
        if clause.mode != Mode.AUTO:
            raise Conflict("not_auto", "该条款须企业申报，不能免申即享")
        if not enterprise_ids:
            errors["enterprise_ids"] = "请至少选择一家企业"
        if not (2000 <= int(period) <= today.year):
            errors["period"] = f"年度须在 2000–{today.year} 之间"
        if errors:
            raise ValidationFailed(errors)
        taken = set(
            Award.objects.filter(clause=clause, period=period, enterprise_id__in=enterprise_ids)
            .exclude(status=AwardStatus.CANCELLED)
            .values_list("enterprise_id", flat=True)
        )
        if taken:
            raise Conflict("already_awarded", f"已有 {len(taken)} 家企业本年度获得该条款兑现，不能重复确认")
        [active] = active_clauses(clause.zone_id, today, [clause.pk]) or [None]
        if active is None:
            raise Conflict("not_in_force", "该政策不在有效期内")
        awards = []
        found = 0
        for chunk in snapshots(zone_ids=[clause.zone_id], on=today, enterprise_ids=enterprise_ids):
            for r, snap in chunk:
                found += 1
                facts = build_facts(snap, today)
                outcome, trace = active.rule.evaluate(facts, today)
                if outcome != PASS:
                    raise ValidationFailed(
                        {
                            "enterprise_ids": f"{r['name']} 不符合该条款"
                            f"（{summary(active.rule, trace, facts)}）"
                        }
                    )
                amount, how = active.benefit.estimate(facts)
                if amount is None:
                    raise ValidationFailed({"enterprise_ids": f"{r['name']}：{how}"})
                awards.append(
                    Award(
                        zone_id=clause.zone_id,
                        clause=clause,
                        enterprise_id=r["pk"],
                        period=period,
                        mode=Mode.AUTO,
                        amount=amount,
                        basis=how[:300],
                        rule_version=active.version,
                        trace=explain(active.rule, trace, facts),
                        confirmed_by=actor.user,
                        confirmed_at=timezone.now(),
                    )
                )
        if found != len(set(enterprise_ids)):
            raise NotFound("部分企业不存在或不属于本园区")
        try:
            with transaction.atomic():
                Award.objects.bulk_create(awards)
        except IntegrityError as exc:
            raise Conflict("already_awarded", "有企业刚刚被他人确认了同一条款同一年度的兑现") from exc
        created = list(
            Award.objects.filter(clause=clause, period=period, enterprise_id__in=enterprise_ids)
            .exclude(status=AwardStatus.CANCELLED)
            .order_by("enterprise_id")
        )
        for a in created:
            audit_record(
                actor=actor,
                action="policies.award.confirm",
                obj=a,
                object_repr=f"{clause.policy.title} {clause.code} {a.period}",
                after={
                    "enterprise_id": a.enterprise_id,
                    "amount": a.amount,
                    "mode": a.mode,
                    "rule_version": a.rule_version,
                },
            )
    return created


def award_act(
    *,
    actor: Actor,
    award_id: int,
    action: str,
    version: int,
    paid_on: dt.date | None = None,
    payment_ref: str = "",
    reason: str = "",
) -> Award:
    if action not in AWARD_TRANSITIONS:
        raise ValidationFailed({"action": f"未知的操作“{action}”"})
    with transaction.atomic():
        award = Award.objects.select_for_update().filter(pk=award_id).first() if actor.user else None
        if award is None or not Award.objects.visible_to(actor.user).filter(pk=award_id).exists():
            raise NotFound()
        _require(actor, award.zone_id, (ROLE_FOR[action],))
        if award.version != version:
            raise Conflict("stale_version", "该兑现记录已被他人处理，请刷新")
        allowed, target = AWARD_TRANSITIONS[action]
        if award.status not in allowed:
            raise Conflict("wrong_state", f"当前状态“{award.get_status_display()}”不能执行该操作")
        before = {"status": award.status, "paid_on": award.paid_on, "payment_ref": award.payment_ref}
        if action == "pay":
            errors = {}
            if paid_on is None:
                errors["paid_on"] = "请填写拨付日期"
            elif paid_on > timezone.localdate():
                errors["paid_on"] = "拨付日期不能晚于今天"
            if not payment_ref.strip():
                errors["payment_ref"] = "请填写拨付凭证号"
            if errors:
                raise ValidationFailed(errors)
            award.paid_on, award.payment_ref = paid_on, payment_ref.strip()[:60]
        if action == "approve":
            award.approved_by, award.approved_at = actor.user, timezone.now()
        if action == "cancel":
            if not reason.strip():
                raise ValidationFailed({"reason": "请填写撤销原因"})
            award.cancel_reason = reason.strip()[:200]
        award.status = target
        award.version += 1
        award.save()
        audit_record(
            actor=actor,
            action=f"policies.award.{action}",
            obj=award,
            object_repr=f"兑现 #{award.pk}",
            before=before,
            after={
                "status": award.status,
                "paid_on": award.paid_on,
                "payment_ref": award.payment_ref,
                "reason": award.cancel_reason,
            },
        )
    return award


# -- the register -----------------------------------------------------------------------------------


def policy_create(
    *,
    actor: Actor,
    zone_id: int,
    title: str,
    number: str,
    issuer: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    summary_text: str = "",
    demo: bool = False,
):
    from zonedesk.policies.models import Policy

    with transaction.atomic():
        _require(actor, zone_id, RULE_EDITORS)
        errors = {}
        if not title.strip():
            errors["title"] = "请填写政策文件名称"
        if not issuer.strip():
            errors["issuer"] = "请填写发文机关"
        if valid_until and valid_until < valid_from:
            errors["valid_until"] = "有效期至不能早于施行日期"
        if Policy.objects.filter(zone_id=zone_id, title=title.strip()).exists():
            errors["title"] = "该政策文件已登记"
        if errors:
            raise ValidationFailed(errors)
        p = Policy.objects.create(
            zone_id=zone_id,
            title=title.strip(),
            number=number.strip(),
            issuer=issuer.strip(),
            valid_from=valid_from,
            valid_until=valid_until,
            summary=summary_text,
            demo=demo,
        )
        audit_record(
            actor=actor,
            action="policies.policy.create",
            obj=p,
            after={
                "title": p.title,
                "number": p.number,
                "valid_from": valid_from,
                "valid_until": valid_until,
                "demo": demo,
            },
        )
    return p


def clause_create(
    *,
    actor: Actor,
    policy_id: int,
    code: str,
    title: str,
    mode: str,
    rule: dict,
    benefit: dict,
    cap: Decimal | None = None,
    text: str = "",
) -> Clause:
    from zonedesk.policies.models import Policy

    with transaction.atomic():
        policy = Policy.objects.select_for_update().filter(pk=policy_id).first()
        if policy is None:
            raise NotFound()
        _require(actor, policy.zone_id, RULE_EDITORS)
        errors = validate_clause_rule(rule, benefit, cap)
        if mode not in Mode.values:
            errors["mode"] = "兑现方式须为 免申即享 或 申报"
        if not code.strip() or not title.strip():
            errors["title" if code.strip() else "code"] = "请填写条款编号和名称"
        if Clause.objects.filter(policy=policy, code=code.strip()).exists():
            errors["code"] = "该条款编号已存在"
        if errors:
            raise ValidationFailed(errors, code="rule_invalid")
        c = Clause.objects.create(
            zone_id=policy.zone_id,
            policy=policy,
            code=code.strip(),
            title=title.strip(),
            text=text,
            mode=mode,
            cap=cap,
            rule_version=1,
        )
        ClauseRule.objects.create(
            zone_id=policy.zone_id,
            clause=c,
            number=1,
            rule=rule,
            benefit=benefit,
            note="初始版本",
            created_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="policies.clause.create",
            obj=c,
            object_repr=str(c)[:200],
            after={"code": c.code, "mode": mode, "cap": cap, "rule": rule, "benefit": benefit},
        )
    return c
