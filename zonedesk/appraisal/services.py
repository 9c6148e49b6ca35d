"""Every write of the appraisal: validate, lock, change, audit — one transaction each.

Process: self-assessment → the assessor scores → department review → publication (公示, an
objection window of working days on the zone's calendar) → objections reviewed by someone other
than the assessor → final. After review a score changes only through a recorded correction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.appraisal import derived, rules
from zonedesk.appraisal.models import (
    AppraisalPeriod,
    AppraisalSheet,
    Correction,
    DecisionKind,
    EmploymentDecision,
    KpiIndicator,
    KpiTemplate,
    Objection,
    ObjectionStatus,
    PeriodKind,
    PeriodStatus,
    Score,
    SheetStatus,
    Source,
    TieRule,
    is_manager,
)
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import diff, snapshot
from zonedesk.organisation.models import PostSystem, User

MAX_PEOPLE = 500


def _today() -> dt.date:
    return timezone.localdate()


def _dec(value, field: str, errors: dict[str, str], *, required: bool = True) -> Decimal | None:
    if value is None or value == "":
        if required:
            errors[field] = _("必填")
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = _("须为数字")
        return None


def _require_manager(actor: Actor, zone_id: int) -> None:
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids or not is_manager(user):
        raise Forbidden("not_manager", _("只有领导或集团人力资源部门可以执行此操作"))


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise Conflict("stale_version", _("该记录已被他人修改，请刷新后重试"))


# -- templates -----------------------------------------------------------------------------------


def _clean_indicators(rows: Sequence[Mapping]) -> tuple[list[dict], dict[str, str]]:
    errors: dict[str, str] = {}
    out: list[dict] = []
    if not rows:
        return [], {"indicators": _("至少需要一个指标")}
    codes: set[str] = set()
    total = Decimal(0)
    for i, row in enumerate(rows):
        p = f"indicators[{i}]."
        code = str(row.get("code") or "").strip()
        name = str(row.get("name") or "").strip()
        source = str(row.get("source") or "")
        if not code:
            errors[p + "code"] = _("请填写指标编码")
        elif code in codes:
            errors[p + "code"] = _("指标编码不能重复：%(c)s") % {"c": code}
        codes.add(code)
        if not name:
            errors[p + "name"] = _("请填写指标名称")
        if source not in Source.values:
            errors[p + "source"] = _("数据来源无效")
        e: dict[str, str] = {}
        weight = _dec(row.get("weight", 0), "weight", e)
        full_at = _dec(row.get("full_at", 100), "full_at", e)
        zero_at = _dec(row.get("zero_at", 0), "zero_at", e)
        none_pct = _dec(row.get("none_pct", 100), "none_pct", e)
        veto_at = _dec(row.get("veto_at"), "veto_at", e, required=False)
        is_veto = bool(row.get("is_veto"))
        if not e:
            e.update(rules.rule_errors(rules.ScoreRule(full_at, zero_at, none_pct, veto_at), weight))
            if is_veto and weight != 0:
                e["weight"] = _("一票否决指标不计分，权重须为 0")
            if is_veto and source != Source.MANUAL and veto_at is None:
                e["veto_at"] = _("系统数据否决指标须设置否决阈值")
            if not is_veto:
                total += weight
        errors.update({p + k: v for k, v in e.items()})
        out.append(
            dict(
                code=code,
                name=name,
                source=source,
                weight=weight,
                full_at=full_at,
                zero_at=zero_at,
                none_pct=none_pct,
                is_veto=is_veto,
                veto_at=veto_at,
                sort=i,
            )
        )
    if not errors and total != 100:
        errors["indicators"] = _("计分指标权重合计须为 100 分（现为 %(t)s）") % {"t": total}
    return out, errors


def template_create(
    *,
    actor: Actor,
    zone_id: int,
    name: str,
    applies_to: str,
    period_kind: str,
    indicators: Sequence[Mapping],
    excellent_at=90,
    pass_at=70,
    basic_at=60,
    note: str = "",
) -> KpiTemplate:
    """A template, or the next version of the template of that name (the old one stays, used by
    the periods that cite it, and is no longer current)."""
    _require_manager(actor, zone_id)
    errors: dict[str, str] = {}
    name, applies_to = name.strip(), applies_to.strip()
    if not name:
        errors["name"] = _("请填写模板名称")
    if not applies_to:
        errors["applies_to"] = _("请填写适用岗位或部门类别")
    if period_kind not in PeriodKind.values:
        errors["period_kind"] = _("考核周期须为 月度/季度/年度")
    ex, pa, ba = (
        _dec(excellent_at, "excellent_at", errors),
        _dec(pass_at, "pass_at", errors),
        _dec(basic_at, "basic_at", errors),
    )
    if not errors and not (Decimal(100) >= ex > pa > ba >= 0):
        errors["excellent_at"] = _("分数线须满足 100 ≥ 优秀 > 合格 > 基本合格 ≥ 0")
    clean, ind_errors = _clean_indicators(indicators)
    errors.update(ind_errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        previous = list(KpiTemplate.objects.select_for_update().filter(zone_id=zone_id, name=name))
        number = max((t.number for t in previous), default=0) + 1
        KpiTemplate.objects.filter(pk__in=[t.pk for t in previous if t.is_current]).update(is_current=False)
        template = KpiTemplate.objects.create(
            zone_id=zone_id,
            name=name,
            applies_to=applies_to,
            period_kind=period_kind,
            number=number,
            excellent_at=ex,
            pass_at=pa,
            basic_at=ba,
            note=note.strip()[:200],
            created_by=actor.user,
        )
        KpiIndicator.objects.bulk_create(
            [KpiIndicator(template=template, zone_id=template.zone_id, **row) for row in clean]
        )
        audit_record(
            actor=actor,
            action="appraisal.template.create",
            obj=template,
            after={**snapshot(template), "indicators": [{k: str(v) for k, v in r.items()} for r in clean]},
        )
    return template


# -- periods -------------------------------------------------------------------------------------


def period_create(
    *,
    actor: Actor,
    zone_id: int,
    name: str,
    template_id: int,
    start: dt.date,
    end: dt.date,
    members: Sequence[Mapping],
    objection_days: int = 5,
    demote_count: int = 0,
    demote_pct=0,
    dismiss_count: int = 0,
    tie_rule: str = TieRule.DERIVED,
) -> AppraisalPeriod:
    """A period with one sheet per member ({person_id, assessor_id, reviewer_id, rank_group}),
    the derived indicators computed at once."""
    _require_manager(actor, zone_id)
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("请填写考核名称")
    template = KpiTemplate.objects.filter(pk=template_id, zone_id=zone_id).first()
    if template is None:
        errors["template_id"] = _("指标模板不存在")
    elif not template.is_current:
        errors["template_id"] = _("请使用现行版本的指标模板")
    if start and end and end < start:
        errors["end"] = _("考核期止不能早于考核期起")
    if not 0 <= int(objection_days) <= 30:
        errors["objection_days"] = _("公示期须为 0–30 个工作日")
    pct = _dec(demote_pct, "demote_pct", errors)
    if pct is not None:
        errors.update(
            rules.ranking_rule_errors(rules.RankingRule(demote_count, pct, dismiss_count, tie_rule))
        )
    if not members:
        errors["members"] = _("请选择被考核人员")
    elif len(members) > MAX_PEOPLE:
        errors["members"] = _("一个考核期最多 %(n)s 人") % {"n": MAX_PEOPLE}
    ids = {int(m.get(k) or 0) for m in members for k in ("person_id", "assessor_id", "reviewer_id")}
    users = {u.pk: u for u in User.objects.filter(pk__in=ids, zone_id=zone_id).select_related("post")}
    people: set[int] = set()
    for i, m in enumerate(members):
        p = f"members[{i}]."
        person = users.get(int(m.get("person_id") or 0))
        assessor = users.get(int(m.get("assessor_id") or 0))
        reviewer = users.get(int(m.get("reviewer_id") or 0))
        if person is None or person.department_id is None:
            errors[p + "person_id"] = _("被考核人不存在或没有所属部门")
        elif person.pk in people:
            errors[p + "person_id"] = _("同一人员不能重复列入")
        else:
            people.add(person.pk)
        if assessor is None:
            errors[p + "assessor_id"] = _("考核人不存在")
        elif person is not None and assessor.pk == person.pk:
            errors[p + "assessor_id"] = _("考核人不能是被考核人本人")
        if reviewer is None:
            errors[p + "reviewer_id"] = _("部门审核人不存在")
        elif person is not None and reviewer.pk == person.pk:
            errors[p + "reviewer_id"] = _("审核人不能是被考核人本人")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        period = AppraisalPeriod.objects.create(
            zone_id=zone_id,
            name=name,
            template=template,
            start=start,
            end=end,
            objection_days=int(objection_days),
            demote_count=demote_count,
            demote_pct=pct,
            dismiss_count=dismiss_count,
            tie_rule=tie_rule,
            created_by=actor.user,
        )
        indicators = list(template.indicators.all())
        sheets = []
        for m in members:
            person = users[int(m["person_id"])]
            sheets.append(
                AppraisalSheet(
                    zone_id=zone_id,
                    period=period,
                    person=person,
                    department_id=person.department_id,
                    post_name=person.post.name if person.post_id else "",
                    post_system=person.post.system if person.post_id else PostSystem.APPOINTMENT,
                    assessor_id=int(m["assessor_id"]),
                    reviewer_id=int(m["reviewer_id"]),
                    rank_group=(str(m.get("rank_group") or "").strip() or person.department.name)[:100],
                )
            )
        AppraisalSheet.objects.bulk_create(sheets)
        sheets = list(period.sheets.select_related("person"))
        Score.objects.bulk_create(
            [Score(sheet=s, zone_id=s.zone_id, indicator=i) for s in sheets for i in indicators]
        )
        _derive(period, sheets, indicators)
        audit_record(
            actor=actor,
            action="appraisal.period.create",
            obj=period,
            after={**snapshot(period), "people": sorted(people)},
        )
    return period


def _derive(period: AppraisalPeriod, sheets: list[AppraisalSheet], indicators: list[KpiIndicator]) -> None:
    """Fill the derived scores of the sheets: one grouped query per source, then the totals."""
    people = [derived.Person(s.person_id, s.person.display_name) for s in sheets]
    by_person = {s.person_id: s for s in sheets}
    scores = {
        (sc.sheet_id, sc.indicator_id): sc
        for sc in Score.objects.filter(sheet__in=sheets).select_related("indicator")
    }
    cache: dict[str, dict[int, derived.Value]] = {}
    changed = []
    for ind in indicators:
        if ind.is_manual:
            continue
        if ind.source not in cache:
            cache[ind.source] = derived.compute(ind.source, period.zone_id, period.start, period.end, people)
        values = cache[ind.source]
        for pid, sheet in by_person.items():
            v = values.get(pid, derived.Value(None, 0, 0, _("本期无相关办件")))
            sc = scores[(sheet.pk, ind.pk)]
            sc.value, sc.numerator, sc.denominator, sc.basis = (
                v.value,
                v.numerator,
                v.denominator,
                v.basis[:300],
            )
            if ind.is_veto:
                sc.points = Decimal(0)
                sc.vetoed = rules.vetoes(v.value, ind.rule())
            else:
                sc.points = rules.score(v.value, ind.rule(), ind.weight)
            changed.append(sc)
    Score.objects.bulk_update(changed, ["value", "numerator", "denominator", "basis", "points", "vetoed"])
    for sheet in sheets:
        _total(sheet, [sc for (sid, _i), sc in scores.items() if sid == sheet.pk], period.template)
        sheet.save(update_fields=["derived_score", "manual_score", "total", "vetoed", "veto_reason", "grade"])


def _total(sheet: AppraisalSheet, scores: list[Score], template: KpiTemplate) -> None:
    derived_points = sum(
        (s.points or 0 for s in scores if not s.indicator.is_manual and not s.indicator.is_veto), Decimal(0)
    )
    manual_points = sum(
        (s.points or 0 for s in scores if s.indicator.is_manual and not s.indicator.is_veto), Decimal(0)
    )
    vetoes = [s for s in scores if s.indicator.is_veto and s.vetoed]
    sheet.derived_score = rules.q2(derived_points)
    sheet.manual_score = rules.q2(manual_points)
    sheet.total = rules.q2(derived_points + manual_points)
    sheet.vetoed = bool(vetoes)
    sheet.veto_reason = "；".join(f"{s.indicator.name}：{s.evidence or s.basis}" for s in vetoes)[:300]
    sheet.grade = rules.grade(sheet.total, sheet.vetoed, template.thresholds())


def _locked_period(actor: Actor, period_id: int) -> AppraisalPeriod:
    from zonedesk.appraisal.selectors import periods_visible

    period = periods_visible(actor.user).select_for_update().filter(pk=period_id).first()
    if period is None:
        raise NotFound()
    return period


def period_refresh(*, actor: Actor, period_id: int, version: int | None = None) -> AppraisalPeriod:
    """Recompute the derived indicators from the current data (while the period is open)."""
    with transaction.atomic():
        period = _locked_period(actor, period_id)
        _require_manager(actor, period.zone_id)
        _check_version(period, version)
        if period.status != PeriodStatus.OPEN:
            raise Conflict("not_open", _("考核已公示，系统数据得分不再重算；如需更改请走更正程序"))
        sheets = list(period.sheets.select_for_update().select_related("person"))
        before = {s.pk: str(s.total) for s in sheets}
        _derive(period, sheets, list(period.template.indicators.all()))
        period.version += 1
        period.save(update_fields=["version"])
        audit_record(
            actor=actor,
            action="appraisal.period.refresh",
            obj=period,
            before={"totals": before},
            after={"totals": {s.pk: str(s.total) for s in sheets}},
        )
    return period


# -- sheets --------------------------------------------------------------------------------------


def _locked_sheet(actor: Actor, sheet_id: int) -> AppraisalSheet:
    from zonedesk.appraisal.selectors import sheets_visible

    sheet = sheets_visible(actor.user).filter(pk=sheet_id).first()
    if sheet is None:
        raise NotFound()
    # Lock the row itself (the scope query above may use DISTINCT, which cannot lock).
    return (
        AppraisalSheet.objects.select_for_update()
        .select_related("period__template", "person")
        .get(pk=sheet.pk)
    )


def _sheet_state(sheet: AppraisalSheet, state: str, what: str) -> None:
    if sheet.period.status != PeriodStatus.OPEN:
        raise Conflict("period_closed", _("考核已公示或定档，不能再%(w)s") % {"w": what})
    if sheet.status != state:
        raise Conflict(
            "wrong_state", _("考核表当前为“%(s)s”，不能%(w)s") % {"s": sheet.get_status_display(), "w": what}
        )


def _save_sheet(actor: Actor, sheet: AppraisalSheet, before: dict, action: str) -> AppraisalSheet:
    sheet.version += 1
    sheet.save()
    b, a = diff(before, snapshot(sheet))
    audit_record(actor=actor, action=action, obj=sheet, before=b, after=a)
    return sheet


def sheet_self_assess(
    *, actor: Actor, sheet_id: int, summary: str, version: int | None = None
) -> AppraisalSheet:
    summary = summary.strip()
    if not summary:
        raise ValidationFailed({"summary": _("请填写个人自评（述职）内容")})
    with transaction.atomic():
        sheet = _locked_sheet(actor, sheet_id)
        if sheet.person_id != actor.user.pk:
            raise Forbidden("not_person", _("只有被考核人本人可以自评"))
        _check_version(sheet, version)
        _sheet_state(sheet, SheetStatus.SELF, _("自评"))
        before = snapshot(sheet)
        last = (
            AppraisalSheet.objects.filter(period_id=sheet.period_id).aggregate(m=Max("self_order"))["m"] or 0
        )
        sheet.self_summary, sheet.self_at, sheet.self_order = summary[:4000], timezone.now(), last + 1
        sheet.status = SheetStatus.ASSESSING
        return _save_sheet(actor, sheet, before, "appraisal.sheet.self_assess")


def score_enter(
    *,
    actor: Actor,
    sheet_id: int,
    indicator_id: int,
    points=None,
    evidence: str = "",
    comment: str = "",
    veto: bool = False,
    version: int | None = None,
) -> Score:
    """The assessor's score of a manual indicator (a veto indicator: veto or not, with evidence)."""
    with transaction.atomic():
        sheet = _locked_sheet(actor, sheet_id)
        if sheet.assessor_id != actor.user.pk:
            raise Forbidden("not_assessor", _("只有本表的考核人可以评分"))
        _check_version(sheet, version)
        _sheet_state(sheet, SheetStatus.ASSESSING, _("评分"))
        sc = Score.objects.select_related("indicator").filter(sheet=sheet, indicator_id=indicator_id).first()
        if sc is None:
            raise ValidationFailed({"indicator_id": _("本表没有该指标")})
        if not sc.indicator.is_manual:
            raise ValidationFailed({"indicator_id": _("该指标由系统数据计算，不能人工评分")})
        errors: dict[str, str] = {}
        if sc.indicator.is_veto:
            value = Decimal(0)
            if veto and not evidence.strip():
                errors["evidence"] = _("一票否决须写明事实依据")
            if not comment.strip():
                errors["comment"] = _("请填写评语")
        else:
            value = _dec(points, "points", errors)
            if not errors:
                errors.update(rules.manual_errors(value, sc.indicator.weight, evidence, comment))
        if errors:
            raise ValidationFailed(errors)
        before = snapshot(sc)
        sc.points, sc.vetoed = value, bool(veto) and sc.indicator.is_veto
        sc.evidence, sc.comment = evidence.strip()[:300], comment.strip()[:300]
        sc.entered_by, sc.entered_at = actor.user, timezone.now()
        sc.save()
        sheet_before = snapshot(sheet)
        _total(sheet, list(sheet.scores.select_related("indicator")), sheet.period.template)
        b, a = diff(before, snapshot(sc))
        audit_record(
            actor=actor,
            action="appraisal.score.enter",
            obj=sheet,
            before={"score": b},
            after={"score": a, "indicator": sc.indicator.code},
        )
        _save_sheet(actor, sheet, sheet_before, "appraisal.sheet.total")
    return sc


