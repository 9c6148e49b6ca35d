"""Writes to the commitment and arrears registers. Each function validates, locks, writes and
audits in one transaction; a refused call changes nothing and writes no audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.commitments import rules
from zonedesk.commitments.models import (
    DEPARTMENT_ROLES,
    REGISTRAR_ROLES,
    Arrear,
    ArrearPayment,
    ArrearStatus,
    Commitment,
    CommitmentEvidence,
    CommitmentStatus,
    ConfirmState,
    Handover,
)
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import diff, snapshot
from zonedesk.organisation.models import Department, User
from zonedesk.organisation.roles import Role

COMMITMENT_FIELDS = [
    "title",
    "beneficiary",
    "kind",
    "detail",
    "source_kind",
    "source_title",
    "promised_on",
    "due_on",
    "amount_yuan",
    "department_id",
    "responsible_id",
    "promised_by",
    "enterprise_id",
    "project_id",
    "status",
    "fulfilled_on",
]
ARREAR_FIELDS = [
    "enterprise_id",
    "department_id",
    "kind",
    "basis",
    "amount_yuan",
    "paid_yuan",
    "due_on",
    "status",
    "confirm_state",
    "note",
]


def _is_command(actor: Actor) -> bool:
    return actor.user is None and actor.channel == "command"


def require_registrar(actor: Actor, zone_id: int) -> None:
    if _is_command(actor):
        return  # demo_load and other commands run as the deployment operator
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*REGISTRAR_ROLES):
        raise Forbidden("forbidden", _("只有招商专员和园区领导可以维护承诺与账款台账"))


def require_department_or_registrar(actor: Actor, zone_id: int, department_id: int) -> None:
    """Fulfilment and payments: the registrars, or staff of the responsible department."""
    if _is_command(actor):
        return
    user = actor.user
    if user is None:
        raise NotFound()
    if user.has_role(*REGISTRAR_ROLES):
        return
    if user.has_role(*DEPARTMENT_ROLES) and user.department_id == department_id:
        return
    raise Forbidden("forbidden", _("只有责任部门的人员、招商专员和园区领导可以办理"))


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version != version:
        raise Conflict(
            "stale_version",
            _("该记录已被他人修改（当前版本 %(now)s，您看到的是版本 %(old)s），请刷新后再办理")
            % {"now": obj.version, "old": version},
        )


def _locked(model, actor: Actor, pk: int):
    qs = model.objects.select_for_update()
    if not _is_command(actor):
        if actor.user is None:
            raise NotFound()
        qs = qs.filter(pk__in=model.objects.visible_to(actor.user).filter(pk=pk).values("pk"))
    row = qs.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def _department(zone_id: int, department_id: Any) -> Department | None:
    if not isinstance(department_id, int):
        return None
    return Department.objects.filter(zone_id=zone_id, pk=department_id, is_active=True).first()


def _responsible(zone_id: int, user_id: Any) -> tuple[int | None, str]:
    if user_id in (None, ""):
        return None, ""
    if (
        not isinstance(user_id, int)
        or not User.objects.filter(pk=user_id, zone_id=zone_id, is_active=True)
        .exclude(role_grants__role=Role.ENTERPRISE)
        .exists()
    ):
        return None, _("责任人应为本园区在职的工作人员")
    return user_id, ""


def _links(zone_id: int, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The enterprise and the pipeline project a commitment is made to (both of the zone)."""
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.projects.models import Project

    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if "enterprise_id" in data:
        eid = data.get("enterprise_id")
        if eid in (None, ""):
            out["enterprise_id"] = None
        elif not isinstance(eid, int) or not Enterprise.objects.filter(pk=eid, zone_id=zone_id).exists():
            errors["enterprise"] = _("企业不在本园区企业库中")
        else:
            out["enterprise_id"] = eid
    if "project_id" in data:
        pid = data.get("project_id")
        if pid in (None, ""):
            out["project_id"] = None
        else:
            project = (
                Project.objects.filter(pk=pid, zone_id=zone_id).first() if isinstance(pid, int) else None
            )
            if project is None:
                errors["project"] = _("招商项目不在本园区项目库中")
            else:
                out["project_id"] = project.pk
                if out.get("enterprise_id") is None and project.enterprise_id and "enterprise" not in errors:
                    out["enterprise_id"] = project.enterprise_id
    return out, errors


