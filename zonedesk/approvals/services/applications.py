"""Projects and applications: one form, materials once, the window's acceptance.

Every function validates → locks → changes → audits, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zonedesk.approvals import ports
from zonedesk.approvals.catalogue import current_version, settings_for
from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationMaterial,
    ApplicationStatus,
    ApprovalItem,
    ConstructionProject,
    ItemMaterial,
    ItemState,
    MaterialRecord,
    MaterialStatus,
    MaterialType,
    ProjectCategory,
    RegionalAssessment,
    Requirement,
    Stage,
)
from zonedesk.approvals.rules import (
    ToleranceCheck,
    assessment_covers,
    green_channel_eligible,
    tolerance_check,
    tolerance_deadline,
)
from zonedesk.approvals.services._common import (
    CLOCK_FIELDS,
    _check_app,
    _locked_application,
    _now,
    _require_window,
    _set_clock,
    _transition_error,
    stage_finish_if_done,
)
from zonedesk.approvals.services.credit import suspended_until_for
from zonedesk.approvals.services.stage_forms import stage_form_clean
from zonedesk.approvals.services.supplements import new_version
from zonedesk.approvals.stage_models import SupplementRequest, SupplementStatus
from zonedesk.audit.services import audit_record
from zonedesk.casefiles.services import case_number_allocate
from zonedesk.core import projectcode
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, NotFound, ValidationFailed
from zonedesk.enterprises.models import Enterprise
from zonedesk.enterprises.selectors import dishonesty_status
from zonedesk.notifications.emit import notice_text, notify_application
from zonedesk.workdays.calendar import Due
from zonedesk.workdays.selectors import work_calendar

# -- projects ---------------------------------------------------------------------------------


def project_create(
    *, actor: Actor, enterprise_id: int, name: str, code: str, category_id: int, parcels: Sequence[str]
) -> ConstructionProject:
    user = actor.user
    enterprise = Enterprise.objects.visible_to(user).filter(pk=enterprise_id).first() if user else None
    if enterprise is None:
        raise NotFound()
    acting = ports.acting_for(actor, enterprise.pk, "approvals.apply")
    errors: dict[str, str] = {}
    name = name.strip()
    if not name:
        errors["name"] = _("请填写项目名称")
    code = projectcode.normalise(code)
    problem = projectcode.problem(code)
    if problem:
        errors["code"] = problem.message(_)
    version = current_version(enterprise.zone_id)
    category = ProjectCategory.objects.filter(pk=category_id, version=version).first() if version else None
    if category is None:
        errors["category_id"] = _("请选择本园区现行目录中的项目类别")
    clean_parcels = [p.strip() for p in parcels if p.strip()]
    if not clean_parcels:
        errors["parcels"] = _("请至少填写一个建设地块编号")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        # A code already registered in the zone is refused by the unique key (below).
        project = ConstructionProject(
            zone_id=enterprise.zone_id,
            enterprise=enterprise,
            name=name,
            code=code,
            category=category,
            parcels=clean_parcels,
        )
        try:
            with transaction.atomic():
                project.save()
        except IntegrityError as exc:
            raise ValidationFailed({"code": _("该投资项目代码已登记")}, code="duplicate") from exc
        audit_record(
            actor=acting,
            action="approvals.project.create",
            obj=project,
            after={"name": name, "code": code, "category": category.name, "parcels": clean_parcels},
        )
    return project


# -- applications -----------------------------------------------------------------------------


def _newest_valid_record(project: ConstructionProject, today: dt.date, material_type: OuterRef) -> Subquery:
    """A subquery over the outer row's material type: the id of the enterprise's newest record
    of it (of this project for a per-project type) still valid today, so the checklist and its
    reusable records are one query."""
    return Subquery(
        MaterialRecord.objects.filter(enterprise_id=project.enterprise_id, material_type_id=material_type)
        .filter(Q(material_type__per_project=False) | Q(project=project))
        .exclude(valid_until__lt=today)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )


def _store_record(
    *, actor: Actor, project: ConstructionProject, material_type: MaterialType, upload: Any, today: dt.date
) -> MaterialRecord:
    enterprise = project.enterprise
    stored = ports.store_file(actor=actor, zone_id=enterprise.zone_id, upload=upload)
    valid_until = None
    if material_type.months_valid:
        valid_until = today + dt.timedelta(days=30 * material_type.months_valid)
    return MaterialRecord.objects.create(
        zone_id=enterprise.zone_id,
        enterprise=enterprise,
        material_type=material_type,
        project=project if material_type.per_project else None,
        stored_file=stored,
        file_name=stored.name,
        valid_until=valid_until,
        created_by=actor.display,
    )


def application_submit(
    *,
    actor: Actor,
    project_id: int,
    stage: str,
    simulated: bool = False,
    form: Mapping[str, Any] | None = None,
    uploads: Mapping[str, Any] | None = None,
) -> Application:
    """One form per stage: derive the items (waiving those a valid regional assessment covers)
    and the material checklist (reusing valid library materials); store the uploads given."""
    user = actor.user
    if user is None:
        raise NotFound()
    uploads = dict(uploads or {})
    today = timezone.localdate()
    with transaction.atomic():
        # Found through the scope and locked in one read; only the project's row is locked (the
        # enterprise and zone read with it are not).
        project = (
            ConstructionProject.objects.visible_to(user)
            .select_for_update(of=("self",))
            .select_related("enterprise", "zone")
            .filter(pk=project_id)
            .first()
        )
        if project is None:
            raise NotFound()
        acting = ports.acting_for(actor, project.enterprise_id, "approvals.apply")
        if stage not in Stage.values:
            raise ValidationFailed(
                {"stage": _("阶段应为 立项用地规划许可、工程建设许可、施工许可、竣工验收 之一")}
            )
        if (
            Application.objects.filter(project=project, stage=stage)
            .exclude(status__in=[ApplicationStatus.REFUSED, ApplicationStatus.TERMINATED])
            .exists()
        ):
            raise Conflict("stage_open", _("该项目本阶段已有申请，不能重复申报"))
        order = Stage.order(stage)
        if order > 0:
            previous = Stage.values[order - 1]
            if not Application.objects.filter(
                project=project, stage=previous, status=ApplicationStatus.COMPLETED
            ).exists():
                raise Conflict(
                    "previous_stage_open",
                    _("上一阶段「%(s)s」尚未办结，不能申报本阶段") % {"s": Stage(previous).label},
                )
        # The stage's items of the zone's current catalogue version, with the version: one read.
        items = list(
            ApprovalItem.objects.filter(
                version__zone_id=project.zone_id, version__is_current=True, stage=stage
            ).select_related("department", "version")
        )
        if not items:
            raise ValidationFailed({"stage": _("本园区目录中该阶段没有审批事项")})
        version = items[0].version
        assessments = [
            a
            for a in RegionalAssessment.objects.filter(zone_id=project.zone_id)
            if assessment_covers(project.parcels, a.parcels, a.valid_from, a.valid_until, today)
        ]
        by_kind = {a.kind: a for a in assessments}
        setting = settings_for(project.zone_id)
        enterprise = project.enterprise
        flags = [str(f.get_kind_display()) for f in dishonesty_status(enterprise, today)]
        green = green_channel_eligible(
            grade=enterprise.credit_grade_valid_on(today),
            threshold=setting.credit_threshold,
            flags=flags,
            suspended_until=suspended_until_for(enterprise.pk, today),
        )
        clean_form_values = stage_form_clean(project, stage, version.pk, dict(form or {}))
        app = Application.objects.create(
            zone_id=project.zone_id,
            project=project,
            stage=stage,
            version=version,
            simulated=bool(simulated),
            green_channel=green,
            form=clean_form_values,
            submitted_by=acting.display,
        )
        number = case_number_allocate(
            zone_id=app.zone_id, object_id=app.pk, new=True, zone_code=project.zone.code
        )
        app.case_no = number.number  # type: ignore[attr-defined]  # as _locked_application reads it
        saved = Decimal("0")
        live_item_ids = []
        rows = []
        for item in items:
            waiver = by_kind.get(item.waivable_by) if item.waivable_by else None
            ai = ApplicationItem(
                zone_id=app.zone_id,
                application=app,
                item=item,
                department=item.department,
                limit_days=item.promised_days,
                green_channel=green,
            )
            if waiver is not None:
                ai.state = ItemState.WAIVED
                ai.waived_by = waiver
                ai.saved_cost_wan = waiver.cost_wan
                ai.reason = _("已由区域评估「%(t)s」覆盖，免于单独办理") % {"t": waiver.title}
                saved += waiver.cost_wan
            else:
                live_item_ids.append(item.pk)
            rows.append(ai)
        ApplicationItem.objects.bulk_create(rows)
        # The live items' materials with their types and each type's reusable record: one read.
        needs: dict[int, str] = {}
        types: dict[int, MaterialType] = {}
        reusable: dict[int, int | None] = {}
        checklist = (
            ItemMaterial.objects.filter(item_id__in=live_item_ids)
            .select_related("material_type")
            .annotate(reusable_id=_newest_valid_record(project, today, OuterRef("material_type_id")))
        )
        for im in checklist:
            if needs.get(im.material_type_id) != Requirement.REQUIRED:
                needs[im.material_type_id] = im.requirement
            reusable[im.material_type_id] = im.reusable_id  # type: ignore[attr-defined]  # annotated
            types[im.material_type_id] = im.material_type
        by_code = {t.code: t for t in types.values()}
        unknown = sorted(set(uploads) - set(by_code))
        if unknown:
            raise ValidationFailed({"uploads": _("本阶段不需要这些材料：%(c)s") % {"c": "、".join(unknown)}})
        materials = []
        for type_id, req in needs.items():
            mt = types[type_id]
            row = ApplicationMaterial(zone_id=app.zone_id, application=app, material_type=mt, requirement=req)
            if mt.code in uploads:
                row.record = _store_record(
                    actor=acting, project=project, material_type=mt, upload=uploads[mt.code], today=today
                )
                row.status = MaterialStatus.PROVIDED
            else:
                row.record_id = reusable[type_id]
                row.status = MaterialStatus.REUSED if row.record_id else MaterialStatus.MISSING
            materials.append(row)
        ApplicationMaterial.objects.bulk_create(materials)
        if saved:
            app.saved_cost_wan = saved
            app.save(update_fields=["saved_cost_wan"])
            ConstructionProject.objects.filter(pk=project.pk).update(
                saved_cost_wan=project.saved_cost_wan + saved
            )
        audit_record(
            actor=acting,
            action="approvals.application.submit",
            obj=app,
            after={
                "stage": stage,
                "simulated": app.simulated,
                "green_channel": green,
                "items": len(items),
                "waived": len(items) - len(live_item_ids),
                "saved_cost_wan": saved,
                "version": version.number,
            },
        )
    return app


def application_add_material(
    *, actor: Actor, application_id: int, material_type_id: int, upload: Any
) -> ApplicationMaterial:
    """Upload a missing (or 容缺) material; the library keeps it for later reuse."""
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        acting = ports.acting_for(actor, app.project.enterprise_id, "approvals.supplement")
        if app.status in (
            ApplicationStatus.COMPLETED,
            ApplicationStatus.REFUSED,
            ApplicationStatus.TERMINATED,
        ):
            raise _transition_error(_("申请"), _("补交材料"), app.get_status_display())
        # The window's open 补正 request naming this material, if any, read with the row.
        requests = SupplementRequest.objects.filter(
            application=app,
            application_item__isnull=True,
            status=SupplementStatus.NOTIFIED,
            material_types=OuterRef("material_type_id"),
        ).order_by("-requested_at")
        row = (
            app.materials.select_related("material_type")
            .filter(material_type_id=material_type_id)
            .annotate(open_request_id=Subquery(requests.values("pk")[:1]))
            .first()
        )
        if row is None:
            raise ValidationFailed({"material_type_id": _("该材料不在本申请的材料清单中")})
        open_request = (
            SupplementRequest.objects.get(pk=row.open_request_id) if row.open_request_id is not None else None
        )
        if row.status in (MaterialStatus.PROVIDED, MaterialStatus.REUSED) and open_request is None:
            raise Conflict("material_present", _("该材料已提交，无需重复上传"))
        before = row.status
        if open_request is not None:
            # 补正 at the window: the corrected file is the next version of the material.
            new_version(acting=acting, app=app, row=row, upload=upload, request=open_request)
        else:
            row.record = _store_record(
                actor=acting,
                project=app.project,
                material_type=row.material_type,
                upload=upload,
                today=timezone.localdate(),
            )
            row.status = MaterialStatus.PROVIDED
            row.save(update_fields=["record", "status"])
        audit_record(
            actor=acting,
            action="approvals.application.add_material",
            obj=app,
            before={"material": row.material_type.code, "status": before},
            after={"material": row.material_type.code, "status": row.status, "file": row.record.file_name},
        )
    return row


def application_sign_promise(*, actor: Actor, application_id: int) -> Application:
    """The enterprise signs the 信用承诺书 (promise to deliver 容缺 materials in time)."""
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        acting = ports.acting_for(actor, app.project.enterprise_id, "approvals.sign_promise")
        if app.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.WINDOW_SUPPLEMENT):
            raise _transition_error(_("申请"), _("签署信用承诺书"), app.get_status_display())
        if app.promise_signed_at:
            raise Conflict("promise_signed", _("信用承诺书已签署"))
        offer = promise_offer(app)
        if not offer.allowed:
            raise Conflict(
                "promise_not_offered",
                _("不能签署信用承诺书：%(reasons)s")
                % {"reasons": pgettext("clause separator", "；").join(offer.reasons)},
            )
        app.promise_signed_at = timezone.now()
        app.promise_signed_by = acting.display
        app.save(update_fields=["promise_signed_at", "promise_signed_by"])
        audit_record(
            actor=acting,
            action="approvals.application.sign_promise",
            obj=app,
            after={"promise_signed_by": acting.display},
        )
    return app


def promise_offer(app: Application) -> ToleranceCheck:
    """Is the enterprise offered the 信用承诺书 at all (the green channel's conditions: grade,
    no dishonesty list, no unrepaired 容缺 breach)? A C-grade or listed enterprise is not."""
    enterprise = app.project.enterprise
    today = timezone.localdate()
    setting = settings_for(app.zone_id)
    check = tolerance_check(
        grade=enterprise.credit_grade_valid_on(today),
        threshold=setting.credit_threshold,
        flags=[str(f.get_kind_display()) for f in dishonesty_status(enterprise, today)],
        missing_required=[],
        missing_secondary=["-"],
        promise_signed=True,
        suspended_until=suspended_until_for(enterprise.pk, today),
    )
    return check


def tolerance_due(app: Application, open_items, tolerated_type_ids, cal, now) -> Due:
    """The 容缺 deadline: the shortest limit of the items the tolerated materials concern (all
    open items when none names them), and never after any of those items' own deadlines."""
    concerned = set(
        ItemMaterial.objects.filter(
            item_id__in=[ai.item_id for ai in open_items], material_type_id__in=list(tolerated_type_ids)
        ).values_list("item_id", flat=True)
    )
    covered = [ai for ai in open_items if ai.item_id in concerned] or list(open_items)
    accepted_on = timezone.localtime(app.accepted_at or now).date()
    dues = [Due(ai.due_date, ai.due_provisional) for ai in covered if ai.due_date]
    return tolerance_deadline(cal, accepted_on, [ai.limit_days for ai in covered], dues)


