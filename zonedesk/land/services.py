"""Writes to the land register. Each function validates, locks, writes and audits in one
transaction; a refused call changes nothing and writes no audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import diff, jsonable, snapshot
from zonedesk.enterprises.models import Enterprise, Industry
from zonedesk.land import rules
from zonedesk.land.models import (
    LAND_EDIT_ROLES,
    IndicatorDefault,
    LandSetting,
    LandUse,
    Parcel,
    ParcelIndicators,
    ParcelSale,
    ProductionReview,
)
from zonedesk.organisation.models import Zone
from zonedesk.parks.models import Park

PARCEL_FIELDS = (
    "code",
    "location",
    "area_mu",
    "area_m2",
    "land_use",
    "industry_id",
    "park_id",
    "boundary",
    "note",
)
INDICATOR_FIELDS = (*rules.BY_KEY, "environment", "extras", "deviation_reason")


def require_editor(actor: Actor, zone_id: int) -> None:
    if actor.user is None and actor.channel == "command":
        return  # management commands (demo_load) run as the deployment operator
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*LAND_EDIT_ROLES):
        raise Forbidden("forbidden", _("只有招商专员和园区运营方可以维护标准地"))


def _locked(actor: Actor, parcel_id: int) -> Parcel:
    qs = Parcel.objects.all() if actor.user is None else Parcel.objects.visible_to(actor.user)
    row = qs.select_for_update().filter(pk=parcel_id).first()
    if row is None:
        raise NotFound()
    return row


def _check_version(row, version: int | None, what: str) -> None:
    if version is not None and row.version != version:
        raise Conflict(
            "stale_version",
            _("该%(what)s已被他人修改（当前版本 %(now)s，您编辑的是版本 %(old)s），请刷新后再操作")
            % {"what": what, "now": row.version, "old": version},
        )


def _decimal(data: Mapping[str, Any], key: str, errors: dict[str, str], label: str) -> Decimal | None:
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        out = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[key] = _("%(label)s应为数字") % {"label": label}
        return None
    if not out.is_finite():
        errors[key] = _("%(label)s应为数字") % {"label": label}
        return None
    return out


def clean_parcel(zone_id: int, data: Mapping[str, Any], *, current: Parcel | None = None) -> dict[str, Any]:
    """Cleaned parcel fields or ValidationFailed naming each field and rule."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    partial = current is not None

    def given(key: str) -> bool:
        return key in data or not partial

    if given("code"):
        code = str(data.get("code") or "").strip()
        if not code or len(code) > 40:
            errors["code"] = _("请填写地块编号（不超过 40 字）")
        out["code"] = code
    if given("location"):
        out["location"] = str(data.get("location") or "").strip()[:200]
    if given("note"):
        out["note"] = str(data.get("note") or "").strip()[:300]
    if given("land_use"):
        use = data.get("land_use") or LandUse.INDUSTRIAL
        if use not in LandUse.values:
            errors["land_use"] = _("用途应为：%(choices)s") % {
                "choices": pgettext("list separator", "、").join(str(v) for v in LandUse.labels)
            }
        out["land_use"] = use
    if "area_mu" in data or "area_m2" in data or not partial:
        mu = _decimal(data, "area_mu", errors, _("面积（亩）"))
        m2 = _decimal(data, "area_m2", errors, _("面积（平方米）"))
        if not ({"area_mu", "area_m2"} & set(errors)):
            mu, m2, problems = rules.areas(mu, m2)
            errors.update(problems)
            out["area_mu"], out["area_m2"] = mu, m2
    if given("industry_id"):
        ind = data.get("industry_id") or None
        if ind and not Industry.objects.filter(pk=ind).exists():
            errors["industry"] = _("行业不存在")
        out["industry_id"] = ind
    if given("park_id"):
        park = data.get("park_id") or None
        if park and not Park.objects.filter(pk=park, zone_id=zone_id).exists():
            errors["park"] = _("所选产业园不属于本园区")
        out["park_id"] = park
    if given("boundary"):
        geo = data.get("boundary")
        if geo in (None, "", {}):
            out["boundary"] = None
        else:
            problem = rules.boundary_problem(geo)
            if problem:
                errors["boundary"] = problem
            else:
                out["boundary"] = rules.geometry_of(geo)
    if out.get("code"):
        others = Parcel.objects.filter(zone_id=zone_id, code=out["code"])
        if current is not None:
            others = others.exclude(pk=current.pk)
        if others.exists():
            errors["code"] = _("本园区已有地块编号 %(code)s") % {"code": out["code"]}
    if errors:
        raise ValidationFailed(errors)
    return out