def sheet_submit(*, actor: Actor, sheet_id: int, version: int | None = None) -> AppraisalSheet:
    with transaction.atomic():
        sheet = _locked_sheet(actor, sheet_id)
        if sheet.assessor_id != actor.user.pk:
            raise Forbidden("not_assessor", _("只有本表的考核人可以提交评分"))
        _check_version(sheet, version)
        _sheet_state(sheet, SheetStatus.ASSESSING, _("提交评分"))
        missing = [
            sc.indicator.name
            for sc in sheet.scores.select_related("indicator")
            if sc.indicator.is_manual and sc.entered_at is None
        ]
        if missing:
            raise ValidationFailed({"scores": _("以下人工指标尚未评分：%(n)s") % {"n": "、".join(missing)}})
        before = snapshot(sheet)
        sheet.status = SheetStatus.REVIEW
        return _save_sheet(actor, sheet, before, "appraisal.sheet.submit")


def sheet_review(
    *, actor: Actor, sheet_id: int, approve: bool, note: str = "", version: int | None = None
) -> AppraisalSheet:
    with transaction.atomic():
        sheet = _locked_sheet(actor, sheet_id)
        if sheet.reviewer_id != actor.user.pk:
            raise Forbidden("not_reviewer", _("只有本表的部门审核人可以审核"))
        _check_version(sheet, version)
        _sheet_state(sheet, SheetStatus.REVIEW, _("审核"))
        if not approve and not note.strip():
            raise ValidationFailed({"note": _("退回须写明理由")})
        before = snapshot(sheet)
        sheet.status = SheetStatus.DONE if approve else SheetStatus.ASSESSING
        sheet.review_note = note.strip()[:300]
        return _save_sheet(
            actor, sheet, before, "appraisal.sheet.review" if approve else "appraisal.sheet.return"
        )


