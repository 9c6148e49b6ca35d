"""Writes of policies: rule versions, matching, 免申即享 confirmation, approval and payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.cultivation.selectors import snapshots
from zonedesk.organisation.roles import Role
from zonedesk.policies.matching import (  # noqa: F401  (re-exported: callers use services.*)
    NEAR,
    OUTCOME,
    ActiveClause,
    active_clauses,
    evaluate_enterprise,
    match_recompute,
)
from zonedesk.policies.models import (
    AWARD_TRANSITIONS,
    Award,
    AwardStatus,
    Clause,
    ClauseRule,
    Mode,
)
from zonedesk.rules_engine.benefit import basis_stored, basis_text, compile_benefit
from zonedesk.rules_engine.derive import build_facts
from zonedesk.rules_engine.engine import PASS, RuleError, compile_rule
from zonedesk.rules_engine.explain import explain, summary

RULE_EDITORS = (Role.INVESTMENT_OFFICER,)
RECOMPUTERS = (Role.INVESTMENT_OFFICER, Role.WINDOW_CLERK)
ROLE_FOR = {
    "confirm": Role.INVESTMENT_OFFICER,
    "approve": Role.LEADER,
    "pay": Role.INVESTMENT_OFFICER,
    "cancel": Role.INVESTMENT_OFFICER,
}


def _require(actor: Actor, zone_id: int, roles) -> None:
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*roles):
        raise Forbidden("forbidden", _("无权执行该操作"))


def _stored_basis(figures: dict, how: str) -> str:
    """The award keeps the figures of its amount as a code, read in each reader's language."""
    stored = basis_stored(figures)
    return stored if len(stored) <= 300 else how[:300]


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
            raise Conflict("stale_version", _("该条款已被他人修改，请刷新后再改"))
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
            raise Conflict("not_auto", _("该条款须企业申报，不能免申即享"))
        if not enterprise_ids:
            errors["enterprise_ids"] = _("请至少选择一家企业")
        if not (2000 <= int(period) <= today.year):
            errors["period"] = _("年度须在 2000–%(last)s 之间") % {"last": today.year}
        if errors:
            raise ValidationFailed(errors)
        taken = set(
            Award.objects.filter(clause=clause, period=period, enterprise_id__in=enterprise_ids)
            .exclude(status=AwardStatus.CANCELLED)
            .values_list("enterprise_id", flat=True)
        )
        if taken:
            raise Conflict(
                "already_awarded",
                ngettext(
                    "已有 %(n)s 家企业本年度获得该条款兑现，不能重复确认",
                    "已有 %(n)s 家企业本年度获得该条款兑现，不能重复确认",
                    len(taken),
                )
                % {"n": len(taken)},
            )
        [active] = active_clauses(clause.zone_id, today, [clause.pk]) or [None]
        if active is None:
            raise Conflict("not_in_force", _("该政策不在有效期内"))
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
                            "enterprise_ids": _("%(name)s 不符合该条款（%(why)s）")
                            % {"name": r["name"], "why": summary(active.rule, trace, facts)}
                        }
                    )
                amount, figures = active.benefit.reckon(facts)
                how = basis_text(figures)
                if amount is None:
                    raise ValidationFailed(
                        {"enterprise_ids": _("%(name)s：%(why)s") % {"name": r["name"], "why": how}}
                    )
                awards.append(
                    Award(
                        zone_id=clause.zone_id,
                        clause=clause,
                        enterprise_id=r["pk"],
                        period=period,
                        mode=Mode.AUTO,
                        amount=amount,
                        basis=_stored_basis(figures, how),
                        rule_version=active.version,
                        trace=explain(active.rule, trace, facts),
                        confirmed_by=actor.user,
                        confirmed_at=timezone.now(),
                    )
                )
        if found != len(set(enterprise_ids)):
            raise NotFound(_("部分企业不存在或不属于本园区"))
        try:
            with transaction.atomic():
                Award.objects.bulk_create(awards)
        except IntegrityError as exc:
            raise Conflict("already_awarded", _("有企业刚刚被他人确认了同一条款同一年度的兑现")) from exc
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
        raise ValidationFailed({"action": _("未知的操作“%(action)s”") % {"action": action}})
    with transaction.atomic():
        award = Award.objects.select_for_update().filter(pk=award_id).first() if actor.user else None
        if award is None or not Award.objects.visible_to(actor.user).filter(pk=award_id).exists():
            raise NotFound()
        _require(actor, award.zone_id, (ROLE_FOR[action],))
        if award.version != version:
            raise Conflict("stale_version", _("该兑现记录已被他人处理，请刷新"))
        allowed, target = AWARD_TRANSITIONS[action]
        if award.status not in allowed:
            raise Conflict(
                "wrong_state",
                _("当前状态“%(state)s”不能执行该操作") % {"state": award.get_status_display()},
            )
        before = {"status": award.status, "paid_on": award.paid_on, "payment_ref": award.payment_ref}
        if action == "pay":
            errors = {}
            if paid_on is None:
                errors["paid_on"] = _("请填写拨付日期")
            elif paid_on > timezone.localdate():
                errors["paid_on"] = _("拨付日期不能晚于今天")
            if not payment_ref.strip():
                errors["payment_ref"] = _("请填写拨付凭证号")
            if errors:
                raise ValidationFailed(errors)
            award.paid_on, award.payment_ref = paid_on, payment_ref.strip()[:60]
        if action == "approve":
            award.approved_by, award.approved_at = actor.user, timezone.now()
        if action == "cancel":
            if not reason.strip():
                raise ValidationFailed({"reason": _("请填写撤销原因")})
            award.cancel_reason = reason.strip()[:200]
        award.status = target
        award.version += 1
        award.save()
        audit_record(
            actor=actor,
            action=f"policies.award.{action}",
            obj=award,
            object_repr=f"#{award.pk}",  # the kind (兑现记录) is shown from object_type, translated
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
            errors["title"] = _("请填写政策文件名称")
        if not issuer.strip():
            errors["issuer"] = _("请填写发文机关")
        if valid_until and valid_until < valid_from:
            errors["valid_until"] = _("有效期至不能早于施行日期")
        if Policy.objects.filter(zone_id=zone_id, title=title.strip()).exists():
            errors["title"] = _("该政策文件已登记")
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
            errors["mode"] = _("兑现方式须为免申即享或申报")
        if not code.strip() or not title.strip():
            errors["title" if code.strip() else "code"] = _("请填写条款编号和名称")
        if Clause.objects.filter(policy=policy, code=code.strip()).exists():
            errors["code"] = _("该条款编号已存在")
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
            note=gettext_noop("初始版本"),
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


# -- 申报 -------------------------------------------------------------------------------------------

REVIEWER = Role.INVESTMENT_OFFICER


def _review_due(started: dt.datetime, pauses: list[dict]) -> tuple[dt.date, bool]:
    """The review deadline on the working-day clock, stopped while the enterprise supplements."""
    from zonedesk.policies.models import REVIEW_WORKING_DAYS
    from zonedesk.workdays.clock import Clock, Limit, Pause
    from zonedesk.workdays.selectors import work_calendar

    local = timezone.localtime
    clock = Clock(
        local(started),
        Limit(REVIEW_WORKING_DAYS, "working_days"),
        [
            Pause(
                local(dt.datetime.fromisoformat(p["start"])),
                local(dt.datetime.fromisoformat(p["end"])) if p.get("end") else None,
            )
            for p in pauses
        ],
    )
    due = clock.deadline(work_calendar(), local(timezone.now()))
    return due.date, due.provisional


def _materials(enterprise_id: int, material_ids) -> list:
    from zonedesk.approvals.models import MaterialRecord

    ids = sorted(set(material_ids or []))
    found = list(MaterialRecord.objects.filter(enterprise_id=enterprise_id, pk__in=ids))
    if len(found) != len(ids):
        raise ValidationFailed({"material_ids": _("所选材料不在本企业的材料库中")})
    return found


def application_submit(
    *, actor: Actor, clause_id: int, period: int, statement: str = "", material_ids: list[int] | None = None
):
    """The enterprise applies under a 申报 clause; its current evaluation is recorded with it."""
    from zonedesk.policies.models import ApplicationStatus, PolicyApplication

    user = actor.user
    today = timezone.localdate()
    with transaction.atomic():
        if user is None or not user.enterprise_id:
            raise Forbidden("forbidden", _("只有企业用户可以申报"))
        clause = Clause.objects.select_for_update().filter(pk=clause_id).first()
        if clause is None or not Clause.objects.visible_to(user).filter(pk=clause_id).exists():
            raise NotFound()
        if clause.mode != Mode.APPLY:
            raise Conflict("not_apply", _("该条款为免申即享，无需申报"))
        if not (2000 <= int(period) <= today.year):
            raise ValidationFailed({"period": _("年度须在 2000–%(last)s 之间") % {"last": today.year}})
        materials = _materials(user.enterprise_id, material_ids)
        if (
            PolicyApplication.objects.filter(clause=clause, enterprise_id=user.enterprise_id, period=period)
            .exclude(status=ApplicationStatus.REFUSED)
            .exists()
        ):
            raise Conflict("already_applied", _("本企业本年度已申报该条款"))
        [active] = active_clauses(clause.zone_id, today, [clause.pk]) or [None]
        if active is None:
            raise Conflict("not_in_force", _("该政策不在有效期内"))
        outcome = "unknown"
        for chunk in snapshots(zone_ids=[clause.zone_id], on=today, enterprise_ids=[user.enterprise_id]):
            facts = build_facts(chunk[0][1], today)
            outcome = OUTCOME[active.rule.evaluate(facts, today)[0]].value
        now = timezone.now()
        due, provisional = _review_due(now, [])
        app = PolicyApplication.objects.create(
            zone_id=clause.zone_id,
            clause=clause,
            enterprise_id=user.enterprise_id,
            period=period,
            statement=statement[:2000],
            outcome_at_submission=outcome,
            submitted_by=user,
            submitted_at=now,
            due_on=due,
            due_provisional=provisional,
        )
        app.materials.set(materials)
        audit_record(
            actor=actor,
            action="policies.application.submit",
            obj=app,
            object_repr=f"{clause.title} {period}",
            after={
                "clause_id": clause.pk,
                "period": period,
                "outcome": outcome,
                "materials": [m.pk for m in materials],
                "due_on": due,
            },
        )
    return app


def application_review(
    *,
    actor: Actor,
    application_id: int,
    decision: str,
    version: int,
    reason: str = "",
    today: dt.date | None = None,
):
    """accept → an award (trace frozen, then the same approval and payment); supplement (补正,
    the clock stops) or refuse, each with a reason."""
    from zonedesk.policies.models import ApplicationStatus, PolicyApplication

    today = today or timezone.localdate()
    if decision not in ("accept", "supplement", "refuse"):
        raise ValidationFailed({"decision": _("未知的审核结论“%(decision)s”") % {"decision": decision}})
    with transaction.atomic():
        app = PolicyApplication.objects.select_for_update().filter(pk=application_id).first()
        if (
            app is None
            or actor.user is None
            or not PolicyApplication.objects.visible_to(actor.user).filter(pk=application_id).exists()
        ):
            raise NotFound()
        _require(actor, app.zone_id, (REVIEWER,))
        if app.version != version:
            raise Conflict("stale_version", _("该申报已被他人处理，请刷新"))
        if app.status != ApplicationStatus.SUBMITTED:
            raise Conflict(
                "wrong_state", _("当前状态“%(state)s”不能审核") % {"state": app.get_status_display()}
            )
        if decision != "accept" and not reason.strip():
            raise ValidationFailed({"reason": _("请填写补正要求或不予支持的理由")})
        before = {"status": app.status, "due_on": app.due_on}
        now = timezone.now()
        if decision == "accept":
            [active] = active_clauses(app.zone_id, today, [app.clause_id]) or [None]
            if active is None:
                raise Conflict("not_in_force", _("该政策不在有效期内"))
            snap = next(
                iter(snapshots(zone_ids=[app.zone_id], on=today, enterprise_ids=[app.enterprise_id]))
            )[0][1]
            facts = build_facts(snap, today)
            outcome, trace = active.rule.evaluate(facts, today)
            if outcome != PASS:
                raise ValidationFailed(
                    {
                        "decision": _("按现有数据不符合该条款：%(why)s")
                        % {"why": summary(active.rule, trace, facts)}
                    }
                )
            amount, figures = active.benefit.reckon(facts)
            how = basis_text(figures)
            if amount is None:
                raise ValidationFailed({"decision": how})
            if (
                Award.objects.filter(
                    clause_id=app.clause_id, enterprise_id=app.enterprise_id, period=app.period
                )
                .exclude(status=AwardStatus.CANCELLED)
                .exists()
            ):
                raise Conflict("already_awarded", _("该企业本年度已获得该条款的兑现"))
            app.award = Award.objects.create(
                zone_id=app.zone_id,
                clause_id=app.clause_id,
                enterprise_id=app.enterprise_id,
                period=app.period,
                mode=Mode.APPLY,
                amount=amount,
                basis=_stored_basis(figures, how),
                rule_version=active.version,
                trace=explain(active.rule, trace, facts),
                confirmed_by=actor.user,
                confirmed_at=now,
            )
            app.status = ApplicationStatus.ACCEPTED
            audit_record(
                actor=actor,
                action="policies.award.confirm",
                obj=app.award,
                object_repr=f"#{app.pk}",
                after={"amount": amount, "mode": Mode.APPLY},
            )
        elif decision == "supplement":
            app.status = ApplicationStatus.SUPPLEMENT
            app.pauses = [
                *app.pauses,
                {"start": now.isoformat(), "end": None, "reason": reason.strip()[:300]},
            ]
        else:
            app.status = ApplicationStatus.REFUSED
        app.reason = reason.strip()[:300]
        app.decided_by, app.decided_at = actor.user, now
        app.version += 1
        app.save()
        audit_record(
            actor=actor,
            action=f"policies.application.{decision}",
            obj=app,
            object_repr=f"#{app.pk}",
            before=before,
            after={"status": app.status, "reason": app.reason, "award_id": app.award_id},
        )
    return app


def application_resubmit(
    *,
    actor: Actor,
    application_id: int,
    version: int,
    statement: str = "",
    material_ids: list[int] | None = None,
):
    """The enterprise supplies what 补正 asked for; the review clock resumes where it stopped."""
    from zonedesk.policies.models import ApplicationStatus, PolicyApplication

    with transaction.atomic():
        user = actor.user
        app = PolicyApplication.objects.select_for_update().filter(pk=application_id).first()
        if (
            app is None
            or user is None
            or not PolicyApplication.objects.visible_to(user).filter(pk=application_id).exists()
        ):
            raise NotFound()
        if user.enterprise_id != app.enterprise_id:
            raise Forbidden("forbidden", _("只有申报企业可以补正"))
        if app.version != version:
            raise Conflict("stale_version", _("该申报已变化，请刷新"))
        if app.status != ApplicationStatus.SUPPLEMENT:
            raise Conflict("wrong_state", _("当前不需要补正"))
        materials = _materials(app.enterprise_id, material_ids)
        now = timezone.now()
        pauses = [dict(p) for p in app.pauses]
        pauses[-1]["end"] = now.isoformat()
        app.pauses = pauses
        app.due_on, app.due_provisional = _review_due(app.submitted_at, pauses)
        if statement.strip():
            app.statement = statement[:2000]
        app.status = ApplicationStatus.SUBMITTED
        app.version += 1
        app.save()
        if materials:
            app.materials.add(*materials)
        audit_record(
            actor=actor,
            action="policies.application.resubmit",
            obj=app,
            object_repr=f"#{app.pk}",
            before={"status": ApplicationStatus.SUPPLEMENT},
            after={"status": app.status, "due_on": app.due_on, "materials": [m.pk for m in materials]},
        )
    return app