def parcel_create(*, actor: Actor, zone: Zone, data: Mapping[str, Any]) -> Parcel:
    require_editor(actor, zone.pk)
    with transaction.atomic():
        clean = clean_parcel(zone.pk, data)
        parcel = Parcel(zone=zone, **clean)
        try:
            with transaction.atomic():
                parcel.save()
        except IntegrityError as exc:
            raise ValidationFailed({"code": _("本园区已有该地块编号")}, code="duplicate") from exc
        audit_record(
            actor=actor,
            action="land.parcel.create",
            obj=parcel,
            after=snapshot(parcel, [*PARCEL_FIELDS, "status"]),
        )
    return parcel


def parcel_update(*, actor: Actor, parcel_id: int, data: Mapping[str, Any], version: int) -> Parcel:
    with transaction.atomic():
        parcel = _locked(actor, parcel_id)
        require_editor(actor, parcel.zone_id)
        _check_version(parcel, version, _("地块"))
        clean = clean_parcel(parcel.zone_id, data, current=parcel)
        if parcel.status != rules.RESERVE and (
            ("area_mu" in clean and clean["area_mu"] != parcel.area_mu)
            or ("code" in clean and clean["code"] != parcel.code)
        ):
            raise ValidationFailed({"area_mu": _("地块已公告出让，编号和面积不能再修改")})
        before = snapshot(parcel, list(PARCEL_FIELDS))
        for key, value in clean.items():
            setattr(parcel, key, value)
        b, a = diff(before, snapshot(parcel, list(PARCEL_FIELDS)))
        if not a:
            return parcel
        parcel.version += 1
        try:
            with transaction.atomic():
                parcel.save()
        except IntegrityError as exc:
            raise ValidationFailed({"code": _("本园区已有该地块编号")}, code="duplicate") from exc
        audit_record(
            actor=actor,
            action="land.parcel.update",
            obj=parcel,
            before={**b, "version": version},
            after={**a, "version": parcel.version},
        )
    return parcel


def default_for(parcel: Parcel) -> IndicatorDefault | None:
    if not parcel.industry_id:
        return None
    return IndicatorDefault.objects.filter(zone_id=parcel.zone_id, industry_id=parcel.industry_id).first()


def parcel_set_indicators(
    *, actor: Actor, parcel_id: int, data: Mapping[str, Any], version: int
) -> ParcelIndicators:
    """Set the parcel's control indicators (values not given come from the industry default);
    a deviation from the default needs a reason. Only before the sale."""
    with transaction.atomic():
        parcel = _locked(actor, parcel_id)
        require_editor(actor, parcel.zone_id)
        _check_version(parcel, version, _("地块"))
        if parcel.status not in (rules.RESERVE, rules.ANNOUNCED):
            raise Conflict("sold", _("地块已出让，控制指标以出让时为准，不能再修改"))
        default = default_for(parcel)
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for ind in rules.INDICATORS:
            v = _decimal(data, ind.key, errors, ind.label)
            if v is None and default is not None and ind.key not in errors:
                v = getattr(default, ind.key)
            values[ind.key] = v
        errors.update({k: v for k, v in rules.indicator_problems(values).items() if k not in errors})
        extras = data.get("extras") or []
        errors.update(rules.extra_problems(extras))
        reason = str(data.get("deviation_reason") or "").strip()[:300]
        problem = rules.deviation_problem(default.values() if default else None, values, reason)
        if problem:
            errors["deviation_reason"] = problem
        if errors:
            raise ValidationFailed(errors)
        environment = str(data.get("environment") or (default.environment if default else "")).strip()[:200]
        row = ParcelIndicators.objects.filter(parcel=parcel).first()
        before = snapshot(row, list(INDICATOR_FIELDS)) if row else {}
        if row is None:
            row = ParcelIndicators(zone_id=parcel.zone_id, parcel=parcel)
        for key, value in values.items():
            setattr(row, key, value)
        row.environment, row.extras, row.deviation_reason = environment, jsonable(extras), reason
        row.save()
        parcel.version += 1
        parcel.save(update_fields=["version", "updated_at"])
        b, a = diff(before, snapshot(row, list(INDICATOR_FIELDS)))
        audit_record(actor=actor, action="land.parcel.indicators", obj=parcel, before=b, after=a)
    return row