# -- ranking, publication, objections, final -----------------------------------------------------


def _rank(period: AppraisalPeriod) -> list[AppraisalSheet]:
    sheets = list(period.sheets.select_for_update().select_related("person"))
    names = {s.pk: s.person.display_name for s in sheets}
    groups: dict[str, list[AppraisalSheet]] = {}
    for s in sheets:
        groups.setdefault(s.rank_group, []).append(s)
    rule = period.ranking_rule()
    by_pk = {s.pk: s for s in sheets}
    for members in groups.values():
        entries = [
            rules.Entry(s.pk, s.total, s.vetoed, s.derived_score, s.self_order or 10**6) for s in members
        ]
        for r in rules.rank(entries, rule):
            s = by_pk[r.key]
            s.place, s.flag = r.place, r.flag
            s.tie_note = ""
            if r.tied_with:
                s.tie_note = (
                    _("与%(who)s同为 %(t)s 分；%(rule)s（仍相同者按考核表登记顺序）")
                    % {
                        "who": "、".join(names[k] for k in r.tied_with),
                        "t": s.total,
                        "rule": TieRule(r.tie_broken_by).label,
                    }
                )[:300]
    AppraisalSheet.objects.bulk_update(sheets, ["place", "flag", "tie_note"])
    return sheets


