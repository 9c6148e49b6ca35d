"""The lead department (牵头部门) of a stage: joint work with the departments (联合审图,
联合验收) and the stage's combined result. Its 一次性告知 is in supplements.py.

Every function validates → locks → changes → audits, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.approvals import ports
from zonedesk.approvals.models import OPEN_ITEM_STATES, Application, ApplicationStatus, ItemState, Stage
from zonedesk.approvals.services._common import (
    _locked_application,
    _now,
    _transition_error,
    project_days_refresh,
)
from zonedesk.approvals.services.supplements import require_lead
from zonedesk.approvals.stage_models import JOINT_STAGES, JointKind, JointOutcome, JointReview
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, ValidationFailed
from zonedesk.notifications.emit import notify_application


def joint_review_record(
    *,
    actor: Actor,
    application_id: int,
    kind: str,
    held_on: dt.date,
    outcome: str,
    conclusion: str,
    department_ids: Sequence[int],
) -> JointReview:
    """Record a 联合审图 (工程建设许可/施工许可) or 联合验收 (竣工验收) the lead department held
    with the departments of the stage's items."""
    conclusion = conclusion.strip()
    errors: dict[str, str] = {}
    if kind not in JointKind.values:
        errors["kind"] = _("类别应为 联合审图 或 联合验收")
    if outcome not in JointOutcome.values:
        errors["outcome"] = _("结论应为 通过、整改后通过、不通过 之一")
    if not conclusion:
        errors["conclusion"] = _("请写明联合审查意见")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        lead = require_lead(actor, app)
        if app.stage not in JOINT_STAGES[kind]:
            raise ValidationFailed(
                {
                    "kind": _("「%(k)s」不属于本阶段「%(s)s」")
                    % {"k": JointKind(kind).label, "s": app.get_stage_display()}
                }
            )
        if app.status != ApplicationStatus.IN_REVIEW:
            raise _transition_error(_("申请"), JointKind(kind).label, app.get_status_display())
        stage_departments = set(
            app.items.exclude(state=ItemState.WAIVED).values_list("department_id", flat=True)
        )
        chosen = {int(d) for d in department_ids} | {lead}
        if not chosen <= stage_departments | {lead}:
            raise ValidationFailed({"department_ids": _("参加部门须为本阶段事项的办理部门")})
        if len(chosen) < 2:
            raise ValidationFailed({"department_ids": _("联合审查须有牵头部门以外的至少一个部门参加")})
        review = JointReview.objects.create(
            zone_id=app.zone_id,
            application=app,
            kind=kind,
            held_on=held_on,
            outcome=outcome,
            conclusion=conclusion[:1000],
            recorded_at=_now(),
            recorded_by=actor.display,
        )
        review.departments.set(sorted(chosen))
        audit_record(
            actor=actor,
            action="approvals.stage.joint_review",
            obj=app,
            after={
                "kind": kind,
                "held_on": held_on,
                "outcome": outcome,
                "departments": sorted(chosen),
                "conclusion": conclusion[:1000],
            },
        )
    return review


def stage_close(*, actor: Actor, application_id: int, result: str) -> Application:
    """The lead department closes the stage with the combined result of all its items: a stage
    with a lead completes only here (the applicant receives one result for the stage, and the
    next stage opens). Refused while an item is open; of two closes at once the second finds
    the stage closed (the application row is locked) and is told who closed it."""
    result = result.strip()
    if not result:
        raise ValidationFailed({"result": _("请写明本阶段的办结意见")})
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        require_lead(actor, app)
        if app.lead_closed_at is not None:
            raise Conflict(
                "stage_closed",
                _("本阶段已由%(who)s办结，本次操作未执行") % {"who": app.lead_closed_by},
            )
        open_items = app.items.filter(state__in=OPEN_ITEM_STATES).order_by("item__sort")
        still_open = list(open_items.values_list("item__name", flat=True))
        if still_open:
            raise Conflict(
                "items_open", _("以下事项尚未办结，不能办结本阶段：%(i)s") % {"i": "、".join(still_open)}
            )
        if app.status != ApplicationStatus.LEAD_SUMMARY:
            raise _transition_error(_("申请"), _("办结本阶段"), app.get_status_display())
        decisions = [
            {"item": name, "state": state}
            for name, state in app.items.order_by("item__sort").values_list("item__name", "state")
        ]
        now = _now()
        app.status = ApplicationStatus.COMPLETED
        app.completed_at = now
        app.lead_result = result[:1000]
        app.lead_closed_at = now
        app.lead_closed_by = actor.display
        app.save(update_fields=["status", "completed_at", "lead_result", "lead_closed_at", "lead_closed_by"])
        if app.stage == Stage.COMPLETE:
            project_days_refresh([app.project_id])
        ports.case_ended(app)
        audit_record(
            actor=actor,
            action="approvals.stage.close",
            obj=app,
            before={"status": ApplicationStatus.LEAD_SUMMARY},
            after={"status": app.status, "result": app.lead_result, "items": decisions},
        )
        notify_application(app, "stage.completed", app.lead_result, state="lead_closed")
    return app
