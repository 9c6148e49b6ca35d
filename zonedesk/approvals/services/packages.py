"""一件事一次办 on the approval engine: one form, one checklist of materials from the material
library, one acceptance at the window, then every department's item in parallel on the
working-day clock with 补正 pauses, and the 最多跑一次 visit record.

The pieces of the engine are reused, not copied: who may accept (``_require_window``) and
decide (``_require_reviewer``), the item state machine (``ItemState``), the stored deadline
(``_refresh_case_item_due`` over ``clocks.clock_for``), acting for an enterprise (``ports.acting_for``),
file storage (``ports.store_file``) and the material library (``MaterialRecord``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.approvals import ports
from zonedesk.approvals.clocks import clock_for
from zonedesk.approvals.models import ItemState, MaterialRecord, MaterialStatus, MaterialType, Requirement
from zonedesk.approvals.package_models import (
    CASE_TRANSITIONS,
    CaseStatus,
    CaseVisit,
    PackageCase,
    PackageCaseItem,
    PackageCaseMaterial,
    PackageCasePause,
    ServicePackage,
)
from zonedesk.approvals.packages import package_materials
from zonedesk.approvals.services._common import (
    _now,
    _require_reviewer,
    _require_window,
    _transition_error,
)
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, NotFound, ValidationFailed
from zonedesk.workdays.selectors import work_calendar

FORM_FIELDS = {"contact_name": 50, "contact_phone": 20, "summary": 500}


def _refresh_case_item_due(ai, now: dt.datetime) -> None:
    """Keep a case item's stored deadline (what inboxes order by and sweeps walk) equal to its
    clock's, in the writing transaction. Case items store only the due date; construction items
    keep the fuller stored clock of ``_common._refresh_due``."""
    clock = clock_for(ai, ai.pauses.all())
    ai.due_date = (
        clock.deadline(work_calendar(), timezone.localtime(now).replace(tzinfo=None)).date if clock else None
    )
    ai.save(update_fields=["due_date"])


def _clean_form(form: Mapping[str, Any] | None) -> dict[str, str]:
    """The one form of a package: who to contact and what is applied for (shapes only)."""
    form = dict(form or {})
    errors = {}
    out = {}
    unknown = sorted(set(form) - set(FORM_FIELDS))
    if unknown:
        errors["form"] = _("申请表没有这些栏目：%(k)s") % {"k": "、".join(unknown)}
    for key, limit in FORM_FIELDS.items():
        value = form.get(key, "")
        if not isinstance(value, str):
            errors[key] = _("应为文字")
            continue
        value = value.strip()
        if len(value) > limit:
            errors[key] = _("不能超过 %(n)s 字") % {"n": limit}
        out[key] = value
    if not errors and not out.get("contact_name"):
        errors["contact_name"] = _("请填写联系人")
    if not errors and not out.get("contact_phone"):
        errors["contact_phone"] = _("请填写联系电话")
    if errors:
        raise ValidationFailed(errors)
    return out


def _valid_record(enterprise_id: int, mt: MaterialType, project_id: int | None, today: dt.date):
    """A material of the library still valid: the enterprise's own, or of the case's project."""
    qs = MaterialRecord.objects.filter(enterprise_id=enterprise_id, material_type=mt)
    if mt.per_project:
        qs = qs.filter(project_id=project_id) if project_id else qs.none()
    return qs.exclude(valid_until__lt=today).order_by("-created_at", "-id").first()


def _store_record(
    *, actor: Actor, enterprise, mt: MaterialType, project_id: int | None, upload: Any, today: dt.date
) -> MaterialRecord:
    stored = ports.store_file(actor=actor, zone_id=enterprise.zone_id, upload=upload)
    valid_until = today + dt.timedelta(days=30 * mt.months_valid) if mt.months_valid else None
    return MaterialRecord.objects.create(
        zone_id=enterprise.zone_id,
        enterprise=enterprise,
        material_type=mt,
        project_id=project_id if mt.per_project else None,
        stored_file=stored,
        file_name=stored.name,
        valid_until=valid_until,
        created_by=actor.display,
    )


def package_case_submit(
    *,
    actor: Actor,
    enterprise_id: int,
    package_id: int,
    form: Mapping[str, Any] | None = None,
    uploads: Mapping[str, Any] | None = None,
    construction_project_id: int | None = None,
) -> PackageCase:
    """The enterprise (or its authorised steward) applies for a package once: one form, and the
    checklist met from the library where it can be, from the uploads otherwise."""
    from zonedesk.enterprises.models import Enterprise

    if actor.user is None:
        raise NotFound()
    enterprise = Enterprise.objects.visible_to(actor.user).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound()
    acting = ports.acting_for(actor, enterprise.pk, "approvals.apply")
    package = ServicePackage.objects.filter(
        pk=package_id, zone_id=enterprise.zone_id, version__is_current=True
    ).first()
    if package is None:
        raise ValidationFailed({"package": _("请选择本园区现行目录中的一件事")})
    clean = _clean_form(form)
    project_id = None
    if construction_project_id is not None:
        from zonedesk.approvals.models import ConstructionProject

        project_id = (
            ConstructionProject.objects.filter(pk=construction_project_id, enterprise=enterprise)
            .values_list("pk", flat=True)
            .first()
        )
        if project_id is None:
            raise ValidationFailed({"construction_project": _("该工程建设项目不属于申请企业")})
    uploads = dict(uploads or {})
    today = timezone.localdate()
    with transaction.atomic():
        if PackageCase.objects.filter(
            enterprise=enterprise,
            package__code=package.code,
            status__in=[CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW],
        ).exists():
            raise Conflict(
                "case_open", _("贵企业已有一件「%(p)s」正在办理，不能重复申请") % {"p": package.name}
            )
        needs = package_materials(package)
        types = MaterialType.objects.in_bulk(list(needs))
        by_code = {t.code: t for t in types.values()}
        unknown = sorted(set(uploads) - set(by_code))
        if unknown:
            raise ValidationFailed({"uploads": _("本事项不需要这些材料：%(c)s") % {"c": "、".join(unknown)}})
        now = timezone.now()
        case = PackageCase.objects.create(
            zone_id=enterprise.zone_id,
            number="",
            package=package,
            enterprise=enterprise,
            construction_project_id=project_id,
            form=clean,
            submitted_at=now,
            submitted_by=acting.display,
        )
        case.number = f"YJS{timezone.localtime(now).year}{case.pk:06d}"  # from the row id: no counter to lock
        case.save(update_fields=["number"])
        for pi in package.items.select_related("approval_item"):
            # A reused approval item brings its own department and limit, as its version has them.
            source = pi.approval_item or pi
            PackageCaseItem.objects.create(
                zone_id=case.zone_id,
                case=case,
                package_item=pi,
                department_id=source.department_id,
                limit_days=source.promised_days,
            )
        for type_id, req in needs.items():
            mt = types[type_id]
            row = PackageCaseMaterial(zone_id=case.zone_id, case=case, material_type=mt, requirement=req)
            if mt.code in uploads:
                row.record = _store_record(
                    actor=acting,
                    enterprise=enterprise,
                    mt=mt,
                    project_id=project_id,
                    upload=uploads[mt.code],
                    today=today,
                )
                row.status = MaterialStatus.PROVIDED
            else:
                row.record = _valid_record(enterprise.pk, mt, project_id, today)
                row.status = MaterialStatus.REUSED if row.record else MaterialStatus.MISSING
            row.save()
        audit_record(
            actor=acting,
            action="approvals.package_case.submit",
            obj=case,
            after={
                "package": package.code,
                "version": package.version.number,
                "items": package.items.count(),
                "materials": len(needs),
            },
        )
    return case


def _locked_case(actor: Actor, case_id: int) -> PackageCase:
    user = actor.user
    if user is None or not PackageCase.objects.visible_to(user).filter(pk=case_id).exists():
        raise NotFound()
    return PackageCase.objects.select_for_update().select_related("package", "enterprise").get(pk=case_id)


def _check_case(case: PackageCase, target: str, action: str, version: int | None) -> None:
    if version is not None and case.version != version:
        raise Conflict(
            "stale_version", _("该办件已被他人办理（当前版本 %(n)s），请刷新后再操作") % {"n": case.version}
        )
    if target not in CASE_TRANSITIONS[case.status]:
        raise _transition_error(_("办件"), action, case.get_status_display())


def package_case_add_material(
    *, actor: Actor, case_id: int, material_type_id: int, upload: Any
) -> PackageCase:
    """The enterprise hands in a missing material of the checklist (before acceptance)."""
    with transaction.atomic():
        case = _locked_case(actor, case_id)
        acting = ports.acting_for(actor, case.enterprise_id, "approvals.supplement")
        if case.status != CaseStatus.SUBMITTED:
            raise _transition_error(_("办件"), _("补交材料"), case.get_status_display())
        row = (
            PackageCaseMaterial.objects.select_for_update()
            .select_related("material_type")
            .filter(case=case, material_type_id=material_type_id)
            .first()
        )
        if row is None:
            raise ValidationFailed({"material_type": _("该材料不在本办件的材料清单中")})
        row.record = _store_record(
            actor=acting,
            enterprise=case.enterprise,
            mt=row.material_type,
            project_id=case.construction_project_id,
            upload=upload,
            today=timezone.localdate(),
        )
        row.status = MaterialStatus.PROVIDED
        row.save(update_fields=["record", "status"])
        case.version += 1
        case.save(update_fields=["version"])
        audit_record(
            actor=acting,
            action="approvals.package_case.add_material",
            obj=case,
            after={"material": row.material_type.code, "file": row.record.file_name},
        )
    return case


def package_case_accept(*, actor: Actor, case_id: int, version: int | None = None) -> PackageCase:
    """One acceptance for all items: every required material is there, and every department's
    item starts its clock now, in parallel."""
    with transaction.atomic():
        case = _locked_case(actor, case_id)
        _require_window(actor, case.zone_id)
        _check_case(case, CaseStatus.IN_REVIEW, _("受理"), version)
        missing = [
            m.material_type.name
            for m in case.materials.select_related("material_type")
            if m.requirement == Requirement.REQUIRED and m.status == MaterialStatus.MISSING
        ]
        if missing:
            raise Conflict(
                "materials_missing",
                _("还缺少必要材料：%(m)s，请一次性告知企业补齐") % {"m": "、".join(missing)},
            )
        now = _now()
        case.status, case.accepted_at, case.accepted_by = CaseStatus.IN_REVIEW, now, actor.display
        case.version += 1
        case.save(update_fields=["status", "accepted_at", "accepted_by", "version"])
        for ai in case.items.select_for_update():
            ai.state, ai.started_at = ItemState.IN_REVIEW, now
            ai.save(update_fields=["state", "started_at"])
            _refresh_case_item_due(ai, now)
        audit_record(
            actor=actor,
            action="approvals.package_case.accept",
            obj=case,
            before={"status": CaseStatus.SUBMITTED},
            after={"status": case.status},
        )
    return case


def package_case_refuse(
    *, actor: Actor, case_id: int, reason: str, version: int | None = None
) -> PackageCase:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("请写明不予受理的理由")})
    with transaction.atomic():
        case = _locked_case(actor, case_id)
        _require_window(actor, case.zone_id)
        _check_case(case, CaseStatus.REFUSED, _("不予受理"), version)
        case.status, case.refuse_reason = CaseStatus.REFUSED, reason[:500]
        case.version += 1
        case.save(update_fields=["status", "refuse_reason", "version"])
        case.items.update(state=ItemState.TERMINATED)
        audit_record(
            actor=actor,
            action="approvals.package_case.refuse",
            obj=case,
            before={"status": CaseStatus.SUBMITTED},
            after={"status": case.status, "reason": reason},
        )
    return case


def package_case_visit_record(
    *, actor: Actor, case_id: int, visited_on: dt.date | None, reason: str
) -> CaseVisit:
    """最多跑一次: the window records each time the enterprise had to come in person, and why."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 200:
        raise ValidationFailed({"reason": _("请写明到现场的原因（不超过 200 字）")})
    with transaction.atomic():
        case = _locked_case(actor, case_id)
        _require_window(actor, case.zone_id)
        today = timezone.localdate()
        visited_on = visited_on or today
        if visited_on > today or visited_on < timezone.localdate(case.submitted_at) - dt.timedelta(days=30):
            raise ValidationFailed({"visited_on": _("到现场日期应在申请前 30 天至今天之间")})
        visit = CaseVisit.objects.create(
            zone_id=case.zone_id, case=case, visited_on=visited_on, reason=reason, recorded_by=actor.user
        )
        case.visit_count += 1
        case.version += 1
        case.save(update_fields=["visit_count", "version"])
        audit_record(
            actor=actor,
            action="approvals.package_case.visit",
            obj=case,
            before={"visit_count": case.visit_count - 1},
            after={"visit_count": case.visit_count, "reason": reason, "on": visited_on.isoformat()},
        )
    return visit