def period_publish(*, actor: Actor, period_id: int, version: int | None = None) -> AppraisalPeriod:
    from zonedesk.workdays.selectors import work_calendar

    with transaction.atomic():
        period = _locked_period(actor, period_id)
        _require_manager(actor, period.zone_id)
        _check_version(period, version)
        if period.status != PeriodStatus.OPEN:
            raise Conflict("not_open", _("考核已公示"))
        pending = period.sheets.exclude(status=SheetStatus.DONE).count()
        if pending:
            raise Conflict(
                "sheets_pending", _("还有 %(n)s 张考核表未完成部门审核，不能公示") % {"n": pending}
            )
        before = snapshot(period)
        _rank(period)
        today = _today()
        period.status = PeriodStatus.PUBLICISED
        period.publicised_on = today
        period.objection_deadline = work_calendar().add_working_days(today, period.objection_days).date
        period.version += 1
        period.save()
        b, a = diff(before, snapshot(period))
        audit_record(actor=actor, action="appraisal.period.publish", obj=period, before=b, after=a)
    return period


def objection_raise(*, actor: Actor, sheet_id: int, reason: str) -> Objection:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": _("请写明异议理由")})
    with transaction.atomic():
        sheet = _locked_sheet(actor, sheet_id)
        if sheet.person_id != actor.user.pk:
            raise Forbidden("not_person", _("只有被考核人本人可以提出异议"))
        period = sheet.period
        if period.status != PeriodStatus.PUBLICISED or _today() > period.objection_deadline:
            raise Conflict("window_closed", _("不在公示期内，不能提出异议"))
        if sheet.objections.filter(status=ObjectionStatus.OPEN).exists():
            raise Conflict("objection_open", _("已有一项异议正在复核"))
        # Reviewed by someone other than the assessor: the department reviewer, else the
        # person who opened the period.
        reviewer_id = sheet.reviewer_id if sheet.reviewer_id != sheet.assessor_id else period.created_by_id
        if reviewer_id in (sheet.assessor_id, sheet.person_id) or reviewer_id is None:
            raise Conflict("no_reviewer", _("没有考核人以外的复核人，请联系人力资源部门"))
        obj = Objection.objects.create(
            zone_id=sheet.zone_id,
            sheet=sheet,
            reason=reason[:2000],
            raised_at=timezone.now(),
            reviewer_id=reviewer_id,
        )
        audit_record(actor=actor, action="appraisal.objection.raise", obj=obj, after=snapshot(obj))
    return obj