def _next_number(prefix: str, model, zone_id: int, on: dt.date) -> str:
    """Numbers by zone and year (CN2026000123); the row lock of the zone's last number keeps two
    writers apart, and the unique constraint catches what slips through."""
    head = f"{prefix}{on.year}"
    last = (
        model.objects.select_for_update()
        .filter(zone_id=zone_id, number__startswith=head)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last[len(head) :]) + 1 if last else 1
    return f"{head}{seq:06d}"


# ---------------------------------------------------------------------------------------------
# Commitments


def commitment_create(
    *, actor: Actor, zone_id: int, data: Mapping[str, Any], source_file: Any = None
) -> Commitment:
    """Register a commitment the zone made (from an agreement, a policy letter, minutes)."""
    require_registrar(actor, zone_id)
    return _commitment_insert(actor=actor, zone_id=zone_id, data=data, source_file=source_file)


def _commitment_insert(
    *,
    actor: Actor,
    zone_id: int,
    data: Mapping[str, Any],
    source_file: Any = None,
    sale_id: int | None = None,
) -> Commitment:
    """Validate and write one commitment; the caller has decided the actor may (a registrar,
    or the service of the act that made the promise: signing, a land sale)."""
    today = timezone.localdate()
    clean, errors = rules.clean_commitment(data, today=today)
    links, link_errors = _links(zone_id, data)
    errors.update(link_errors)
    department = _department(zone_id, data.get("department_id"))
    if department is None:
        errors["department"] = _("请选择本园区的责任部门")
    responsible, problem = _responsible(zone_id, data.get("responsible_id"))
    if problem:
        errors["responsible"] = problem
    problem = rules.due_problem(clean.get("promised_on"), clean.get("due_on"))
    if problem:
        errors["due_on"] = problem
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        stored = None
        if source_file is not None:
            from zonedesk.files.services import file_store

            stored = file_store(actor=actor, zone_id=zone_id, upload=source_file)
        if not clean.get("beneficiary"):
            clean["beneficiary"] = _beneficiary(links)
        if not clean["beneficiary"]:
            raise ValidationFailed({"beneficiary": _("请填写承诺对象（企业或投资方）")})
        c = Commitment(
            zone_id=zone_id,
            number=_next_number("CN", Commitment, zone_id, today),
            department=department,
            responsible_id=responsible,
            source_file=stored,
            sale_id=sale_id,
            created_by=actor.user,
            **clean,
            **links,
        )
        c.save()
        if responsible:
            Handover.objects.create(
                zone_id=zone_id,
                commitment=c,
                from_user=None,
                to_user_id=responsible,
                from_department=department,
                to_department=department,
                on=clean["promised_on"],
                note=_("登记时的责任人"),
                by=actor.user,
            )
        audit_record(
            actor=actor, action="commitment.create", obj=c, after=snapshot(c, [*COMMITMENT_FIELDS, "number"])
        )
    return c


# 要素保障 the zone owes every signed agreement: (kind, title, days after signing, department code).
AGREEMENT_DUTIES = (
    ("land", "净地交付（完成征收、场地平整，具备办证条件）", 90, "ZRJ"),
    ("infrastructure", "道路、供水、供电接至地块红线", 180, "GHJ"),
)
# What the zone owes the buyer of a standard-land parcel once the sale is signed: the land
# handed over before the buyer applies for its permits, the roads and water after landing.
SALE_DUTIES = (
    ("land", "交付地块（净地交付，具备开工条件）", 60, "ZRJ"),
    ("infrastructure", "道路、供水、供电、排水接至地块红线", 180, "GHJ"),
)


