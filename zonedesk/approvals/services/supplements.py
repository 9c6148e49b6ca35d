"""补正 with files and the lead department's one notice per stage (一次性告知).

A department's 补正 request names the materials to upload again. Where the stage has a lead
department (牵头部门) the request is collected, and the lead sends every department's requests
to the applicant as one notice: the items concerned stop their clocks together, and the
applicant receives one list. Answers are refused without every requested file; each upload is
a new version of the material (the reviewer sees the previous and the new one).

Every function validates → locks → changes → audits, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.approvals import ports
from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationMaterial,
    ApplicationStatus,
    ItemMaterial,
    ItemState,
    MaterialRecord,
    MaterialStatus,
    MaterialType,
    Pause,
)
from zonedesk.approvals.services._common import (
    _locked_application,
    _now,
    _refresh_due,
    _require_reviewer,
    _transition_error,
    stage_lead_id,
)
from zonedesk.approvals.services.review import _check_item, _locked_item
from zonedesk.approvals.stage_models import StageNotice, SupplementRequest, SupplementStatus
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, ValidationFailed
from zonedesk.notifications.emit import department_people, notify_application, notify_item, notify_people
from zonedesk.organisation.roles import Role

LEAD_ROLES = frozenset({Role.REVIEWER, Role.DEPARTMENT_HEAD})


def require_lead(actor: Actor, app: Application) -> int:
    lead = stage_lead_id(app)
    user = actor.user
    if lead is None or user is None or user.department_id != lead or not user.has_role(*LEAD_ROLES):
        raise Forbidden("not_lead", _("只有本阶段牵头部门可以办理此操作"))
    return lead


def _material_types(
    app: Application, ids: Iterable[int], allowed: set[int], field: str
) -> list[MaterialType]:
    ids = sorted({int(i) for i in ids})
    wrong = [i for i in ids if i not in allowed]
    if wrong:
        raise ValidationFailed({field: _("只能要求补正本事项清单中的材料")})
    return list(MaterialType.objects.filter(zone_id=app.zone_id, pk__in=ids).order_by("code"))


def _names(types: Iterable[MaterialType]) -> str:
    return "、".join(t.name for t in types)


# -- asking ------------------------------------------------------------------------------------


def item_request_supplement(
    *, actor: Actor, item_id: int, reason: str, material_type_ids: Sequence[int] = ()
) -> ApplicationItem:
    """A department asks for 补正 of its item, naming the materials to upload again. With a lead
    department the request waits for the stage's one notice; without one it goes out at once
    and the item's clock stops (a recorded Pause) until the applicant answers."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": _("请一次性写明需要补正的全部内容")})
    with transaction.atomic():
        app, ai = _locked_item(actor, item_id)
        _require_reviewer(actor, ai)
        _check_item(ai, ItemState.SUPPLEMENT, _("要求补正"))
        if ai.supplement_requests.filter(status=SupplementStatus.COLLECTED).exists():
            raise Conflict("supplement_collected", _("本事项已有待牵头部门汇总的补正要求"))
        allowed = set(
            ItemMaterial.objects.filter(item_id=ai.item_id).values_list("material_type_id", flat=True)
        )
        types = _material_types(app, material_type_ids, allowed, "material_type_ids")
        now = _now()
        lead = stage_lead_id(app)
        req = SupplementRequest.objects.create(
            zone_id=ai.zone_id,
            application=app,
            application_item=ai,
            department_id=ai.department_id,
            reason=reason[:500],
            status=SupplementStatus.COLLECTED if lead else SupplementStatus.NOTIFIED,
            requested_at=now,
            requested_by=actor.display,
        )
        req.material_types.set(types)
        after = {"reason": reason, "materials": [t.code for t in types], "collected": bool(lead)}
        due_on = None
        if lead is None:
            due_on = _pause_for_supplement(ai, reason, now)
            after["state"] = ai.state
            after["due_on"] = due_on.isoformat()
        audit_record(
            actor=actor,
            action="approvals.item.request_supplement",
            obj=ai,
            before={"state": ItemState.IN_REVIEW},
            after=after,
        )
        if due_on is not None:
            notify_item(ai, "item.supplement", _with_due(_with_materials(reason, types), due_on))
        else:
            notify_people(
                "stage.supplement_collected",
                recipients=department_people(lead),
                zone_id=app.zone_id,
                object_key=f"approvals.application:{app.pk}",
                state=f"collected:{req.pk}",
                subject=f"{app.project.name} · {app.get_stage_display()}",
                detail=f"{ai.item.name}：{_with_materials(reason, types)}",
                url=_application_url(app),
            )
    return ai