def _missing(app: Application) -> tuple[list[ApplicationMaterial], list[ApplicationMaterial]]:
    rows = [m for m in app.materials.select_related("material_type") if m.status == MaterialStatus.MISSING]
    return (
        [m for m in rows if m.requirement == Requirement.REQUIRED],
        [m for m in rows if m.requirement == Requirement.SECONDARY],
    )


def application_accept(*, actor: Actor, application_id: int, tolerance: bool = False) -> Application:
    """受理: every item starts its clock at once (parallel review). With ``tolerance`` the
    missing secondary materials are accepted on the 信用承诺书 (容缺受理)."""
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        _require_window(actor, app.zone_id)
        _check_app(app, ApplicationStatus.IN_REVIEW, _("受理"))
        required, secondary = _missing(app)
        names = lambda rows: "、".join(m.material_type.name for m in rows)  # noqa: E731
        now = _now()
        cal = work_calendar()
        open_items = list(app.items.filter(state=ItemState.PENDING).select_related("item"))
        if tolerance:
            enterprise = app.project.enterprise
            setting = settings_for(app.zone_id)
            check = tolerance_check(
                grade=enterprise.credit_grade_valid_on(now.date()),
                threshold=setting.credit_threshold,
                flags=[str(f.get_kind_display()) for f in dishonesty_status(enterprise, now.date())],
                missing_required=[m.material_type.name for m in required],
                missing_secondary=[m.material_type.name for m in secondary],
                promise_signed=app.promise_signed_at is not None,
                suspended_until=suspended_until_for(enterprise.pk, now.date()),
            )
            if not check.allowed:
                raise Conflict(
                    "tolerance_refused",
                    _("不能容缺受理：%(reasons)s")
                    % {"reasons": pgettext("clause separator", "；").join(check.reasons)},
                )
            due = tolerance_due(app, open_items, [m.material_type_id for m in secondary], cal, now)
            app.tolerance = True
            app.tolerance_deadline = due.date
            app.tolerance_provisional = due.provisional
            app.green_channel = True
            for m in secondary:
                m.status = MaterialStatus.TOLERATED
                m.save(update_fields=["status"])
            app.window_notice = [
                {"material": m.material_type.name, "requirement": "secondary"} for m in secondary
            ]
        elif required or secondary:
            raise Conflict(
                "materials_missing",
                _("材料不全，不能受理：%(m)s。请一次性告知补正，或符合条件时容缺受理")
                % {"m": names(required + secondary)},
            )
        app.status = ApplicationStatus.IN_REVIEW
        app.accepted_at = now
        ratio = settings_for(app.zone_id).yellow_ratio
        for ai in open_items:
            ai.state = ItemState.IN_REVIEW
            ai.started_at = now
            ai.green_channel = app.green_channel
            _set_clock(ai, (), now, cal, ratio)  # a clock that starts now has no pauses yet
        if tolerance:
            # Never after the deadline of an item it covers (DOMAIN.md: 补正 ≤ the item's limit).
            due = tolerance_due(app, open_items, [m.material_type_id for m in secondary], cal, now)
            app.tolerance_deadline, app.tolerance_provisional = due.date, due.provisional
        ApplicationItem.objects.bulk_update(
            open_items, ["state", "started_at", "green_channel", *CLOCK_FIELDS]
        )
        app.save()
        if not open_items:  # every item waived by regional assessments
            stage_finish_if_done(app, now)
        audit_record(
            actor=actor,
            action="approvals.application.accept",
            obj=app,
            before={"status": ApplicationStatus.SUBMITTED},
            after={
                "status": app.status,
                "tolerance": app.tolerance,
                "tolerance_deadline": app.tolerance_deadline,
                "tolerated": [m.material_type.name for m in secondary] if tolerance else [],
            },
        )
        notify_application(app, "application.accepted")
    return app