def _duty_departments(zone_id: int, duties) -> dict[str, int]:
    departments = {d.code: d.pk for d in Department.objects.filter(zone_id=zone_id, is_active=True)}
    for _kind, _title, _days, code in duties:
        if code not in departments:
            raise Conflict(
                "no_department",
                _("园区缺少负责要素保障的部门（编码 %(c)s），无法登记本园区应兑现的承诺") % {"c": code},
            )
    return departments


def commitments_for_agreement(*, actor: Actor, project_id: int) -> list[Commitment]:
    """The zone's side of a signed investment agreement, registered by hand (a registrar)."""
    from zonedesk.projects.models import Project

    user = actor.user
    project = (
        Project.objects.visible_to(user).filter(pk=project_id).first()
        if user is not None
        else Project.objects.filter(pk=project_id).first()
    )
    if project is None:
        raise NotFound()
    require_registrar(actor, project.zone_id)
    if project.signed_on is None:
        raise Conflict("not_signed", _("该项目尚未签约，没有投资协议可据以登记承诺"))
    with transaction.atomic():
        return agreement_commitments_create(actor=actor, project=project)


def agreement_commitments_create(*, actor: Actor, project) -> list[Commitment]:
    """The zone's side of a signed investment agreement: land before approval, roads and water
    after landing, each due a set time after the signing date, with its department. Called by
    the pipeline's move to 签约 in its transaction (the signing is the act that promised), and
    idempotent per duty: a duty already registered for the project is not registered again."""
    departments = _duty_departments(project.zone_id, AGREEMENT_DUTIES)
    have = set(
        Commitment.objects.filter(project=project, source_kind="agreement").values_list("kind", flat=True)
    )
    created = []
    for kind, title, days, dept in AGREEMENT_DUTIES:
        if kind in have:
            continue
        created.append(
            _commitment_insert(
                actor=actor,
                zone_id=project.zone_id,
                data={
                    "title": _("%(project)s：%(commitment)s")
                    % {"project": project.name, "commitment": _(title)},
                    "kind": kind,
                    "source_kind": "agreement",
                    "source_title": _("%(p)s投资协议") % {"p": project.name},
                    "promised_on": project.signed_on,
                    "due_on": project.signed_on + dt.timedelta(days=days),
                    "department_id": departments[dept],
                    "project_id": project.pk,
                    "beneficiary": "" if project.enterprise_id else (project.investor_name or project.name),
                },
            )
        )
    return created


def sale_commitments_create(*, actor: Actor, sale) -> list[Commitment]:
    """The zone's side of a standard-land sale, linked to the sale (and to the pipeline project
    on the parcel, if any), registered in the sale's transaction. Idempotent per duty."""
    from zonedesk.projects.models import Project

    departments = _duty_departments(sale.zone_id, SALE_DUTIES)
    have = set(Commitment.objects.filter(sale=sale).values_list("kind", flat=True))
    project = (
        Project.objects.filter(zone_id=sale.zone_id, parcel_ref_id=sale.parcel_id).order_by("pk").first()
    )
    code = sale.parcel.code
    created = []
    for kind, title, days, dept in SALE_DUTIES:
        if kind in have:
            continue
        created.append(
            _commitment_insert(
                actor=actor,
                zone_id=sale.zone_id,
                sale_id=sale.pk,
                data={
                    "title": _("地块 %(c)s：%(t)s") % {"c": code, "t": _(title)},
                    "kind": kind,
                    "source_kind": "agreement",
                    "source_title": _("地块 %(c)s 出让合同及投资协议") % {"c": code},
                    "promised_on": sale.sold_on,
                    "due_on": sale.sold_on + dt.timedelta(days=days),
                    "department_id": departments[dept],
                    "enterprise_id": sale.enterprise_id,
                    **({"project_id": project.pk} if project is not None else {}),
                },
            )
        )
    return created