def _correct(
    actor: Actor, sheet: AppraisalSheet, indicator_id: int, points, reason: str, objection: Objection | None
) -> Correction:
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("请写明更正理由")
    sc = Score.objects.select_related("indicator").filter(sheet=sheet, indicator_id=indicator_id).first()
    if sc is None:
        errors["indicator_id"] = _("本表没有该指标")
    value = _dec(points, "points", errors)
    if sc is not None and value is not None and not (0 <= value <= sc.indicator.weight):
        errors["points"] = _("得分须在 0–%(w)s 之间（本指标权重）") % {"w": sc.indicator.weight}
    if errors:
        raise ValidationFailed(errors)
    corr = Correction.objects.create(
        zone_id=sheet.zone_id,
        sheet=sheet,
        score=sc,
        before_points=sc.points,
        after_points=value,
        reason=reason.strip()[:300],
        objection=objection,
        by=actor.user,
        at=timezone.now(),
    )
    sc.points = value
    sc.save(update_fields=["points"])
    before = snapshot(sheet)
    _total(sheet, list(sheet.scores.select_related("indicator")), sheet.period.template)
    sheet.version += 1
    sheet.save()
    _rank(sheet.period)
    b, a = diff(before, snapshot(sheet))
    audit_record(
        actor=actor,
        action="appraisal.score.correct",
        obj=sheet,
        before={**b, "points": str(corr.before_points)},
        after={**a, "points": str(value), "reason": corr.reason},
    )
    return corr