def application_refuse(*, actor: Actor, application_id: int, reason: str) -> Application:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": _("请写明不予受理的理由")})
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        _require_window(actor, app.zone_id)
        _check_app(app, ApplicationStatus.REFUSED, _("不予受理"))
        before = app.status
        app.status = ApplicationStatus.REFUSED
        app.refuse_reason = reason[:500]
        app.completed_at = timezone.now()
        app.save(update_fields=["status", "refuse_reason", "completed_at"])
        app.items.filter(state=ItemState.PENDING).update(state=ItemState.TERMINATED)
        audit_record(
            actor=actor,
            action="approvals.application.refuse",
            obj=app,
            before={"status": before},
            after={"status": app.status, "reason": reason},
        )
        notify_application(app, "application.refused", reason)
    return app


def application_request_supplement(
    *, actor: Actor, application_id: int, note: str = "", material_type_ids: Sequence[int] = ()
) -> Application:
    """一次性告知: one notice naming every missing material, every submitted one to correct
    (``material_type_ids``: the applicant must upload a new version of each) and the clerk's
    note."""
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        _require_window(actor, app.zone_id)
        _check_app(app, ApplicationStatus.WINDOW_SUPPLEMENT, _("发出补正告知"))
        required, secondary = _missing(app)
        listed = {m.material_type_id: m for m in app.materials.select_related("material_type")}
        wrong = [i for i in material_type_ids if int(i) not in listed]
        if wrong:
            raise ValidationFailed({"material_type_ids": _("只能要求补正本申请材料清单中的材料")})
        to_correct = [listed[int(i)] for i in dict.fromkeys(material_type_ids)]
        rows = list({m.material_type_id: m for m in required + secondary + to_correct}.values())
        notice = [
            {
                "material": m.material_type.name,
                "material_type_id": m.material_type_id,
                "requirement": m.requirement,
            }
            for m in rows
        ]
        if note.strip():
            notice.append({"note": note.strip()[:500]})
        if not notice:
            raise ValidationFailed({"note": _("材料齐全；如需补正其他内容，请写明补正要求")})
        app.status = ApplicationStatus.WINDOW_SUPPLEMENT
        app.window_notice = notice
        app.save(update_fields=["status", "window_notice"])
        req = SupplementRequest.objects.create(
            zone_id=app.zone_id,
            application=app,
            reason=(note.strip() or _("一次性告知补正"))[:500],
            status=SupplementStatus.NOTIFIED,
            requested_at=_now(),
            requested_by=actor.display,
        )
        req.material_types.set([m.material_type_id for m in rows])
        audit_record(
            actor=actor,
            action="approvals.application.request_supplement",
            obj=app,
            before={"status": ApplicationStatus.SUBMITTED},
            after={"status": app.status, "notice": notice},
        )
        notify_application(app, "application.supplement", notice_text(notice))
    return app