def parcel_move(*, actor: Actor, parcel_id: int, to_status: str, version: int) -> Parcel:
    """Announce or withdraw an offer, record supply/start and 达产. 已出让 comes only from a sale
    and 已复核 only from a decided review."""
    with transaction.atomic():
        parcel = _locked(actor, parcel_id)
        require_editor(actor, parcel.zone_id)
        _check_version(parcel, version, _("地块"))
        if to_status not in rules.TRANSITIONS.get(parcel.status, ()):
            raise Conflict(
                "bad_move",
                _("地块当前为“%(now)s”，不能转为“%(to)s”")
                % {"now": parcel.get_status_display(), "to": to_status},
            )
        if to_status == rules.ANNOUNCED and not hasattr(parcel, "indicators"):
            raise Conflict("no_indicators", _("出让公告前请先设置控制指标"))
        before = parcel.status
        parcel.status = to_status
        parcel.version += 1
        parcel.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="land.parcel.move",
            obj=parcel,
            before={"status": before},
            after={"status": to_status},
        )
    return parcel


def land_setting(zone_id: int) -> LandSetting:
    return LandSetting.objects.filter(zone_id=zone_id).first() or LandSetting(zone_id=zone_id)


def parcel_sell(
    *, actor: Actor, parcel_id: int, data: Mapping[str, Any], version: int, upload: Any = None
) -> ParcelSale:
    """Record the sale and the agreement's commitments (never looser than the indicators);
    the 达产复核 falls due the zone's configured months after the agreed 达产 date."""
    errors: dict[str, str] = {}
    committed = {ind.key: _decimal(data, ind.key, errors, ind.label) for ind in rules.INDICATORS}
    price = _decimal(data, "price_wan", errors, _("出让价款"))
    if price is None and "price_wan" not in errors:
        errors["price_wan"] = _("请填写出让价款（万元）")
    elif price is not None and price <= 0:
        errors["price_wan"] = _("出让价款须大于 0")
    sold_on, due = data.get("sold_on"), data.get("production_due_on")
    if not isinstance(sold_on, dt.date):
        errors["sold_on"] = _("请填写出让日期")
    elif sold_on > timezone.localdate():
        errors["sold_on"] = _("出让日期不能晚于今天")
    if not isinstance(due, dt.date):
        errors["production_due_on"] = _("请填写协议约定的达产日期")
    elif isinstance(sold_on, dt.date) and due <= sold_on:
        errors["production_due_on"] = _("达产日期应晚于出让日期")
    clauses = {}
    for key, label, default in (("rectify_months", _("整改期限（月）"), 12),):
        v = data.get(key, default)
        if not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 60:
            errors[key] = _("%(label)s应为 1–60 的整数") % {"label": label}
        clauses[key] = v
    for key, label, default, hi in (
        ("penalty_rate", _("违约金比例"), Decimal(1), Decimal(10)),
        ("reclaim_below", _("收回比例"), Decimal("0.5"), Decimal(1)),
    ):
        v = _decimal(data, key, errors, label)
        v = default if v is None else v
        if not Decimal(0) <= v <= hi:
            errors[key] = _("%(label)s应在 0–%(hi)s 之间") % {"label": label, "hi": hi}
        clauses[key] = v
    with transaction.atomic():
        parcel = _locked(actor, parcel_id)
        require_editor(actor, parcel.zone_id)
        _check_version(parcel, version, _("地块"))
        if parcel.status != rules.ANNOUNCED:
            raise Conflict(
                "bad_move",
                _("只有已发布出让公告的地块可以登记出让（当前：%(s)s）") % {"s": parcel.get_status_display()},
            )
        indicators = ParcelIndicators.objects.filter(parcel=parcel).first()
        if indicators is None:
            raise Conflict("no_indicators", _("地块尚未设置控制指标"))
        enterprise_id = data.get("enterprise_id")
        if (
            not enterprise_id
            or not Enterprise.objects.filter(pk=enterprise_id, zone_id=parcel.zone_id).exists()
        ):
            errors["enterprise"] = _("竞得企业应为本园区企业库中的企业")
        errors.update(
            {
                k: v
                for k, v in rules.stricter_problems(indicators.values(), committed).items()
                if k not in errors
            }
        )
        if (
            committed.get("far_min") is not None
            and committed.get("far_max") is not None
            and committed["far_min"] > committed["far_max"]
        ):
            errors.setdefault("far_max", _("承诺容积率上限不能小于下限"))
        if errors:
            raise ValidationFailed(errors)
        stored = None
        if upload is not None:
            from zonedesk.files.services import file_store

            stored = file_store(actor=actor, zone_id=parcel.zone_id, upload=upload)
        sale = ParcelSale.objects.create(
            zone_id=parcel.zone_id,
            parcel=parcel,
            enterprise_id=enterprise_id,
            sold_on=sold_on,
            price_wan=price,
            agreement=stored,
            production_due_on=due,
            extras=indicators.extras,
            **committed,
            **clauses,
        )
        setting = land_setting(parcel.zone_id)
        review = ProductionReview.objects.create(
            zone_id=parcel.zone_id,
            parcel=parcel,
            sale=sale,
            due_on=rules.review_due_on(due, setting.review_after_months),
        )
        parcel.status = rules.SOLD
        parcel.version += 1
        parcel.save(update_fields=["status", "version", "updated_at"])
        # The zone's side of the signed sale (land handed over, roads and water to the site)
        # goes on the commitment register, linked to the sale, in the same transaction.
        from zonedesk.commitments.services import sale_commitments_create

        zone_side = sale_commitments_create(actor=actor, sale=sale)
        audit_record(
            actor=actor,
            action="land.parcel.sell",
            obj=parcel,
            before={"status": rules.ANNOUNCED},
            after={
                "status": rules.SOLD,
                **snapshot(sale),
                "review_due_on": review.due_on.isoformat(),
                "agreement": stored.sha256 if stored else None,
                "zone_commitments": [c.number for c in zone_side],
            },
        )
    return sale


