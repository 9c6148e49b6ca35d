"""Writes to the parks register: buildings, units, leases, exits and incubation. Each function
validates, locks, writes and audits in one transaction; a refused call changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import snapshot
from zonedesk.enterprises.models import Enterprise
from zonedesk.parks.models import (
    PARK_EDIT_ROLES,
    Building,
    ExitReason,
    Incubation,
    Lease,
    Park,
    ParkExit,
    ParkKind,
    Unit,
    UnitKind,
    UnitStatus,
)


def require_editor(actor: Actor, zone_id: int) -> None:
    if actor.user is None and actor.channel == "command":
        return
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*PARK_EDIT_ROLES):
        raise Forbidden("forbidden", _("只有招商专员和园区运营方可以维护园区载体"))


def _visible(actor: Actor, model):
    qs = model.objects.all()
    if actor.user is not None:
        qs = qs.filter(zone_id__in=actor.user.visible_zone_ids)
    return qs


def _dec(
    data: Mapping[str, Any],
    key: str,
    label: str,
    errors: dict[str, str],
    *,
    required: bool = True,
    positive: bool = False,
) -> Decimal | None:
    value = data.get(key)
    if value in (None, ""):
        if required:
            errors[key] = _("请填写%(label)s") % {"label": label}
        return None
    try:
        out = Decimal(str(value))
        if not out.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors[key] = _("%(label)s应为数字") % {"label": label}
        return None
    if positive and out <= 0:
        errors[key] = _("%(label)s须大于 0") % {"label": label}
    elif out < 0:
        errors[key] = _("%(label)s不能为负数") % {"label": label}
    return out


def building_create(*, actor: Actor, park_id: int, data: Mapping[str, Any]) -> Building:
    name = str(data.get("name") or "").strip()
    errors = {}
    if not name or len(name) > 60:
        errors["name"] = _("请填写楼栋名称（不超过 60 字）")
    floors = data.get("floors", 1)
    if not isinstance(floors, int) or isinstance(floors, bool) or not 1 <= floors <= 200:
        errors["floors"] = _("层数应为 1–200 的整数")
    with transaction.atomic():
        park = _visible(actor, Park).select_for_update().filter(pk=park_id).first()
        if park is None:
            raise NotFound()
        require_editor(actor, park.zone_id)
        if name and Building.objects.filter(park=park, name=name).exists():
            errors["name"] = _("本产业园已有楼栋“%(name)s”") % {"name": name}
        if errors:
            raise ValidationFailed(errors)
        b = Building.objects.create(
            zone_id=park.zone_id, park=park, name=name, floors=floors, note=str(data.get("note") or "")[:200]
        )
        audit_record(actor=actor, action="parks.building.create", obj=b, after=snapshot(b))
    return b


def unit_create(*, actor: Actor, building_id: int, data: Mapping[str, Any]) -> Unit:
    errors: dict[str, str] = {}
    code = str(data.get("code") or "").strip()
    if not code or len(code) > 40:
        errors["code"] = _("请填写单元编号（不超过 40 字）")
    area = _dec(data, "area_m2", _("可租面积（平方米）"), errors, positive=True)
    kind = data.get("kind") or UnitKind.FACTORY
    if kind not in UnitKind.values:
        errors["kind"] = _("类型应为标准厂房、办公、仓储或孵化")
    status = data.get("status") or UnitStatus.LEASABLE
    if status not in UnitStatus.values:
        errors["status"] = _("状态应为可出租、改造中或自用")
    floor = data.get("floor", 1)
    if not isinstance(floor, int) or isinstance(floor, bool) or not -5 <= floor <= 200:
        errors["floor"] = _("楼层应为 -5–200 的整数")
    since = data.get("available_since") or timezone.localdate()
    if not isinstance(since, dt.date):
        errors["available_since"] = _("可出租起始日应为日期")
    with transaction.atomic():
        building = _visible(actor, Building).select_for_update().filter(pk=building_id).first()
        if building is None:
            raise NotFound()
        require_editor(actor, building.zone_id)
        if code and Unit.objects.filter(building=building, code=code).exists():
            errors["code"] = _("本楼栋已有单元“%(code)s”") % {"code": code}
        if errors:
            raise ValidationFailed(errors)
        u = Unit.objects.create(
            zone_id=building.zone_id,
            building=building,
            code=code,
            floor=floor,
            area_m2=area,
            kind=kind,
            status=status,
            available_since=since,
        )
        audit_record(actor=actor, action="parks.unit.create", obj=u, after=snapshot(u))
    return u


def unit_set_status(*, actor: Actor, unit_id: int, status: str, version: int) -> Unit:
    if status not in UnitStatus.values:
        raise ValidationFailed({"status": _("状态应为可出租、改造中或自用")})
    with transaction.atomic():
        u = _visible(actor, Unit).select_for_update().filter(pk=unit_id).first()
        if u is None:
            raise NotFound()
        require_editor(actor, u.zone_id)
        if u.version != version:
            raise Conflict("stale_version", _("该单元已被他人修改，请刷新后再操作"))
        before = u.status
        u.status, u.version = status, u.version + 1
        u.save(update_fields=["status", "version"])
        audit_record(
            actor=actor,
            action="parks.unit.status",
            obj=u,
            before={"status": before},
            after={"status": status},
        )
    return u


def lease_create(*, actor: Actor, unit_id: int, data: Mapping[str, Any]) -> Lease:
    """Lease a unit to an enterprise of the same zone for dates that overlap no other lease of
    the unit. The unit's row is locked first, so of two clerks leasing it at once one wins
    and the other gets a 409 naming the lease in the way."""
    errors: dict[str, str] = {}
    start, end = data.get("start_on"), data.get("end_on")
    if not isinstance(start, dt.date):
        errors["start_on"] = _("请填写起租日")
    if not isinstance(end, dt.date):
        errors["end_on"] = _("请填写到期日")
    elif isinstance(start, dt.date) and end < start:
        errors["end_on"] = _("到期日不能早于起租日")
    rent = _dec(data, "rent_yuan_m2_month", _("租金（元/平方米/月）"), errors)
    deposit = _dec(data, "deposit_yuan", _("押金（元）"), errors, required=False) or Decimal("0")
    free = data.get("free_months", 0) or 0
    if not isinstance(free, int) or isinstance(free, bool) or not 0 <= free <= 36:
        errors["free_months"] = _("免租期应为 0–36 个月")
    elif isinstance(start, dt.date) and isinstance(end, dt.date) and free and (end - start).days < free * 28:
        errors["free_months"] = _("免租期不能长于租期")
    contract_no = str(data.get("contract_no") or "").strip()[:40]
    with transaction.atomic():
        unit = (
            _visible(actor, Unit)
            .select_for_update()
            .select_related("building__park")
            .filter(pk=unit_id)
            .first()
        )
        if unit is None:
            raise ValidationFailed({"unit_id": _("单元不存在或不属于您所在的园区")})
        require_editor(actor, unit.zone_id)
        if unit.status != UnitStatus.LEASABLE:
            errors["unit_id"] = _("该单元当前为“%(s)s”，不能出租") % {"s": unit.get_status_display()}
        enterprise_id = data.get("enterprise_id")
        if (
            not enterprise_id
            or not Enterprise.objects.filter(pk=enterprise_id, zone_id=unit.zone_id).exists()
        ):
            errors["enterprise_id"] = _("承租企业应为本园区企业库中的企业")
        if errors:
            raise ValidationFailed(errors)
        clash = (
            Lease.objects.filter(unit=unit, start_on__lte=end, occupied_until__gte=start)
            .select_related("enterprise")
            .first()
        )
        if clash is not None:
            raise Conflict(
                "lease_overlap",
                _("起租日/到期日与该单元已有租约重叠：%(name)s %(a)s 至 %(b)s")
                % {"name": clash.enterprise.name, "a": clash.start_on, "b": clash.occupied_until},
                field="start_on",
            )
        lease = Lease(
            zone_id=unit.zone_id,
            unit=unit,
            enterprise_id=enterprise_id,
            contract_no=contract_no,
            start_on=start,
            end_on=end,
            occupied_until=end,
            rent_yuan_m2_month=rent,
            free_months=free,
            deposit_yuan=deposit,
        )
        try:
            with transaction.atomic():
                lease.save()
        except IntegrityError as exc:  # the PostgreSQL exclusion constraint: a lease got in first
            raise Conflict("lease_overlap", _("该单元在这段时间已有租约"), field="start_on") from exc
        audit_record(actor=actor, action="parks.lease.create", obj=lease, after=snapshot(lease))
    return lease


# --- corrections -----------------------------------------------------------------------------
# Each edit takes the version the user saw: a stale form is a Conflict, never a silent overwrite.


def _stale(row, version: int, what: str) -> None:
    if row.version != version:
        raise Conflict(
            "stale_version", _("该%(what)s已被他人修改，请刷新后再操作") % {"what": what}, field="version"
        )


def building_update(*, actor: Actor, building_id: int, data: Mapping[str, Any], version: int) -> Building:
    errors: dict[str, str] = {}
    with transaction.atomic():
        b = _visible(actor, Building).select_for_update().filter(pk=building_id).first()
        if b is None:
            raise NotFound()
        require_editor(actor, b.zone_id)
        _stale(b, version, _("楼栋"))
        before = snapshot(b)
        if "name" in data:
            name = str(data.get("name") or "").strip()
            if not name or len(name) > 60:
                errors["name"] = _("请填写楼栋名称（不超过 60 字）")
            elif Building.objects.filter(park_id=b.park_id, name=name).exclude(pk=b.pk).exists():
                errors["name"] = _("本产业园已有楼栋“%(name)s”") % {"name": name}
            b.name = name
        if "floors" in data:
            floors = data.get("floors")
            if not isinstance(floors, int) or isinstance(floors, bool) or not 1 <= floors <= 200:
                errors["floors"] = _("层数应为 1–200 的整数")
            b.floors = floors
        if "note" in data:
            b.note = str(data.get("note") or "")[:200]
        if errors:
            raise ValidationFailed(errors)
        b.version += 1
        b.save()
        audit_record(actor=actor, action="parks.building.update", obj=b, before=before, after=snapshot(b))
    return b


def unit_update(*, actor: Actor, unit_id: int, data: Mapping[str, Any], version: int) -> Unit:
    """Correct a unit's register entry. Its area counts in occupancy on every date, so a
    correction changes the past figures too (the audit row keeps the old value)."""
    errors: dict[str, str] = {}
    with transaction.atomic():
        u = _visible(actor, Unit).select_for_update().filter(pk=unit_id).first()
        if u is None:
            raise NotFound()
        require_editor(actor, u.zone_id)
        _stale(u, version, _("单元"))
        before = snapshot(u)
        if "code" in data:
            code = str(data.get("code") or "").strip()
            if not code or len(code) > 40:
                errors["code"] = _("请填写单元编号（不超过 40 字）")
            elif Unit.objects.filter(building_id=u.building_id, code=code).exclude(pk=u.pk).exists():
                errors["code"] = _("本楼栋已有单元“%(code)s”") % {"code": code}
            u.code = code
        if "area_m2" in data:
            area = _dec(data, "area_m2", _("可租面积（平方米）"), errors, positive=True)
            if area is not None:
                u.area_m2 = area
        if "kind" in data:
            if data.get("kind") not in UnitKind.values:
                errors["kind"] = _("类型应为标准厂房、办公、仓储或孵化")
            u.kind = data.get("kind")
        if "status" in data:
            if data.get("status") not in UnitStatus.values:
                errors["status"] = _("状态应为可出租、改造中或自用")
            u.status = data.get("status")
        if "floor" in data:
            floor = data.get("floor")
            if not isinstance(floor, int) or isinstance(floor, bool) or not -5 <= floor <= 200:
                errors["floor"] = _("楼层应为 -5–200 的整数")
            u.floor = floor
        if "available_since" in data:
            if not isinstance(data.get("available_since"), dt.date):
                errors["available_since"] = _("可出租起始日应为日期")
            u.available_since = data.get("available_since")
        if errors:
            raise ValidationFailed(errors)
        u.version += 1
        u.save()
        audit_record(actor=actor, action="parks.unit.update", obj=u, before=before, after=snapshot(u))
    return u


LEASE_EDIT_FIELDS = ("contract_no", "start_on", "end_on", "rent_yuan_m2_month", "free_months", "deposit_yuan")


def lease_update(*, actor: Actor, lease_id: int, data: Mapping[str, Any], version: int) -> Lease:
    """Correct a running lease (dates, rent, free period, deposit, contract number); the tenant
    and the unit are not edited (that is another lease). A lease that has ended (退出) is
    history and is not edited. New dates must overlap no other lease of the unit: the unit's
    row is locked as in lease_create."""
    with transaction.atomic():
        lease = _visible(actor, Lease).select_for_update().filter(pk=lease_id).first()
        if lease is None:
            raise NotFound()
        require_editor(actor, lease.zone_id)
        _stale(lease, version, _("租约"))
        if lease.ended_on is not None:
            raise Conflict("lease_ended", _("该租约已于 %(d)s 退租，不能再修改") % {"d": lease.ended_on})
        Unit.objects.select_for_update().filter(pk=lease.unit_id).first()
        before = snapshot(lease)
        merged = {k: data.get(k, getattr(lease, k)) for k in LEASE_EDIT_FIELDS}
        errors: dict[str, str] = {}
        start, end = merged["start_on"], merged["end_on"]
        if not isinstance(start, dt.date):
            errors["start_on"] = _("请填写起租日")
        if not isinstance(end, dt.date):
            errors["end_on"] = _("请填写到期日")
        elif isinstance(start, dt.date) and end < start:
            errors["end_on"] = _("到期日不能早于起租日")
        rent = _dec(merged, "rent_yuan_m2_month", _("租金（元/平方米/月）"), errors)
        deposit = _dec(merged, "deposit_yuan", _("押金（元）"), errors, required=False) or Decimal("0")
        free = merged["free_months"] or 0
        if not isinstance(free, int) or isinstance(free, bool) or not 0 <= free <= 36:
            errors["free_months"] = _("免租期应为 0–36 个月")
        elif not errors and free and (end - start).days < free * 28:
            errors["free_months"] = _("免租期不能长于租期")
        if errors:
            raise ValidationFailed(errors)
        clash = (
            Lease.objects.filter(unit_id=lease.unit_id, start_on__lte=end, occupied_until__gte=start)
            .exclude(pk=lease.pk)
            .select_related("enterprise")
            .first()
        )
        if clash is not None:
            raise Conflict(
                "lease_overlap",
                _("起租日/到期日与该单元已有租约重叠：%(name)s %(a)s 至 %(b)s")
                % {"name": clash.enterprise.name, "a": clash.start_on, "b": clash.occupied_until},
                field="start_on",
            )
        lease.contract_no = str(merged["contract_no"] or "").strip()[:40]
        lease.start_on, lease.end_on, lease.occupied_until = start, end, end
        lease.rent_yuan_m2_month, lease.free_months, lease.deposit_yuan = rent, free, deposit
        lease.version += 1
        try:
            with transaction.atomic():
                lease.save()
        except IntegrityError as exc:  # the PostgreSQL exclusion constraint
            raise Conflict("lease_overlap", _("该单元在这段时间已有租约"), field="start_on") from exc
        audit_record(
            actor=actor, action="parks.lease.update", obj=lease, before=before, after=snapshot(lease)
        )
    return lease


def lease_exit(
    *,
    actor: Actor,
    lease_id: int,
    exited_on: dt.date,
    reason: str,
    replacement_id: int | None = None,
    note: str = "",
) -> ParkExit:
    """The tenant leaves (退出): the lease ends on ``exited_on`` and the exit is recorded with
    its reason and the replacement tenant, if any (腾笼换鸟)."""
    errors: dict[str, str] = {}
    if reason not in ExitReason.values:
        errors["reason"] = _("退出原因应为低效、到期、违约、迁出或转型")
    if not isinstance(exited_on, dt.date):
        errors["exited_on"] = _("请填写退出日期")
    elif exited_on > timezone.localdate():
        errors["exited_on"] = _("退出日期不能晚于今天")
    with transaction.atomic():
        lease = (
            _visible(actor, Lease)
            .select_for_update()
            .select_related("unit__building__park", "enterprise")
            .filter(pk=lease_id)
            .first()
        )
        if lease is None:
            raise NotFound()
        require_editor(actor, lease.zone_id)
        if ParkExit.objects.filter(lease=lease).exists():
            raise Conflict("already_exited", _("该租约已登记退出"))
        if isinstance(exited_on, dt.date) and not lease.start_on <= exited_on <= lease.end_on:
            errors["exited_on"] = _("退出日期应在起租日 %(a)s 与到期日 %(b)s 之间") % {
                "a": lease.start_on,
                "b": lease.end_on,
            }
        if (
            replacement_id
            and not Enterprise.objects.filter(pk=replacement_id, zone_id=lease.zone_id).exists()
        ):
            errors["replacement_id"] = _("替换入驻企业应为本园区企业库中的企业")
        if replacement_id == lease.enterprise_id:
            errors["replacement_id"] = _("替换入驻企业不能是退出企业本身")
        if errors:
            raise ValidationFailed(errors)
        before = {"occupied_until": lease.occupied_until.isoformat(), "ended_on": None}
        if exited_on < lease.end_on:
            lease.ended_on = exited_on
        lease.occupied_until = exited_on
        lease.version += 1
        lease.save(update_fields=["ended_on", "occupied_until", "version"])
        row = ParkExit.objects.create(
            zone_id=lease.zone_id,
            park=lease.unit.building.park,
            enterprise=lease.enterprise,
            lease=lease,
            exited_on=exited_on,
            reason=reason,
            replacement_id=replacement_id or None,
            note=note[:300],
            recorded_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="parks.lease.exit",
            obj=lease,
            before=before,
            after={
                "occupied_until": exited_on.isoformat(),
                "exit": row.pk,
                "reason": reason,
                "replacement": replacement_id,
            },
            message=note[:500],
        )
    return row


def incubation_start(
    *, actor: Actor, park_id: int, enterprise_id: int, started_on: dt.date, note: str = ""
) -> Incubation:
    with transaction.atomic():
        park = _visible(actor, Park).select_for_update().filter(pk=park_id).first()
        if park is None:
            raise NotFound()
        require_editor(actor, park.zone_id)
        errors = {}
        if park.kind != ParkKind.INCUBATOR:
            errors["park"] = _("只有孵化基地可以登记在孵企业")
        if not Enterprise.objects.filter(pk=enterprise_id, zone_id=park.zone_id).exists():
            errors["enterprise_id"] = _("在孵企业应为本园区企业库中的企业")
        elif Incubation.objects.filter(
            park=park, enterprise_id=enterprise_id, graduated_on__isnull=True
        ).exists():
            errors["enterprise_id"] = _("该企业已在本基地孵化")
        if not isinstance(started_on, dt.date) or started_on > timezone.localdate():
            errors["started_on"] = _("入孵日期应为不晚于今天的日期")
        if errors:
            raise ValidationFailed(errors)
        row = Incubation.objects.create(
            zone_id=park.zone_id,
            park=park,
            enterprise_id=enterprise_id,
            started_on=started_on,
            note=note[:300],
        )
        audit_record(actor=actor, action="parks.incubation.start", obj=row, after=snapshot(row))
    return row


def incubation_graduate(*, actor: Actor, incubation_id: int, graduated_on: dt.date) -> Incubation:
    with transaction.atomic():
        row = _visible(actor, Incubation).select_for_update().filter(pk=incubation_id).first()
        if row is None:
            raise NotFound()
        require_editor(actor, row.zone_id)
        if row.graduated_on:
            raise Conflict("graduated", _("该企业已于 %(d)s 毕业") % {"d": row.graduated_on})
        if (
            not isinstance(graduated_on, dt.date)
            or not row.started_on <= graduated_on <= timezone.localdate()
        ):
            raise ValidationFailed({"graduated_on": _("毕业日期应在入孵日期与今天之间")})
        row.graduated_on = graduated_on
        row.save(update_fields=["graduated_on"])
        audit_record(
            actor=actor,
            action="parks.incubation.graduate",
            obj=row,
            before={"graduated_on": None},
            after={"graduated_on": graduated_on.isoformat()},
        )
    return row