def application_resubmit(*, actor: Actor, application_id: int) -> Application:
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        acting = ports.acting_for(actor, app.project.enterprise_id, "approvals.supplement")
        _check_app(app, ApplicationStatus.SUBMITTED, _("重新提交"))
        # Answering without the requested files is refused, with the list of what is missing.
        requests = list(
            SupplementRequest.objects.select_for_update()
            .filter(application=app, application_item__isnull=True, status=SupplementStatus.NOTIFIED)
            .prefetch_related("material_types")
        )
        answered = set(
            MaterialRecord.objects.filter(supplement__in=requests).values_list("material_type_id", flat=True)
        ) | set(
            app.materials.filter(
                status=MaterialStatus.PROVIDED, record__created_at__gte=min(
                    (r.requested_at for r in requests), default=timezone.now()
                )
            ).values_list("material_type_id", flat=True)
        )
        missing = sorted(
            {t.name for r in requests for t in r.material_types.all() if t.pk not in answered}
        )
        if missing:
            raise ValidationFailed(
                {"uploads": _("请上传补正要求的全部材料，尚缺：%(m)s") % {"m": "、".join(missing)}},
                code="supplement_files_missing",
            )
        now = _now()
        for r in requests:
            r.status, r.answered_at, r.answered_by = SupplementStatus.ANSWERED, now, acting.display
            r.save(update_fields=["status", "answered_at", "answered_by"])
        app.status = ApplicationStatus.SUBMITTED
        app.save(update_fields=["status"])
        audit_record(
            actor=acting,
            action="approvals.application.resubmit",
            obj=app,
            before={"status": ApplicationStatus.WINDOW_SUPPLEMENT},
            after={"status": app.status},
        )
    return app