REVIEW_INPUTS = ("investment_wan", "tax_wan", "energy_tce", "output_wan", "floor_area_m2")


def review_decide(
    *,
    actor: Actor,
    review_id: int,
    data: Mapping[str, Any],
    version: int,
    upload: Any = None,
    on: dt.date | None = None,
) -> ProductionReview:
    """Decide a 达产复核 from the figures entered (with evidence): the pure rule computes each
    indicator and the consequence per the agreement's clauses; the result is audited."""
    errors: dict[str, str] = {}
    labels = {
        "investment_wan": _("固定资产投资"),
        "tax_wan": _("年度税收"),
        "energy_tce": _("年综合能耗"),
        "output_wan": _("年产值"),
        "floor_area_m2": _("总建筑面积"),
    }
    inputs = {k: _decimal(data, k, errors, labels[k]) for k in REVIEW_INPUTS}
    for key in ("investment_wan", "tax_wan"):
        if inputs[key] is None and key not in errors:
            errors[key] = _("请填写%(label)s（万元）") % {"label": labels[key]}
    for key, value in inputs.items():
        if value is not None and value < 0:
            errors[key] = _("%(label)s不能为负数") % {"label": labels[key]}
    note = str(data.get("note") or "").strip()[:500]
    with transaction.atomic():
        qs = (
            ProductionReview.objects.all()
            if actor.user is None
            else ProductionReview.objects.visible_to(actor.user)
        )
        review = qs.select_for_update().select_related("sale", "parcel").filter(pk=review_id).first()
        if review is None:
            raise NotFound()
        require_editor(actor, review.zone_id)
        if review.version != version:
            raise Conflict("stale_version", _("该复核已被他人处理，请刷新后再操作"))
        if review.status != ProductionReview.Status.DUE:
            raise Conflict("decided", _("该复核已于 %(d)s 作出结论") % {"d": review.decided_on})
        parcel = Parcel.objects.select_for_update().get(pk=review.parcel_id)
        if parcel.status not in (rules.SUPPLIED, rules.PRODUCING, rules.SOLD):
            raise Conflict("bad_move", _("地块当前状态不能复核"))
        sale = review.sale
        extras_actual: dict[str, Decimal] = {}
        raw_extras = data.get("extras_actual") or {}
        if not isinstance(raw_extras, Mapping):
            errors["extras_actual"] = _("附加指标实际值应为对象")
            raw_extras = {}
        for e in sale.extras:
            v = _decimal(raw_extras, e["key"], errors, e["label"])
            if v is not None:
                extras_actual[e["key"]] = v
        today = timezone.localdate()
        on = on or today
        if on > today or on < sale.sold_on:
            errors["on"] = _("复核日期应在出让日期与今天之间")
        if errors:
            raise ValidationFailed(errors)
        result = rules.review(
            rules.ReviewInput(
                area_mu=parcel.area_mu,
                area_m2=parcel.area_m2,
                committed=sale.values(),
                **inputs,
                extras_committed=tuple(
                    (e["key"], e["label"], e.get("unit", ""), e["direction"], Decimal(str(e["value"])))
                    for e in sale.extras
                ),
                extras_actual=extras_actual,
                clauses=sale.clauses(),
                decided_on=on,
            )
        )
        stored = None
        if upload is not None:
            from zonedesk.files.services import file_store

            stored = file_store(actor=actor, zone_id=review.zone_id, upload=upload)
        for key, value in inputs.items():
            setattr(review, key, value)
        review.tax_year = data.get("tax_year") if isinstance(data.get("tax_year"), int) else None
        review.extras_actual = jsonable(extras_actual)
        review.evidence = stored
        review.result = result.as_dict()
        review.status = ProductionReview.Status.PASSED if result.passed else ProductionReview.Status.FAILED
        review.consequence = result.consequence
        review.rectify_until = result.rectify_until
        review.penalty_wan = result.penalty_wan
        review.decided_on, review.decided_by, review.note = on, actor.user, note
        review.version += 1
        review.save()
        before_status = parcel.status
        parcel.status = rules.REVIEWED
        parcel.version += 1
        parcel.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="land.review.decide",
            obj=parcel,
            before={"status": before_status, "review": review.pk},
            after={
                "status": rules.REVIEWED,
                "inputs": jsonable(inputs),
                "result": review.result,
                "evidence": stored.sha256 if stored else None,
            },
            message=note,
        )
    return review