def _application_url(app: Application) -> str:
    from django.urls import reverse

    return reverse("approvals:application", args=[app.pk])


def _with_due(text: str, due_on: dt.date) -> str:
    return _("%(text)s（补正期限：%(due)s）") % {"text": text, "due": due_on.isoformat()}


def _with_materials(reason: str, types: Sequence[MaterialType]) -> str:
    if not types:
        return reason
    return _("%(reason)s（须重新上传：%(m)s）") % {"reason": reason, "m": _names(types)}


def supplement_due(zone_id: int, now: dt.datetime):
    """The applicant's deadline for a 补正 request going out at ``now``: the zone's
    supplement_days working days after that day (the day itself not counted, 民法典 201)."""
    from django.utils import timezone

    from zonedesk.approvals.catalogue import settings_for
    from zonedesk.workdays.selectors import work_calendar

    days = settings_for(zone_id).supplement_days
    return work_calendar().add_working_days(timezone.localdate(now), days)


def _pause_for_supplement(ai: ApplicationItem, reason: str, now: dt.datetime) -> dt.date:
    ai.state = ItemState.SUPPLEMENT
    ai.reason = reason[:500]
    ai.save(update_fields=["state", "reason"])
    due = supplement_due(ai.zone_id, now)
    Pause.objects.create(
        zone_id=ai.zone_id,
        application_item=ai,
        start=now,
        reason=_("等待申请人补正"),
        due_on=due.date,
        due_provisional=due.provisional,
    )
    _refresh_due(ai, now)
    return due.date


def stage_notice_issue(*, actor: Actor, application_id: int, note: str = "") -> StageNotice:
    """一次性告知 of the stage by its lead department: every collected request of every
    department in one notice; the items concerned stop their clocks together and the applicant
    receives one message with the whole list."""
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        lead = require_lead(actor, app)
        if app.status != ApplicationStatus.IN_REVIEW:
            raise _transition_error(_("申请"), _("发出一次性告知"), app.get_status_display())
        if StageNotice.objects.filter(application=app, answered_at__isnull=True).exists():
            raise Conflict("notice_open", _("本阶段已有一份待补正的一次性告知，请待申请人补正后再发"))
        requests = list(
            SupplementRequest.objects.select_for_update(of=("self",))
            .filter(application=app, status=SupplementStatus.COLLECTED)
            .select_related("application_item__item", "department")
            .prefetch_related("material_types")
            .order_by("requested_at", "id")
        )
        if not requests:
            raise ValidationFailed({"note": _("各部门尚未提出补正要求，无需告知")})
        now = _now()
        notice = StageNotice.objects.create(
            zone_id=app.zone_id,
            application=app,
            department_id=lead,
            note=note.strip()[:500],
            issued_at=now,
            issued_by=actor.display,
        )
        items = {}
        lines = []
        for req in requests:
            req.status = SupplementStatus.NOTIFIED
            req.notice = notice
            req.save(update_fields=["status", "notice"])
            ai = req.application_item
            asked = _with_materials(req.reason, req.material_types.all())
            lines.append(f"{ai.item.name}（{req.department.name}）：{asked}")
            items.setdefault(ai.pk, (ai, []))[1].append(req.reason)
        for ai_id, (_ai, reasons) in items.items():
            ai = ApplicationItem.objects.select_for_update().select_related("item").get(pk=ai_id)
            if ai.state != ItemState.IN_REVIEW:
                raise _transition_error(_("事项"), _("要求补正"), ai.get_state_display())
            # The items stop together, so they share one deadline.
            due_on = _pause_for_supplement(ai, "；".join(reasons), now)
        if notice.note:
            lines.append(notice.note)
        audit_record(
            actor=actor,
            action="approvals.stage.notice",
            obj=app,
            after={
                "notice": notice.pk,
                "requests": [r.pk for r in requests],
                "items": sorted(items),
                "due_on": due_on.isoformat(),
            },
        )
        # One message for the whole stage, whatever the number of departments.
        text = _with_due("；".join(lines), due_on)
        notify_application(app, "application.supplement", text, state=f"notice:{notice.pk}")
    return notice


