"""Helpers shared by the approval services: clocks, locks and the checks of who may act."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.approvals import ports
from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import StoredClock, stored_clock, warned_cap
from zonedesk.approvals.models import (
    APPLICATION_TRANSITIONS,
    OPEN_ITEM_STATES,
    Application,
    ApplicationItem,
    ApplicationStatus,
    Stage,
    StageLead,
)
from zonedesk.casefiles.models import CaseKind, CaseNumber
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound
from zonedesk.notifications.emit import notify_application, notify_lead_summary
from zonedesk.organisation.roles import Role
from zonedesk.workdays.selectors import work_calendar

REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.DEPARTMENT_HEAD})


def _now() -> dt.datetime:
    return timezone.localtime()


CLOCK_FIELDS = [*StoredClock.FIELDS, "clock_warned"]


def _set_clock(ai: ApplicationItem, pauses, now: dt.datetime, cal=None, ratio: Decimal | None = None) -> None:
    """Set the item's stored clock (not saved) from its recorded pauses."""
    cal = cal or work_calendar()
    if ratio is None and ai.decided_at is None:
        ratio = settings_for(ai.zone_id).yellow_ratio
    stored = stored_clock(ai, pauses, cal, now, ratio)
    stored.apply(ai)
    ai.clock_warned = warned_cap(ai.clock_warned, stored, ai.state, timezone.localtime(now).date())


def _refresh_due(ai: ApplicationItem, now: dt.datetime) -> None:
    """Keep the stored clock (what inboxes order by, figures count and sweeps walk) equal to
    the clock's, in the writing transaction."""
    _set_clock(ai, list(ai.pauses.all()), now)
    ai.save(update_fields=CLOCK_FIELDS)


def _require_window(actor: Actor, zone_id: int) -> None:
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(Role.WINDOW_CLERK) or user.zone_id != zone_id:
        raise Forbidden("not_window", _("只有本园区综合窗口可以受理申请"))


def _require_reviewer(actor: Actor, ai: ApplicationItem) -> None:
    user = actor.user
    if user is None or not user.has_role(*REVIEWER_ROLES) or user.department_id != ai.department_id:
        raise Forbidden(
            "not_reviewer", _("只有%(dept)s的审批人员可以办理此事项") % {"dept": ai.department.name}
        )


def _transition_error(what: str, current: str, label: str) -> Conflict:
    return Conflict(
        "illegal_transition",
        _("%(what)s当前状态为「%(state)s」，不能%(action)s")
        % {"what": what, "state": label, "action": current},
    )


def _check_app(app: Application, target: str, action: str) -> None:
    if target not in APPLICATION_TRANSITIONS[app.status]:
        raise _transition_error(_("申请"), action, app.get_status_display())


def _case_number() -> Subquery:
    """The application's 办件编号, read with it (its messages name it): no query of its own."""
    return Subquery(
        CaseNumber.objects.filter(kind=CaseKind.APPLICATION, object_id=OuterRef("pk")).values("number")[:1]
    )


def _locked_application(actor: Actor, application_id: int | Subquery) -> Application:
    """The application, visible to the actor, row-locked — only its own row: the project and
    enterprise read with it are not locked (``of``), so decisions on different applications of
    one enterprise do not queue on the enterprise's row."""
    user = actor.user
    app = (
        (
            Application.objects.visible_to(user)
            .select_for_update(of=("self",))
            .filter(pk=application_id)
            .select_related("project", "project__enterprise__zone")
            .annotate(case_no=_case_number())
            .first()
        )
        if user
        else None
    )
    if app is None:
        raise NotFound()
    return app


def stage_lead_id(app: Application) -> int | None:
    """The lead department of the application's stage in the catalogue version it runs on."""
    return (
        StageLead.objects.filter(version_id=app.version_id, stage=app.stage)
        .values_list("department_id", flat=True)
        .first()
    )


def project_days_refresh(project_ids) -> int:
    """Store on each given project's completed 竣工验收 the sum of its completed stages' days
    (the stage that completes the project, or a calendar correction that moved a stage's days):
    one UPDATE, whatever the number of projects."""
    return Application.objects.filter(
        project_id__in=project_ids, stage=Stage.COMPLETE, status=ApplicationStatus.COMPLETED
    ).update(
        project_days=Subquery(
            Application.objects.filter(project_id=OuterRef("project_id"), status=ApplicationStatus.COMPLETED)
            .order_by()
            .values("project_id")
            .annotate(total=Sum("used_days"))
            .values("total")[:1]
        )
    )


def stage_finish_if_done(app: Application, now: dt.datetime) -> None:
    """When no item is open any more: a stage without a lead department completes; one with a
    lead waits for the lead's combined result (待牵头部门汇总, the lead's to-do), and only
    ``stage_close`` completes it, so the next stage cannot open before."""
    # Items run in parallel: the stage took as long as its slowest item (stored, so the
    # dashboard's average is one aggregate) — read with the count of open items, one query.
    figures = app.items.aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_ITEM_STATES)), slowest=Max("used_days")
    )
    if figures["open"]:
        return
    app.used_days = figures["slowest"] or 0
    lead = stage_lead_id(app)
    if lead is not None:
        app.status = ApplicationStatus.LEAD_SUMMARY
        app.save(update_fields=["status", "used_days"])
        notify_lead_summary(app, lead)
        return
    app.status = ApplicationStatus.COMPLETED
    app.completed_at = now
    app.save(update_fields=["status", "completed_at", "used_days"])
    if app.stage == Stage.COMPLETE:
        project_days_refresh([app.project_id])
    ports.case_ended(app)
    notify_application(app, "stage.completed")
