"""Writes of the cultivation register: entered facts, certificates, and the tier recompute."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Forbidden, NotFound, ValidationFailed
from zonedesk.cultivation import rules, selectors
from zonedesk.cultivation.models import TIER_RANK, EnterpriseFact, TierAssessment, TierCertificate, TierRule
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.roles import Role
from zonedesk.rules_engine.facts import BOOL, FACTS, MANUAL
from zonedesk.rules_engine.texts import fact_label, unit_label

EDITOR_ROLES = (Role.INVESTMENT_OFFICER, Role.WINDOW_CLERK)
# Called on commit with (zone_id, enterprise_ids) after facts changed (policies re-match).
facts_changed_listeners: list[Callable[[int, list[int] | None], None]] = []


def require_editor(actor: Actor, zone_id: int) -> None:
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*EDITOR_ROLES):
        raise Forbidden("forbidden", _("只有招商专员和综合窗口可以维护培育数据"))


def _enterprise(actor: Actor, enterprise_id: int) -> Enterprise:
    e = Enterprise.objects.visible_to(actor.user).filter(pk=enterprise_id).first() if actor.user else None
    if e is None:
        raise NotFound(_("企业不存在或无权查看"))
    require_editor(actor, e.zone_id)
    return e


@contextmanager
def listeners_paused():
    """Bulk loads (the demo) recompute once at the end instead of once per recorded fact."""
    saved = list(facts_changed_listeners)
    facts_changed_listeners.clear()
    try:
        yield
    finally:
        facts_changed_listeners[:] = saved


def _notify(zone_id: int, enterprise_ids: list[int] | None) -> None:
    for listener in facts_changed_listeners:
        transaction.on_commit(lambda f=listener: f(zone_id, enterprise_ids))


def clean_fact(key: str, year, value, source: str) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    fact = FACTS.get(key)
    if fact is None or fact.origin != MANUAL:
        errors["key"] = _("未知或不可手工填报的事实“%(key)s”") % {"key": key}
        return {}, errors
    try:
        year = int(year or 0)
    except (TypeError, ValueError):
        errors["year"] = _("年度须为整数（不分年度填 0）")
        year = 0
    if year and not 1990 <= year <= 2100:
        errors["year"] = _("年度须在 1990–2100 之间")
    source = (source or "").strip()
    if not source:
        errors["source"] = _("请填写数据来源（如：2025 年审计报告）")
    clean: dict = {"key": key, "year": year, "source": source[:100], "number": None, "flag": None}
    if fact.kind == BOOL:
        if isinstance(value, bool):
            clean["flag"] = value
        elif str(value).strip().lower() in ("true", "1", "是", "yes"):
            clean["flag"] = True
        elif str(value).strip().lower() in ("false", "0", "否", "no"):
            clean["flag"] = False
        else:
            errors["value"] = _("%(fact)s须填 是 或 否") % {"fact": fact_label(fact)}
    else:
        try:
            d = Decimal(str(value).replace(",", "").strip())
            if not d.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["value"] = _("%(fact)s须为数值（单位：%(unit)s）") % {
                "fact": fact_label(fact),
                "unit": unit_label(fact.unit),
            }
        else:
            if d < 0:
                errors["value"] = _("%(fact)s不能为负数") % {"fact": fact_label(fact)}
            elif fact.kind == "count" and d != d.to_integral_value():
                errors["value"] = _("%(fact)s须为整数（%(unit)s）") % {
                    "fact": fact_label(fact),
                    "unit": unit_label(fact.unit),
                }
            clean["number"] = d
    return clean, errors


def enterprise_fact_record(
    *, actor: Actor, enterprise_id: int, key: str, year, value, source: str
) -> EnterpriseFact:
    with transaction.atomic():
        e = _enterprise(actor, enterprise_id)
        clean, errors = clean_fact(key, year, value, source)
        if errors:
            raise ValidationFailed(errors)
        row = (
            EnterpriseFact.objects.select_for_update()
            .filter(enterprise=e, key=clean["key"], year=clean["year"])
            .first()
        )
        before = {"number": row.number, "flag": row.flag, "source": row.source} if row else None
        if row is None:
            row = EnterpriseFact(zone_id=e.zone_id, enterprise=e, key=clean["key"], year=clean["year"])
        row.number, row.flag, row.source, row.recorded_by = (
            clean["number"],
            clean["flag"],
            clean["source"],
            actor.user,
        )
        row.save()
        audit_record(
            actor=actor,
            action="cultivation.fact.record",
            obj=row,
            # The fact's code, not its label: a label would be stored in the writer's language.
            object_repr=f"{e.name} {key} {clean['year'] or ''}",
            before=before,
            after={"number": row.number, "flag": row.flag, "source": row.source},
        )
        _notify(e.zone_id, [e.pk])
    return row


def tier_certificate_record(
    *,
    actor: Actor,
    enterprise_id: int,
    tier: str,
    number: str,
    issuer: str,
    issued_on: dt.date,
    valid_until: dt.date,
) -> TierCertificate:
    with transaction.atomic():
        e = _enterprise(actor, enterprise_id)
        errors = {}
        if tier not in rules.TIERS:
            errors["tier"] = _("请选择层级")
        if not (number or "").strip():
            errors["number"] = _("请填写证书编号")
        if not (issuer or "").strip():
            errors["issuer"] = _("请填写认定机构")
        if issued_on and valid_until and valid_until < issued_on:
            errors["valid_until"] = _("有效期至不能早于发证日期")
        if not issued_on:
            errors["issued_on"] = _("请填写发证日期")
        if not valid_until:
            errors["valid_until"] = _("请填写有效期至")
        if (
            not errors
            and TierCertificate.objects.filter(zone_id=e.zone_id, tier=tier, number=number.strip()).exists()
        ):
            errors["number"] = _("该证书编号已登记")
        if errors:
            raise ValidationFailed(errors)
        cert = TierCertificate.objects.create(
            zone_id=e.zone_id,
            enterprise=e,
            tier=tier,
            number=number.strip(),
            issuer=issuer.strip(),
            issued_on=issued_on,
            valid_until=valid_until,
            recorded_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="cultivation.certificate.record",
            obj=cert,
            # The tier's code: its label would be stored in the writer's language.
            object_repr=f"{e.name} {cert.tier} {cert.number}",
            after={"tier": tier, "number": cert.number, "issued_on": issued_on, "valid_until": valid_until},
        )
        _notify(e.zone_id, [e.pk])
    return cert


def tier_recompute(
    *,
    actor: Actor,
    zone_id: int,
    enterprise_ids: list[int] | None = None,
    today: dt.date | None = None,
    batch: int = 1000,
) -> dict[str, int]:
    """Assess every enterprise (or those given) for every year it has figures; store each
    assessment with its trace; audit each change of an enterprise's current tier; set the
    register's ``growth_tier`` to the latest tier where it differs (audited per enterprise)."""
    today = today or timezone.localdate()
    ladder = selectors.ladder_rules(zone_id)
    compiled = {t: r for t, (_n, r) in ladder.items()}
    versions = {t: n for t, (n, _r) in ladder.items()}
    now = timezone.now()
    counts = {"enterprises": 0, "assessments": 0, "changed": 0, "synced": 0}
    for chunk in selectors.snapshots(
        zone_ids=[zone_id], on=today, enterprise_ids=enterprise_ids, batch=batch
    ):
        with transaction.atomic():
            ids = [r["pk"] for r, _s in chunk]
            current = {}
            for eid, year, tier in (
                TierAssessment.objects.select_for_update()
                .filter(enterprise_id__in=ids)
                .order_by("enterprise_id", "year")
                .values_list("enterprise_id", "year", "tier")
            ):
                current[eid] = (year, tier)
            rows = []
            synced: dict[str, list[int]] = {}
            for r, snap in chunk:
                years = sorted(y for y in snap.figures if y < today.year) or [today.year - 1]
                latest = None
                for year in years:
                    on = min(dt.date(year + 1, 12, 31), today)
                    # Stored texts are in the site's language whoever presses the button;
                    # other languages make them again from the stored codes when shown.
                    with translation.override(settings.LANGUAGE_CODE):
                        a = rules.assess(compiled, snap, on, year)
                    latest = a
                    rows.append(
                        TierAssessment(
                            zone_id=zone_id,
                            enterprise_id=r["pk"],
                            year=year,
                            computed_tier=a.computed_tier,
                            tier=a.tier,
                            rank=TIER_RANK[a.tier],
                            certified=a.certified,
                            next_tier=a.next_tier,
                            distance=a.distance,
                            missing=a.missing,
                            traces=a.traces,
                            rule_versions=versions,
                            computed_at=now,
                        )
                    )
                if latest is not None and r["growth_tier"] != latest.tier:
                    # The register's 成长层级 follows the ladder (one source of truth).
                    synced.setdefault(latest.tier, []).append(r["pk"])
                    audit_record(
                        actor=actor,
                        action="enterprises.growth_tier.sync",
                        object_type="enterprises.enterprise",
                        object_id=r["pk"],
                        object_repr=r["name"],
                        zone_id=zone_id,
                        before={"growth_tier": r["growth_tier"]},
                        after={
                            "growth_tier": latest.tier,
                            "year": latest.year,
                            "certified": latest.certified,
                        },
                    )
                before = current.get(r["pk"])
                changed = latest is not None and (before is None or before[1] != latest.tier)
                if changed and (before is not None or latest.tier):
                    counts["changed"] += 1
                    audit_record(
                        actor=actor,
                        action="cultivation.tier.change",
                        object_type="enterprises.enterprise",
                        object_id=r["pk"],
                        object_repr=r["name"],
                        zone_id=zone_id,
                        before={
                            "tier": before[1] if before else None,
                            "year": before[0] if before else None,
                        },
                        after={"tier": latest.tier, "year": latest.year, "certified": latest.certified},
                    )
            TierAssessment.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["enterprise", "year"],
                update_fields=[
                    "computed_tier",
                    "tier",
                    "rank",
                    "certified",
                    "next_tier",
                    "distance",
                    "missing",
                    "traces",
                    "rule_versions",
                    "computed_at",
                ],
            )
            for tier, ids_of_tier in synced.items():
                Enterprise.objects.filter(pk__in=ids_of_tier).update(growth_tier=tier)
            counts["synced"] += sum(len(v) for v in synced.values())
            counts["enterprises"] += len(chunk)
            counts["assessments"] += len(rows)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="cultivation.tier.recompute",
            object_type="cultivation.tierassessment",
            object_repr=gettext_noop("层级重算"),  # stored as the msgid, translated when shown
            zone_id=zone_id,
            after=counts,
        )
    return counts