def objection_decide(
    *, actor: Actor, objection_id: int, upheld: bool, note: str, indicator_id: int | None = None, points=None
) -> Objection:
    """The reviewer (never the assessor) decides; an upheld objection may correct one score."""
    if not note.strip():
        raise ValidationFailed({"note": _("请填写复核意见")})
    with transaction.atomic():
        obj = Objection.objects.select_for_update().filter(pk=objection_id, reviewer_id=actor.user.pk).first()
        if obj is None:
            raise NotFound()
        sheet = _locked_sheet(actor, obj.sheet_id)
        if obj.status != ObjectionStatus.OPEN:
            raise Conflict("decided", _("该异议已复核"))
        if actor.user.pk == sheet.assessor_id:
            raise Forbidden("assessor", _("考核人不能复核对自己评分的异议"))
        before = snapshot(obj)
        obj.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
        obj.decision_note, obj.decided_at = note.strip()[:300], timezone.now()
        obj.save()
        if upheld and indicator_id:
            _correct(actor, sheet, indicator_id, points, note, obj)
        b, a = diff(before, snapshot(obj))
        audit_record(actor=actor, action="appraisal.objection.decide", obj=obj, before=b, after=a)
    return obj


def score_correct(*, actor: Actor, sheet_id: int, indicator_id: int, points, reason: str) -> Correction:
    """After publication the only way a score changes: a recorded correction by a manager."""
    with transaction.atomic():
        sheet = _locked_sheet(actor, sheet_id)
        _require_manager(actor, sheet.zone_id)
        if sheet.period.status == PeriodStatus.OPEN:
            raise Conflict("still_open", _("考核尚未公示，请由考核人直接修改评分"))
        return _correct(actor, sheet, indicator_id, points, reason, None)