def sale_agreement_attach(*, actor: Actor, parcel_id: int, upload: Any) -> ParcelSale:
    """Attach (or replace) the signed investment agreement of a sold parcel."""
    with transaction.atomic():
        parcel = _locked(actor, parcel_id)
        require_editor(actor, parcel.zone_id)
        sale = ParcelSale.objects.select_for_update().filter(parcel=parcel).first()
        if sale is None:
            raise Conflict("not_sold", _("地块尚未出让，没有投资协议可上传"))
        from zonedesk.files.services import file_store

        stored = file_store(actor=actor, zone_id=parcel.zone_id, upload=upload)
        before = sale.agreement.sha256 if sale.agreement_id else None
        sale.agreement = stored
        sale.save(update_fields=["agreement"])
        audit_record(
            actor=actor,
            action="land.sale.agreement",
            obj=parcel,
            before={"agreement": before},
            after={"agreement": stored.sha256},
        )
    return sale


def parcel_links_sync(*, actor: Actor, zone_id: int) -> dict[str, Any]:
    """Link the parcel codes that approval projects, regional assessments and pipeline
    projects carry as text to the land register's parcels. Codes without a parcel stay in
    the text and are reported (never dropped). Idempotent; audited with its report."""
    from zonedesk.approvals.models import ConstructionProject, RegionalAssessment
    from zonedesk.projects.models import Project

    require_editor(actor, zone_id)
    parcels = dict(Parcel.objects.filter(zone_id=zone_id).values_list("code", "pk"))
    linked, unknown = 0, []
    with transaction.atomic():
        for model, label in ((RegionalAssessment, "区域评估"), (ConstructionProject, "工程建设项目")):
            for row in model.objects.filter(zone_id=zone_id).prefetch_related("parcel_refs"):
                codes = rules.parcel_codes(row.parcels)
                have = {p.pk for p in row.parcel_refs.all()}
                want = {parcels[c] for c in codes if c in parcels}
                if want - have:
                    row.parcel_refs.add(*(want - have))
                    linked += len(want - have)
                unknown += [
                    f"{label}「{getattr(row, 'title', None) or row.name}」：{c}"
                    for c in codes
                    if c not in parcels
                ]
        for row in Project.objects.filter(zone_id=zone_id).exclude(parcel=""):
            codes = rules.parcel_codes(row.parcel)
            known = [parcels[c] for c in codes if c in parcels]
            if known and row.parcel_ref_id != known[0]:
                Project.objects.filter(pk=row.pk).update(parcel_ref_id=known[0])
                linked += 1
            unknown += [f"招商项目「{row.name}」：{c}" for c in codes if c not in parcels]
        report = {"linked": linked, "unknown": unknown}
        audit_record(
            actor=actor,
            action="land.parcel.link",
            zone_id=zone_id,
            object_type="land.parcel",
            after={"linked": linked, "unknown": unknown[:200]},
        )
    return report