# -- the departments' items, in parallel ------------------------------------------------------


def _locked_item(actor: Actor, item_id: int) -> tuple[PackageCase, PackageCaseItem]:
    """Case first, then item: the same lock order as the construction engine."""
    user = actor.user
    case_id = (
        (
            PackageCaseItem.objects.filter(pk=item_id, case__in=PackageCase.objects.visible_to(user))
            .values_list("case_id", flat=True)
            .first()
        )
        if user
        else None
    )
    if case_id is None:
        raise NotFound()
    case = _locked_case(actor, case_id)
    ai = (
        PackageCaseItem.objects.select_for_update()
        .select_related("department", "package_item")
        .get(pk=item_id)
    )
    return case, ai


def _check_item(ai: PackageCaseItem, target: str, action: str) -> None:
    if ai.can(target):
        return
    if ai.state in (ItemState.APPROVED, ItemState.REFUSED):
        raise Conflict(
            "already_decided",
            _("该事项已由%(who)s作出「%(s)s」决定，本次操作未执行")
            % {"who": ai.decided_by, "s": ai.get_state_display()},
        )
    raise _transition_error(_("事项"), action, ai.get_state_display())


def _finish_if_done(case: PackageCase, now: dt.datetime) -> None:
    if not case.items.filter(
        Q(state__in=[ItemState.PENDING, ItemState.IN_REVIEW, ItemState.SUPPLEMENT])
    ).exists():
        case.status, case.completed_at = CaseStatus.COMPLETED, now
        case.version += 1
        case.save(update_fields=["status", "completed_at", "version"])