def period_finalise(*, actor: Actor, period_id: int, version: int | None = None) -> AppraisalPeriod:
    with transaction.atomic():
        period = _locked_period(actor, period_id)
        _require_manager(actor, period.zone_id)
        _check_version(period, version)
        if period.status != PeriodStatus.PUBLICISED:
            raise Conflict("not_publicised", _("考核须先公示，才能定档"))
        if period.objection_days and _today() <= period.objection_deadline:
            raise Conflict(
                "window_open", _("公示期至 %(d)s 止，期满后才能定档") % {"d": period.objection_deadline}
            )
        if Objection.objects.filter(sheet__period=period, status=ObjectionStatus.OPEN).exists():
            raise Conflict("objection_open", _("还有异议正在复核，不能定档"))
        before = snapshot(period)
        _rank(period)
        period.status, period.finalised_at = PeriodStatus.FINAL, timezone.now()
        period.version += 1
        period.save()
        b, a = diff(before, snapshot(period))
        audit_record(actor=actor, action="appraisal.period.finalise", obj=period, before=b, after=a)
    return period


def decision_record(
    *, actor: Actor, sheet_id: int, kind: str, effective_on: dt.date | None, note: str = ""
) -> EmploymentDecision:
    """续聘 / 解聘 / 调岗 / 降职降薪 of a 员额制 or 聘任制 post, citing the final appraisal."""
    errors: dict[str, str] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = _("决定须为 续聘/解聘/调岗/降职降薪")
    if effective_on is None:
        errors["effective_on"] = _("请填写生效日期")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        sheet = _locked_sheet(actor, sheet_id)
        _require_manager(actor, sheet.zone_id)
        if sheet.period.status != PeriodStatus.FINAL:
            raise Conflict("not_final", _("考核定档后才能据此作出聘用决定"))
        if sheet.post_system not in (PostSystem.QUOTA, PostSystem.APPOINTMENT):
            raise Conflict("not_contract", _("该岗位不属于员额制或聘任制"))
        if kind == DecisionKind.RENEW and sheet.grade == rules.FAIL:
            raise ValidationFailed(
                {"kind": _("考核不合格（%(r)s）不能续聘") % {"r": sheet.veto_reason or _("总分未达基本合格")}}
            )
        d = EmploymentDecision.objects.create(
            zone_id=sheet.zone_id,
            sheet=sheet,
            kind=kind,
            post_system=sheet.post_system,
            effective_on=effective_on,
            note=note.strip()[:300],
            decided_by=actor.user,
        )
        audit_record(actor=actor, action="appraisal.decision.record", obj=d, after=snapshot(d))
    return d
