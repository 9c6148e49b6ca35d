"""Writes to the enterprise registry. Every function validates, locks, writes and audits
in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from zonedesk.core.jsonable import diff, jsonable, snapshot
from zonedesk.enterprises.models import (
    Enterprise,
    EnterpriseFlag,
    EnterpriseYearFigure,
    FlagKind,
    Industry,
)
from zonedesk.enterprises.rules import Lookups, clean_enterprise, clean_figures
from zonedesk.organisation.models import Zone
from zonedesk.organisation.roles import Role
from zonedesk.parks.models import Park

# Who keeps the register: the window takes enterprises in, investment brings them.
EDITOR_ROLES = frozenset({Role.WINDOW_CLERK, Role.INVESTMENT_OFFICER})

ENTERPRISE_FIELDS = (
    "credit_code", "name", "legal_representative", "industry_id", "park_id", "address",
    "registered_on", "staff_size", "credit_grade", "credit_source", "credit_valid_until",
    "contact_name", "contact_phone",
)
FIGURE_FIELDS = ("year", "revenue", "tax", "rd_spending", "staff", "tech_staff")
DUPLICATE_CODE = "该统一社会信用代码已登记，不能重复添加"
def require_editor(actor: Actor, zone_id: int) -> None:
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*EDITOR_ROLES):
        raise Forbidden("forbidden", "只有综合窗口和招商专员可以维护企业库")


def lookups_for(zone_id: int) -> Lookups:
    parks = dict(Park.objects.filter(zone_id=zone_id).values_list("name", "id"))
    return Lookups(
        industries=dict(Industry.objects.values_list("code", "id")),
        parks=parks,
        park_ids=set(parks.values()),
        today=timezone.localdate(),
    )


def _locked_enterprise(actor: Actor, enterprise_id: int) -> Enterprise:
    # visible_to first, so a hidden enterprise is a 404 and never a lock on someone else's row.
    row = (Enterprise.objects.visible_to(actor.user).select_for_update()
           .filter(pk=enterprise_id).first()) if actor.user else None
    if row is None:
        raise NotFound()
    return row


def enterprise_create(*, actor: Actor, zone: Zone, data: Mapping[str, Any]) -> Enterprise:
    require_editor(actor, zone.pk)
    clean, errors = clean_enterprise(data, lookups_for(zone.pk))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if Enterprise.objects.filter(zone=zone, credit_code=clean["credit_code"]).exists():
            raise ValidationFailed({"credit_code": DUPLICATE_CODE}, code="duplicate")
        enterprise = Enterprise(zone=zone, **clean)
        try:
            with transaction.atomic():
                enterprise.save()
        except IntegrityError as exc:  # a concurrent create of the same code won the race
            raise ValidationFailed({"credit_code": DUPLICATE_CODE}, code="duplicate") from exc
        audit_record(actor=actor, action="enterprise.create", obj=enterprise,
                     after=snapshot(enterprise, list(ENTERPRISE_FIELDS)))
    return enterprise


def enterprise_update(*, actor: Actor, enterprise_id: int, data: Mapping[str, Any],
                      version: int) -> Enterprise:
    with transaction.atomic():
        enterprise = _locked_enterprise(actor, enterprise_id)
        require_editor(actor, enterprise.zone_id)
        if enterprise.version != version:
            raise Conflict(
                "stale_version",
                f"该企业信息已被他人修改（当前版本 {enterprise.version}，您编辑的是版本 {version}），"
                "请刷新页面查看最新内容后再修改",
            )
        clean, errors = clean_enterprise(data, lookups_for(enterprise.zone_id), partial=True)
        if "credit_code" in clean and clean["credit_code"] != enterprise.credit_code and (
            Enterprise.objects.filter(zone_id=enterprise.zone_id, credit_code=clean["credit_code"])
            .exclude(pk=enterprise.pk).exists()
        ):
            errors["credit_code"] = "该统一社会信用代码已登记在另一家企业名下"
        merged = {**snapshot(enterprise, list(ENTERPRISE_FIELDS)), **jsonable(clean)}
        if merged.get("credit_grade") and not merged.get("credit_source"):
            errors.setdefault("credit_source", "填写信用等级时须注明来源")
        if errors:
            raise ValidationFailed(errors)
        before = snapshot(enterprise, list(ENTERPRISE_FIELDS))
        for key, value in clean.items():
            setattr(enterprise, key, value)
        after = snapshot(enterprise, list(ENTERPRISE_FIELDS))
        b, a = diff(before, after)
        if not a:
            return enterprise
        enterprise.version += 1
        try:
            with transaction.atomic():
                enterprise.save()
        except IntegrityError as exc:  # another editor took the new code in the meantime
            raise ValidationFailed({"credit_code": "该统一社会信用代码已登记在另一家企业名下"},
                                   code="duplicate") from exc
        audit_record(actor=actor, action="enterprise.update", obj=enterprise,
                     before={**b, "version": version}, after={**a, "version": enterprise.version})
    return enterprise


def enterprise_flag_add(*, actor: Actor, enterprise_id: int, kind: str, listed_on: dt.date,
                        source: str = "", note: str = "") -> EnterpriseFlag:
    errors: dict[str, str] = {}
    if kind not in FlagKind.values:
        errors["kind"] = "名单类别应为 严重失信主体、失信被执行人、经营异常名录 之一"
    if listed_on > timezone.localdate():
        errors["listed_on"] = "列入日期不能晚于今天"
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        enterprise = _locked_enterprise(actor, enterprise_id)
        require_editor(actor, enterprise.zone_id)
        if enterprise.flags.filter(kind=kind, removed_on__isnull=True).exists():
            raise Conflict("flag_exists", "该企业已在此名单中，请先登记移出再重新列入")
        flag = EnterpriseFlag.objects.create(zone_id=enterprise.zone_id, enterprise=enterprise,
                                             kind=kind, listed_on=listed_on, source=source[:100],
                                             note=note[:300])
        audit_record(actor=actor, action="enterprise.flag_add", obj=enterprise,
                     after=snapshot(flag))
    return flag


def enterprise_flag_remove(*, actor: Actor, flag_id: int, removed_on: dt.date,
                           enterprise_id: int | None = None) -> EnterpriseFlag:
    """``enterprise_id``, when given, must be the flag's enterprise (the page it was shown on)."""
    with transaction.atomic():
        flags = EnterpriseFlag.objects.select_for_update().filter(
            pk=flag_id, enterprise__in=Enterprise.objects.visible_to(actor.user))
        if enterprise_id is not None:
            flags = flags.filter(enterprise_id=enterprise_id)
        flag = flags.first()
        if flag is None:
            raise NotFound()
        require_editor(actor, flag.zone_id)
        if flag.removed_on is not None:
            raise Conflict("already_removed", "该名单记录已登记移出")
        if removed_on < flag.listed_on:
            raise ValidationFailed({"removed_on": "移出日期不能早于列入日期"})
        if removed_on > timezone.localdate():
            raise ValidationFailed({"removed_on": "移出日期不能晚于今天"})
        before = snapshot(flag)
        flag.removed_on = removed_on
        flag.save(update_fields=["removed_on"])
        audit_record(actor=actor, action="enterprise.flag_remove", obj=flag.enterprise,
                     before=before, after=snapshot(flag))
    return flag


def enterprise_figures_set(*, actor: Actor, enterprise_id: int,
                           data: Mapping[str, Any]) -> EnterpriseYearFigure:
    clean, errors = clean_figures(data, this_year=timezone.localdate().year)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        enterprise = _locked_enterprise(actor, enterprise_id)
        require_editor(actor, enterprise.zone_id)
        figure = EnterpriseYearFigure.objects.filter(enterprise=enterprise,
                                                     year=clean["year"]).first()
        before = snapshot(figure) if figure else None
        if figure is None:
            figure = EnterpriseYearFigure(zone_id=enterprise.zone_id, enterprise=enterprise)
        for key, value in clean.items():
            setattr(figure, key, value)
        figure.save()
        audit_record(actor=actor, action="enterprise.figures_set", obj=enterprise,
                     before=before, after=snapshot(figure))
    return figure


__all__ = [
    "ServiceError",
    "enterprise_create",
    "enterprise_figures_set",
    "enterprise_flag_add",
    "enterprise_flag_remove",
    "enterprise_update",
]