# -- answering ---------------------------------------------------------------------------------


def _uploads_by_type(app: Application, uploads: Mapping[Any, Any]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for key, upload in uploads.items():
        try:
            out[int(key)] = upload
        except (TypeError, ValueError):
            raise ValidationFailed({"uploads": _("上传的材料类型无效：%(k)s") % {"k": key}}) from None
    return out


def new_version(
    *,
    acting: Actor,
    app: Application,
    row: ApplicationMaterial,
    upload: Any,
    request: SupplementRequest | None,
) -> MaterialRecord:
    """Store the corrected file as the next version of the material and point the checklist at it."""
    previous = row.record
    stored = ports.store_file(actor=acting, zone_id=app.zone_id, upload=upload)
    record = MaterialRecord.objects.create(
        zone_id=app.zone_id,
        enterprise_id=app.project.enterprise_id,
        material_type=row.material_type,
        project=app.project if row.material_type.per_project else None,
        stored_file=stored,
        file_name=stored.name,
        valid_until=previous.valid_until if previous else None,
        created_by=acting.display,
        previous=previous,
        version=(previous.version + 1) if previous else 1,
        supplement=request,
    )
    row.record = record
    row.status = MaterialStatus.PROVIDED
    row.save(update_fields=["record", "status"])
    return record


def _answer(
    *,
    acting: Actor,
    app: Application,
    requests: list[SupplementRequest],
    uploads: dict[int, Any],
    answer: str,
) -> list[dict]:
    """Store the corrected files of ``requests`` (refused with the list of what is missing)."""
    wanted: dict[int, MaterialType] = {}
    for req in requests:
        for t in req.material_types.all():
            wanted[t.pk] = t
    missing = [t for pk, t in sorted(wanted.items(), key=lambda kv: kv[1].code) if pk not in uploads]
    if missing:
        raise ValidationFailed(
            {"uploads": _("请上传补正要求的全部材料，尚缺：%(m)s") % {"m": _names(missing)}},
            code="supplement_files_missing",
        )
    extra = sorted(set(uploads) - set(wanted))
    if extra:
        raise ValidationFailed({"uploads": _("这些材料不在补正要求中，请勿上传")})
    if not answer and not wanted:
        raise ValidationFailed({"answer": _("请说明补正情况")})
    rows = {
        r.material_type_id: r
        for r in ApplicationMaterial.objects.select_for_update(of=("self",))
        .filter(application=app, material_type_id__in=list(wanted))
        .select_related("material_type", "record")
    }
    by_type = {pk: next(r for r in requests if pk in {t.pk for t in r.material_types.all()}) for pk in wanted}
    stored = []
    for pk, upload in uploads.items():
        row = rows.get(pk)
        if row is None:  # requested for an item but never on the checklist: add it now
            row = ApplicationMaterial.objects.create(
                zone_id=app.zone_id,
                application=app,
                material_type=wanted[pk],
                requirement="required",
                status=MaterialStatus.MISSING,
            )
        before = row.record.version if row.record_id else 0
        rec = new_version(acting=acting, app=app, row=row, upload=upload, request=by_type[pk])
        stored.append({"material": wanted[pk].code, "version": rec.version, "previous_version": before})
    now = _now()
    for req in requests:
        req.status = SupplementStatus.ANSWERED
        req.answered_at = now
        req.answered_by = acting.display
        req.answer = answer[:500]
        req.save(update_fields=["status", "answered_at", "answered_by", "answer"])
    return stored


def _resume(ai: ApplicationItem, now: dt.datetime) -> None:
    Pause.objects.filter(application_item=ai, end__isnull=True).update(end=now)
    ai.state = ItemState.IN_REVIEW
    ai.reason = ""
    ai.save(update_fields=["state", "reason"])
    _refresh_due(ai, now)


def _close_notices(app: Application, now: dt.datetime) -> None:
    for notice in StageNotice.objects.filter(application=app, answered_at__isnull=True):
        if not notice.requests.exclude(status=SupplementStatus.ANSWERED).exists():
            notice.answered_at = now
            notice.save(update_fields=["answered_at"])


def item_answer_supplement(
    *, actor: Actor, item_id: int, answer: str, uploads: Mapping[Any, Any] | None = None
) -> ApplicationItem:
    """The applicant answers an item's 补正 with the corrected files (every requested one)."""
    answer = answer.strip()
    with transaction.atomic():
        app, ai = _locked_item(actor, item_id)
        acting = ports.acting_for(actor, app.project.enterprise_id, "approvals.supplement")
        if ai.state != ItemState.SUPPLEMENT:
            raise _transition_error(_("事项"), _("提交补正"), ai.get_state_display())
        requests = list(
            ai.supplement_requests.select_for_update()
            .filter(status=SupplementStatus.NOTIFIED)
            .prefetch_related("material_types")
        )
        files = _uploads_by_type(app, uploads or {})
        if not answer and not files:
            raise ValidationFailed({"answer": _("请说明补正情况")})
        stored = _answer(acting=acting, app=app, requests=requests, uploads=files, answer=answer)
        asked = ai.reason
        now = _now()
        _resume(ai, now)
        _close_notices(app, now)
        audit_record(
            actor=acting,
            action="approvals.item.answer_supplement",
            obj=ai,
            before={"state": ItemState.SUPPLEMENT, "asked": asked},
            after={"state": ai.state, "answer": answer[:500], "files": stored},
        )
    return ai


def stage_notice_answer(
    *, actor: Actor, notice_id: int, answer: str, uploads: Mapping[Any, Any] | None = None
) -> StageNotice:
    """The applicant answers the whole stage notice at once: every requested file, then every
    item concerned resumes its clock."""
    answer = answer.strip()
    app_id = (
        StageNotice.objects.filter(pk=notice_id, application__in=Application.objects.visible_to(actor.user))
        .values_list("application_id", flat=True)
        .first()
        if actor.user
        else None
    )
    if app_id is None:
        from zonedesk.core.errors import NotFound

        raise NotFound()
    with transaction.atomic():
        app = _locked_application(actor, app_id)
        acting = ports.acting_for(actor, app.project.enterprise_id, "approvals.supplement")
        notice = StageNotice.objects.select_for_update().get(pk=notice_id)
        if notice.answered_at is not None:
            raise Conflict("notice_answered", _("该一次性告知已补正完毕"))
        requests = list(
            notice.requests.select_for_update()
            .filter(status=SupplementStatus.NOTIFIED)
            .prefetch_related("material_types")
        )
        files = _uploads_by_type(app, uploads or {})
        stored = _answer(
            acting=acting, app=app, requests=requests, uploads=files, answer=answer or _("已补正")
        )
        now = _now()
        item_ids = sorted({r.application_item_id for r in requests if r.application_item_id})
        for ai in ApplicationItem.objects.select_for_update().filter(
            pk__in=item_ids, state=ItemState.SUPPLEMENT
        ):
            _resume(ai, now)
        notice.answered_at = now
        notice.save(update_fields=["answered_at"])
        audit_record(
            actor=acting,
            action="approvals.stage.notice_answer",
            obj=app,
            after={"notice": notice.pk, "items": item_ids, "files": stored, "answer": answer[:500]},
        )
    return notice


def open_supplement_types(app: Application) -> set[int]:
    """Material types an open (notified) window 补正 of the application names: uploaded one by
    one on the checklist (an item's 补正 is answered with its files through the notice)."""
    return set(
        SupplementRequest.objects.filter(
            application=app, application_item__isnull=True, status=SupplementStatus.NOTIFIED
        ).values_list("material_types", flat=True)
    ) - {None}