def _beneficiary(links: Mapping[str, Any]) -> str:
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.projects.models import Project

    if links.get("enterprise_id"):
        return (
            Enterprise.objects.filter(pk=links["enterprise_id"]).values_list("name", flat=True).first() or ""
        )
    if links.get("project_id"):
        p = Project.objects.filter(pk=links["project_id"]).only("investor_name", "name").first()
        return (p.investor_name or p.name) if p else ""
    return ""


def commitment_update(
    *, actor: Actor, commitment_id: int, data: Mapping[str, Any], version: int
) -> Commitment:
    """Correct the register entry of an open commitment (not who is responsible: that is a
    handover, not an edit)."""
    with transaction.atomic():
        c = _locked(Commitment, actor, commitment_id)
        require_registrar(actor, c.zone_id)
        _check_version(c, version)
        if c.status != CommitmentStatus.OPEN:
            raise Conflict("closed", _("该承诺%(s)s，不能再修改") % {"s": c.get_status_display()})
        clean, errors = rules.clean_commitment(data, today=timezone.localdate(), partial=True)
        links, link_errors = _links(c.zone_id, data)
        errors.update(link_errors)
        problem = rules.due_problem(clean.get("promised_on", c.promised_on), clean.get("due_on", c.due_on))
        if problem:
            errors["due_on"] = problem
        if errors:
            raise ValidationFailed(errors)
        before = snapshot(c, COMMITMENT_FIELDS)
        for key, value in {**clean, **links}.items():
            setattr(c, key, value)
        b, a = diff(before, snapshot(c, COMMITMENT_FIELDS))
        if not a:
            return c
        if "due_on" in a:
            c.overdue_at = None  # a new due date is reported again when it passes
        c.version += 1
        c.save()
        audit_record(
            actor=actor,
            action="commitment.update",
            obj=c,
            before={**b, "version": version},
            after={**a, "version": c.version},
        )
    return c