def tier_rule_save(*, actor: Actor, zone_id: int, tier: str, rule: dict, note: str = "") -> TierRule:
    """A zone's new version of one tier's rule (e.g. its 独角兽 valuation, or a 待核定 Liaoning
    figure once confirmed); assessments are recomputed in the background."""
    from zonedesk.rules_engine.engine import RuleError, compile_rule

    with transaction.atomic():
        user = actor.user
        if user is None or zone_id not in user.visible_zone_ids or not user.is_business_staff:
            raise NotFound()
        if not user.has_role(Role.INVESTMENT_OFFICER):
            raise Forbidden("forbidden", _("只有招商专员可以修改培育层级规则"))
        if tier not in rules.TIERS:
            raise ValidationFailed({"tier": _("未知的层级“%(tier)s”") % {"tier": tier}})
        try:
            compile_rule(rule)
        except RuleError as exc:
            raise ValidationFailed({f"rule.{p}": r for p, r in exc.errors}, code="rule_invalid") from exc
        last = (
            TierRule.objects.select_for_update()
            .filter(zone_id=zone_id, tier=tier)
            .order_by("-number")
            .first()
        )
        row = TierRule.objects.create(
            zone_id=zone_id,
            tier=tier,
            number=(last.number if last else 0) + 1,
            rule=rule,
            note=note[:200],
            created_by=user,
        )
        audit_record(
            actor=actor,
            action="cultivation.rule.save",
            obj=row,
            object_repr=f"{tier} v{row.number}",
            before={"number": last.number if last else 0, "rule": last.rule if last else None},
            after={"number": row.number, "rule": rule, "note": note},
        )
        _notify(zone_id, None)
    return row