def _decide(actor: Actor, item_id: int, target: str, label: str, note: str, action: str) -> PackageCaseItem:
    with transaction.atomic():
        case, ai = _locked_item(actor, item_id)
        _require_reviewer(actor, ai)
        _check_item(ai, target, label)
        now = _now()
        ai.state, ai.decided_at, ai.decided_by, ai.reason = target, now, actor.display, note[:500]
        ai.save(update_fields=["state", "decided_at", "decided_by", "reason"])
        _finish_if_done(case, now)
        audit_record(
            actor=actor,
            action=action,
            obj=ai,
            before={"state": ItemState.IN_REVIEW},
            after={"state": target, "case": case.number, "case_status": case.status},
        )
    return ai


def package_item_approve(*, actor: Actor, item_id: int, note: str = "") -> PackageCaseItem:
    return _decide(
        actor, item_id, ItemState.APPROVED, _("办结"), (note or "").strip(), "approvals.package_item.approve"
    )


def package_item_refuse(*, actor: Actor, item_id: int, reason: str) -> PackageCaseItem:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("请写明不予办理的理由和依据")})
    return _decide(actor, item_id, ItemState.REFUSED, _("不予办理"), reason, "approvals.package_item.refuse")


def package_item_request_supplement(*, actor: Actor, item_id: int, reason: str) -> PackageCaseItem:
    """补正: the item's clock stops (a recorded pause) until the enterprise answers."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("请一次性写明需要补正的全部内容")})
    with transaction.atomic():
        _case, ai = _locked_item(actor, item_id)
        _require_reviewer(actor, ai)
        _check_item(ai, ItemState.SUPPLEMENT, _("要求补正"))
        now = _now()
        ai.state, ai.reason = ItemState.SUPPLEMENT, reason[:500]
        ai.save(update_fields=["state", "reason"])
        PackageCasePause.objects.create(zone_id=ai.zone_id, case_item=ai, start=now, reason=_("等待企业补正"))
        _refresh_case_item_due(ai, now)
        audit_record(
            actor=actor,
            action="approvals.package_item.request_supplement",
            obj=ai,
            before={"state": ItemState.IN_REVIEW},
            after={"state": ai.state, "reason": reason},
        )
    return ai


def package_item_answer_supplement(*, actor: Actor, item_id: int, answer: str) -> PackageCaseItem:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationFailed({"answer": _("请说明补正情况")})
    with transaction.atomic():
        case, ai = _locked_item(actor, item_id)
        acting = ports.acting_for(actor, case.enterprise_id, "approvals.supplement")
        if ai.state != ItemState.SUPPLEMENT:
            raise _transition_error(_("事项"), _("提交补正"), ai.get_state_display())
        now = _now()
        PackageCasePause.objects.filter(case_item=ai, end__isnull=True).update(end=now)
        asked = ai.reason
        ai.state, ai.reason = ItemState.IN_REVIEW, ""
        ai.save(update_fields=["state", "reason"])
        _refresh_case_item_due(ai, now)
        audit_record(
            actor=acting,
            action="approvals.package_item.answer_supplement",
            obj=ai,
            before={"state": ItemState.SUPPLEMENT, "asked": asked},
            after={"state": ai.state, "answer": answer[:500]},
        )
    return ai