def commitment_handover(
    *,
    actor: Actor,
    commitment_id: int,
    to_user_id: int | None,
    to_department_id: int | None = None,
    on: dt.date | None = None,
    note: str = "",
    version: int | None = None,
) -> Commitment:
    """新官理旧账: the responsible person (and, on a reorganisation, the department) changes;
    the commitment, its due date and its history stay with the zone."""
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationFailed({"note": _("交接说明不能超过 300 字")})
    with transaction.atomic():
        c = _locked(Commitment, actor, commitment_id)
        require_registrar(actor, c.zone_id)
        _check_version(c, version)
        if c.status != CommitmentStatus.OPEN:
            raise Conflict("closed", _("该承诺%(s)s，无需交接") % {"s": c.get_status_display()})
        today = timezone.localdate()
        on = on or today
        if on > today:
            raise ValidationFailed({"on": _("交接日期不能晚于今天")})
        department = c.department
        if to_department_id is not None:
            department = _department(c.zone_id, to_department_id)
            if department is None:
                raise ValidationFailed({"to_department": _("请选择本园区的责任部门")})
        responsible, problem = _responsible(c.zone_id, to_user_id)
        if problem:
            raise ValidationFailed({"to_user": problem})
        if responsible == c.responsible_id and department.pk == c.department_id:
            raise Conflict("unchanged", _("责任人和责任部门都没有变化"))
        before = {"responsible_id": c.responsible_id, "department_id": c.department_id}
        Handover.objects.create(
            zone_id=c.zone_id,
            commitment=c,
            from_user_id=c.responsible_id,
            to_user_id=responsible,
            from_department_id=c.department_id,
            to_department=department,
            on=on,
            note=note,
            by=actor.user,
        )
        c.responsible_id, c.department = responsible, department
        c.version += 1
        c.save(update_fields=["responsible", "department", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="commitment.handover",
            obj=c,
            before=before,
            after={"responsible_id": responsible, "department_id": department.pk, "on": on.isoformat()},
            message=note,
        )
    return c


def commitment_evidence_add(
    *, actor: Actor, commitment_id: int, title: str, upload: Any
) -> CommitmentEvidence:
    from zonedesk.files.services import file_store

    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ValidationFailed({"title": _("请填写佐证材料名称（不超过 120 字）")})
    with transaction.atomic():
        c = _locked(Commitment, actor, commitment_id)
        require_department_or_registrar(actor, c.zone_id, c.department_id)
        if c.status == CommitmentStatus.CANCELLED:
            raise Conflict("closed", _("该承诺已撤销"))
        stored = file_store(actor=actor, zone_id=c.zone_id, upload=upload)
        ev = CommitmentEvidence.objects.create(
            zone_id=c.zone_id, commitment=c, title=title, file=stored, uploaded_by=actor.user
        )
        audit_record(
            actor=actor,
            action="commitment.evidence_add",
            obj=c,
            after={"evidence": ev.pk, "title": title, "file": stored.sha256},
        )
    return ev


def commitment_fulfil(
    *, actor: Actor, commitment_id: int, fulfilled_on: dt.date | None, note: str, version: int | None = None
) -> Commitment:
    """Record that the zone kept its promise, on a date, with at least one piece of evidence."""
    note = (note or "").strip()
    if not note or len(note) > 500:
        raise ValidationFailed({"note": _("请填写兑现情况（不超过 500 字）")})
    with transaction.atomic():
        c = _locked(Commitment, actor, commitment_id)
        require_department_or_registrar(actor, c.zone_id, c.department_id)
        _check_version(c, version)
        if not rules.can_move(c.status, rules.FULFILLED):
            raise Conflict("closed", _("该承诺%(s)s，不能再登记兑现") % {"s": c.get_status_display()})
        today = timezone.localdate()
        fulfilled_on = fulfilled_on or today
        if fulfilled_on > today or fulfilled_on < c.promised_on:
            raise ValidationFailed({"fulfilled_on": _("兑现日期应在承诺日期与今天之间")})
        if not c.evidence.exists():
            raise Conflict("no_evidence", _("请先上传兑现佐证材料（交地确认书、拨付凭证、现场照片等）"))
        before = snapshot(c, ["status", "fulfilled_on", "fulfilment_note"])
        c.status, c.fulfilled_on, c.fulfilment_note = CommitmentStatus.FULFILLED, fulfilled_on, note
        c.version += 1
        c.save(update_fields=["status", "fulfilled_on", "fulfilment_note", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="commitment.fulfil",
            obj=c,
            before=before,
            after={
                **snapshot(c, ["status", "fulfilled_on", "fulfilment_note"]),
                "on_time": rules.on_time(c.due_on, fulfilled_on),
            },
        )
    return c


def commitment_cancel(
    *, actor: Actor, commitment_id: int, reason: str, version: int | None = None
) -> Commitment:
    """Withdraw a commitment (e.g. the agreement was terminated); the reason is kept."""
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise ValidationFailed({"reason": _("请填写撤销理由（不超过 300 字）")})
    with transaction.atomic():
        c = _locked(Commitment, actor, commitment_id)
        require_registrar(actor, c.zone_id)
        _check_version(c, version)
        if not rules.can_move(c.status, rules.CANCELLED):
            raise Conflict("closed", _("该承诺%(s)s，不能撤销") % {"s": c.get_status_display()})
        c.status, c.cancel_reason = CommitmentStatus.CANCELLED, reason
        c.version += 1
        c.save(update_fields=["status", "cancel_reason", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="commitment.cancel",
            obj=c,
            before={"status": "open"},
            after={"status": "cancelled"},
            message=reason,
        )
    return c


def commitments_sweep_overdue(*, actor: Actor, today: dt.date | None = None, limit: int = 500) -> int:
    """Mark open commitments past their due date as reported overdue, once each, and tell the
    responsible department's head after commit. An indexed range query on (status, due_on);
    rows another sweep holds are skipped, not waited for, so two sweeps never report twice."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Commitment.objects.select_for_update(skip_locked=True)
            .filter(status=CommitmentStatus.OPEN, due_on__lt=today, overdue_at__isnull=True)
            .order_by("due_on", "pk")[:limit]
        )
        for c in rows:
            c.overdue_at = now
            audit_record(
                actor=actor,
                action="commitment.overdue",
                obj=c,
                before={"overdue_at": None},
                after={
                    "overdue_at": now.isoformat(),
                    "due_on": c.due_on.isoformat(),
                    "department_id": c.department_id,
                },
            )
        if rows:
            Commitment.objects.bulk_update(rows, ["overdue_at"])
            ids = [c.pk for c in rows]
            transaction.on_commit(lambda: _notify_overdue(ids))
    return len(rows)


def _notify_overdue(ids: list[int]) -> None:
    """Mail the responsible department's heads (those with an address) about overdue rows."""
    from django.core.mail import send_mail

    heads: dict[int, list[str]] = {}
    for c in Commitment.objects.filter(pk__in=ids).select_related("department"):
        if c.department_id not in heads:
            heads[c.department_id] = list(
                User.objects.filter(
                    department_id=c.department_id, is_active=True, role_grants__role=Role.DEPARTMENT_HEAD
                )
                .exclude(email="")
                .values_list("email", flat=True)
            )
        if heads[c.department_id]:
            send_mail(
                _("承诺事项超期未兑现：%(t)s") % {"t": c.title},
                _("%(n)s %(t)s 的兑现期限为 %(d)s，至今未兑现，请责任部门尽快办理。")
                % {"n": c.number, "t": c.title, "d": c.due_on},
                None,
                heads[c.department_id],
                fail_silently=True,
            )


# ---------------------------------------------------------------------------------------------
# Arrears


def arrear_create(
    *, actor: Actor, zone_id: int, enterprise_id: Any, department_id: Any, data: Mapping[str, Any]
) -> Arrear:
    from zonedesk.enterprises.models import Enterprise

    require_registrar(actor, zone_id)
    clean, errors = rules.clean_arrear(data)
    if (
        not isinstance(enterprise_id, int)
        or not Enterprise.objects.filter(pk=enterprise_id, zone_id=zone_id).exists()
    ):
        errors["enterprise"] = _("企业不在本园区企业库中")
    department = _department(zone_id, department_id)
    if department is None:
        errors["department"] = _("请选择本园区的欠款单位（部门）")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        a = Arrear(
            zone_id=zone_id,
            number=_next_number("QK", Arrear, zone_id, timezone.localdate()),
            enterprise_id=enterprise_id,
            department=department,
            created_by=actor.user,
            **clean,
        )
        a.save()
        audit_record(
            actor=actor, action="arrear.create", obj=a, after=snapshot(a, [*ARREAR_FIELDS, "number"])
        )
    return a


def arrear_pay(
    *,
    actor: Actor,
    arrear_id: int,
    amount_yuan: Any,
    paid_on: dt.date | None,
    voucher: str = "",
    version: int | None = None,
) -> ArrearPayment:
    """A payment against an arrear; the arrear is cleared when nothing is left."""
    amount, problem = rules.parse_yuan(amount_yuan)
    if problem:
        raise ValidationFailed({"amount_yuan": problem})
    voucher = (voucher or "").strip()
    if len(voucher) > 60:
        raise ValidationFailed({"voucher": _("凭证号不能超过 60 字")})
    with transaction.atomic():
        a = _locked(Arrear, actor, arrear_id)
        require_department_or_registrar(actor, a.zone_id, a.department_id)
        _check_version(a, version)
        if a.status == ArrearStatus.CLEARED:
            raise Conflict("cleared", _("该笔账款已清偿"))
        problem = rules.payment_problem(amount, a.outstanding_yuan)
        if problem:
            raise ValidationFailed({"amount_yuan": problem})
        today = timezone.localdate()
        paid_on = paid_on or today
        if paid_on > today:
            raise ValidationFailed({"paid_on": _("支付日期不能晚于今天")})
        payment = ArrearPayment.objects.create(
            zone_id=a.zone_id,
            arrear=a,
            paid_on=paid_on,
            amount_yuan=amount,
            voucher=voucher,
            recorded_by=actor.user,
        )
        before = snapshot(a, ["paid_yuan", "status", "cleared_on"])
        a.paid_yuan = a.paid_yuan + amount
        if a.paid_yuan == a.amount_yuan:
            a.status, a.cleared_on = ArrearStatus.CLEARED, paid_on
        a.version += 1
        a.save(update_fields=["paid_yuan", "status", "cleared_on", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="arrear.pay",
            obj=a,
            before=before,
            after={
                **snapshot(a, ["paid_yuan", "status", "cleared_on"]),
                "payment": payment.pk,
                "amount_yuan": str(amount),
                "paid_on": paid_on.isoformat(),
            },
        )
    return payment


def _require_owner(actor: Actor, a: Arrear) -> None:
    user = actor.user
    if user is None or not (user.has_role(Role.ENTERPRISE) and user.enterprise_id == a.enterprise_id):
        raise Forbidden("forbidden", _("只有债权企业本身可以确认或提出异议"))


def arrear_confirm(*, actor: Actor, arrear_id: int, version: int | None = None) -> Arrear:
    """The enterprise confirms the entry (amount, basis and due date) from its own login."""
    with transaction.atomic():
        a = _locked(Arrear, actor, arrear_id)
        _require_owner(actor, a)
        _check_version(a, version)
        if a.confirm_state == ConfirmState.CONFIRMED:
            raise Conflict("already", _("贵企业已确认该笔账款"))
        before = {"confirm_state": a.confirm_state}
        a.confirm_state, a.confirmed_at, a.confirmed_by = ConfirmState.CONFIRMED, timezone.now(), actor.user
        a.version += 1
        a.save(update_fields=["confirm_state", "confirmed_at", "confirmed_by", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="arrear.confirm",
            obj=a,
            before=before,
            after={"confirm_state": a.confirm_state, "amount_yuan": str(a.amount_yuan)},
        )
    return a


def arrear_dispute(*, actor: Actor, arrear_id: int, reason: str, version: int | None = None) -> Arrear:
    """The enterprise disputes the entry through the appeal flow: a 诉求 is raised (category
    "拖欠账款" if the zone has one, else its first) and linked to the arrear."""
    from zonedesk.appeals.models import Category
    from zonedesk.appeals.services import appeal_raise

    reason = (reason or "").strip()
    if not reason or len(reason) > 1000:
        raise ValidationFailed({"reason": _("请说明异议（不超过 1000 字）")})
    with transaction.atomic():
        a = _locked(Arrear, actor, arrear_id)
        _require_owner(actor, a)
        _check_version(a, version)
        if a.appeal_id and a.confirm_state == ConfirmState.DISPUTED:
            raise Conflict("already", _("该笔账款的异议已提交（诉求 %(n)s）") % {"n": a.appeal.number})
        category = (
            Category.objects.filter(zone_id=a.zone_id, name__contains="账款").first()
            or Category.objects.filter(zone_id=a.zone_id).order_by("sort", "pk").first()
        )
        appeal = appeal_raise(
            actor=actor,
            enterprise_id=a.enterprise_id,
            category_id=category.pk if category else None,
            title=(_("对拖欠账款 %(n)s 有异议") % {"n": a.number})[:100],
            description=_("账款 %(n)s（%(b)s，应付 %(amt)s 元，应付日期 %(d)s）：%(r)s")
            % {"n": a.number, "b": a.basis, "amt": a.amount_yuan, "d": a.due_on, "r": reason},
        )
        before = {"confirm_state": a.confirm_state, "appeal_id": a.appeal_id}
        a.confirm_state, a.appeal = ConfirmState.DISPUTED, appeal
        a.version += 1
        a.save(update_fields=["confirm_state", "appeal", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="arrear.dispute",
            obj=a,
            before=before,
            after={"confirm_state": a.confirm_state, "appeal_id": appeal.pk},
            message=reason[:500],
        )
    return a
