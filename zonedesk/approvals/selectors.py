"""Reads of the approval workflow, scoped through ``visible_to``; lists cost a fixed number of
queries whatever the page size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.clocks import ItemClock, clock_for, read_clock
from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationMaterial,
    ApplicationStatus,
    ConstructionProject,
    ItemMaterial,
    ItemState,
    MaterialRecord,
    MaterialStatus,
    Pause,
    Stage,
)
from zonedesk.approvals.rules import ForecastItem, ForecastStage, StageForecast, forecast
from zonedesk.organisation.roles import Role
from zonedesk.workdays.calendar import Due
from zonedesk.workdays.selectors import work_calendar

REVIEW_STATES = (ItemState.IN_REVIEW, ItemState.SUPPLEMENT)


def get_project_for(user, pk: int) -> ConstructionProject:
    return get_object_or_404(
        ConstructionProject.objects.visible_to(user).select_related("enterprise", "category", "zone"), pk=pk
    )


def get_application_for(user, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(user).select_related("project", "project__enterprise", "version"),
        pk=pk,
    )


def get_item_for(user, pk: int) -> ApplicationItem:
    return get_object_or_404(
        ApplicationItem.objects.visible_to(user).select_related(
            "application",
            "application__project",
            "application__project__enterprise",
            "item",
            "department",
            "waived_by",
        ),
        pk=pk,
    )


def project_list_for(*, user, figure: ProjectFigure | None = None) -> QuerySet[ConstructionProject]:
    qs = ConstructionProject.objects.visible_to(user)
    if figure is not None:
        qs = qs.filter(pk__in=figure.project_ids(user.visible_zone_ids))
    return qs.select_related("enterprise", "category").order_by("-created_at", "-id")


# -- the rows behind the dashboard's figures ----------------------------------------------------

LIVE_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.WINDOW_SUPPLEMENT,
                 ApplicationStatus.IN_REVIEW, ApplicationStatus.LEAD_SUMMARY)
FIGURE_KINDS = ("in_approval", "completed", "decided", "on_time", "overdue", "saved")


def _day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class ProjectFigure:
    """One dashboard figure's selection: the dashboard counts it and the project list opens the
    projects behind it, from the same filter so the two never disagree."""

    kind: str  # one of FIGURE_KINDS
    start: dt.date | None = None
    end: dt.date | None = None
    today: dt.date | None = None

    def applications(self, zone_ids) -> QuerySet[Application]:
        qs = Application.objects.filter(zone_id__in=zone_ids)
        if self.kind == "in_approval":
            return qs.filter(status__in=LIVE_STATUSES)
        if self.kind == "completed":  # the projects whose last stage (竣工验收) completed
            return qs.filter(stage=Stage.COMPLETE, status=ApplicationStatus.COMPLETED,
                             completed_at__gte=_day(self.start),
                             completed_at__lt=_day(self.end + dt.timedelta(1)))
        # saved: applications in the period with an item a regional assessment replaced
        return qs.filter(saved_cost_wan__gt=0, submitted_at__gte=_day(self.start),
                         submitted_at__lt=_day(self.end + dt.timedelta(1)))

    def items(self, zone_ids) -> QuerySet[ApplicationItem]:
        qs = ApplicationItem.objects.filter(zone_id__in=zone_ids)
        if self.kind == "overdue":
            return qs.filter(state=ItemState.IN_REVIEW, due_date__lt=self.today or timezone.localdate())
        # decided / on_time: a range on the column, so the index serves it
        qs = qs.filter(state__in=[ItemState.APPROVED, ItemState.REFUSED], decided_at__gte=_day(self.start),
                       decided_at__lt=_day(self.end + dt.timedelta(1)))
        return qs.filter(decided_on_time=True) if self.kind == "on_time" else qs

    def project_ids(self, zone_ids) -> QuerySet:
        if self.kind in {"overdue", "decided", "on_time"}:
            return self.items(zone_ids).order_by().values("application__project_id")
        return self.applications(zone_ids).order_by().values("project_id")

    @classmethod
    def parse(cls, params) -> ProjectFigure | None:
        """From a query string (figure, from, to); None when absent or malformed."""
        kind = params.get("figure", "")
        if kind not in FIGURE_KINDS:
            return None
        try:
            start = dt.date.fromisoformat(params.get("from", ""))
            end = dt.date.fromisoformat(params.get("to", ""))
        except ValueError:
            if kind not in {"in_approval", "overdue"}:
                return None
            start = end = None
        return cls(kind, start, end)

    def query(self) -> str:
        from urllib.parse import urlencode

        span = {"from": self.start.isoformat(), "to": self.end.isoformat()} if self.start and self.end else {}
        return "?" + urlencode({"figure": self.kind, **span})


def item_materials(ai: ApplicationItem) -> list[ApplicationMaterial]:
    """The application's materials that this item asks for, with their files: what the reviewer
    reads to decide, on the item's own page."""
    types = ItemMaterial.objects.filter(item_id=ai.item_id).values("material_type_id")
    return list(
        ApplicationMaterial.objects.filter(application_id=ai.application_id, material_type_id__in=types)
        .select_related("material_type", "record")
        .order_by("material_type__code")
    )


# -- inboxes ----------------------------------------------------------------------------------


# The inbox's clock filters, the ones the sweep's digests link to ("3,000 个审批事项已超期"):
# the same ranges as the sweep's (approvals.services.sweeps), over the stored clock.
INBOX_CLOCKS = ("red", "yellow")


def _clock_filter(qs: QuerySet[ApplicationItem], clock: str, today: dt.date) -> QuerySet[ApplicationItem]:
    if clock == "red":
        return qs.filter(due_paused=False, due_date__lt=today)
    if clock == "yellow":
        return qs.filter(state=ItemState.IN_REVIEW, due_paused=False, yellow_on__lte=today,
                         due_date__gte=today)
    return qs


def review_inbox_for(*, user, clock: str = "", today: dt.date | None = None) -> QuerySet[ApplicationItem]:
    """A department's items under review or waiting for 补正: green channel first, then the
    earliest deadline (kept on the row by the services, so the database orders and pages).
    ``clock``: only the overdue ("red") or nearly due ("yellow") ones."""
    if (
        not user.is_authenticated
        or not user.department_id
        or not user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD)
    ):
        return ApplicationItem.objects.none()
    # The department's own items are exactly what visible_to grants a reviewer for them (a
    # department belongs to the user's zone); filtering on the department alone lets the
    # partial inbox index answer both the page and the count without touching the rows.
    mine = _clock_filter(ApplicationItem.objects.filter(department_id=user.department_id, in_inbox=True),
                         clock, today or timezone.localdate())
    return (
        mine
        .select_related(
            "application",
            "application__project",
            "application__project__enterprise",
            "item",
            "department",
            "waived_by",
            "certificate",
        )
        .prefetch_related(Prefetch("pauses", queryset=Pause.objects.order_by("start")), "deadline_changes")
        # The two constant leading columns make the order that of the inbox index, which
        # SQLite's planner then walks instead of sorting the department's items.
        .order_by("department_id", "in_inbox", "-green_channel", "due_date", "id")
    )


def review_inbox_ids_for(*, user, clock: str = "") -> QuerySet:
    """The inbox's ids in inbox order: pages are cut on this narrow query (an index walk, even
    deep into a long inbox), then ``items_in_order`` loads the page's rows."""
    return (
        review_inbox_for(user=user, clock=clock)
        .select_related(None).prefetch_related(None).values_list("id", flat=True)
    )


# What an item row of a list shows beside its own columns: the inbox page names the project and
# its enterprise; the API's item (``ItemOut``) does not, so it skips those three joins (their
# many columns were most of the page's load time).
PAGE_RELATED = ("application", "application__project", "application__project__enterprise", "item",
                "department", "waived_by", "certificate")
API_RELATED = ("item", "department", "waived_by", "certificate")


def items_in_order(ids: list[int], *, related: tuple[str, ...] = PAGE_RELATED) -> list[ApplicationItem]:
    qs = ApplicationItem.objects.filter(pk__in=ids).select_related(*related)
    if related == API_RELATED:
        # Of a certificate the API shows its number and verification link: not its fields
        # (a JSON document per certificate, parsed for nothing).
        qs = qs.defer("certificate__fields")
    rows = (
        qs.prefetch_related(Prefetch("pauses", queryset=Pause.objects.order_by("start")), "deadline_changes")
        .order_by()  # in_bulk keys by id: the model's ordering would join the application to sort
        .in_bulk()
    )
    return [rows[i] for i in ids if i in rows]


# What a list's item (the API's ItemBriefOut) reads of an item row and its joins: one query of
# values for a page, no model instances (four a row with select_related).
BRIEF_VALUES = ("id", "item__code", "item__name", "department__name", "state", "green_channel",
                "limit_days", "reason", "waived_by__title", "saved_cost_wan", "certificate__number",
                "certificate__verify_code", "started_at", "decided_at")


@dataclass
class Brief:
    """An item as a list shows it: ``values`` keyed as ``BRIEF_VALUES``, its clock, and its
    open 补正 pause (only 补正 stops an item's clock)."""

    values: dict
    clock: ItemClock
    open_pause: Pause | None


@dataclass(frozen=True)
class _ClockFacts:  # what the item clock reads of an item row
    started_at: dt.datetime | None
    limit_days: int
    decided_at: dt.datetime | None


def item_briefs(ids: list[int], *, zone_id: int | None, now: dt.datetime | None = None) -> list[Brief]:
    """The items of ``ids`` in that order as lists show them: two queries (the rows with their
    joins as values, their pauses) and the clock of each."""
    rows = {r["id"]: r for r in ApplicationItem.objects.filter(pk__in=ids).order_by().values(*BRIEF_VALUES)}
    pauses: dict[int, list[Pause]] = {}
    for p in Pause.objects.filter(application_item_id__in=ids).order_by("start").only(
            "application_item_id", "start", "end", "reason", "due_on", "due_provisional"):
        pauses.setdefault(p.application_item_id, []).append(p)
    now = now or timezone.now()
    cal = work_calendar()
    ratio = settings_for(zone_id or 0).yellow_ratio
    out = []
    for i in ids:
        if (v := rows.get(i)) is None:
            continue
        own = pauses.get(i, [])
        facts = _ClockFacts(v["started_at"], v["limit_days"], v["decided_at"])
        open_pause = next((p for p in own if p.end is None), None)
        out.append(Brief(v, read_clock(facts, own, cal, now, ratio), open_pause))
    return out


def brief_of(row: Row) -> Brief:
    """A loaded item (with item, department, waiver, certificate and pauses) as ``item_briefs``
    gives it."""
    ai = row.ai
    cert = ai.certificate if ai.certificate_id else None
    waiver = ai.waived_by if ai.waived_by_id else None
    values = {
        "id": ai.pk, "item__code": ai.item.code, "item__name": ai.item.name,
        "department__name": ai.department.name, "state": ai.state, "green_channel": ai.green_channel,
        "limit_days": ai.limit_days, "reason": ai.reason,
        "waived_by__title": waiver.title if waiver is not None else None,
        "saved_cost_wan": ai.saved_cost_wan, "certificate__number": cert.number if cert else None,
        "certificate__verify_code": cert.verify_code if cert else None,
        "started_at": ai.started_at, "decided_at": ai.decided_at,
    }
    return Brief(values, row.clock, next((p for p in ai.pauses.all() if p.end is None), None))


def window_inbox_for(*, user) -> QuerySet[Application]:
    if not user.is_authenticated or not user.has_role(Role.WINDOW_CLERK):
        return Application.objects.none()
    return (
        Application.objects.visible_to(user)
        .filter(
            zone_id=user.zone_id,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.WINDOW_SUPPLEMENT],
        )
        .select_related("project", "project__enterprise")
        .prefetch_related(
            Prefetch("materials", queryset=ApplicationMaterial.objects.select_related("material_type"))
        )
        .order_by("-green_channel", "submitted_at", "id")
    )


@dataclass
class Row:
    """An item with its clock and the clock's explanation (the same one the item page shows),
    ready for a page or the API."""

    ai: ApplicationItem
    clock: ItemClock
    explain: list[str] = field(default_factory=list)


def _row(ai: ApplicationItem, cal, now: dt.datetime, ratio, explain: bool = True) -> Row:
    pauses = list(ai.pauses.all())
    if not explain:
        return Row(ai, read_clock(ai, pauses, cal, now, ratio))
    clock = clock_for(ai, pauses)
    local = timezone.localtime(now).replace(tzinfo=None)
    return Row(ai, read_clock(ai, pauses, cal, now, ratio), clock.explain(cal, local) if clock else [])


def with_clocks(items, *, zone_id: int | None = None, now: dt.datetime | None = None,
                explain: bool = True) -> list[Row]:
    """Each item with its clock and, when ``explain``, the clock's explanation: about 25
    translated sentences an item, which lists of the API leave to the item's own answer."""
    now = now or timezone.now()
    cal = work_calendar()  # once per list: every row reads the same calendar
    ratio = settings_for(zone_id).yellow_ratio if zone_id else settings_for(0).yellow_ratio
    return [_row(ai, cal, now, ratio, explain) for ai in items]


# -- the applicant's timeline -----------------------------------------------------------------


@dataclass
class StageView:
    stage: str
    label: str
    application: Application | None
    rows: list[Row] = field(default_factory=list)
    forecast: StageForecast | None = None
    used: int = 0
    asked: list[str] = field(default_factory=list)


@dataclass
class Timeline:
    project: ConstructionProject
    stages: list[StageView]
    used: int
    limit: int
    forecast_end: Due | None
    library: list[MaterialRecord]

    @property
    def left(self) -> int:
        return self.limit - self.used


def timeline_for(*, user, project_id: int, now: dt.datetime | None = None, library: bool = True,
                 related: tuple[str, ...] = ("item", "department", "waived_by", "certificate"),
                 explain: bool = True) -> Timeline:
    """Stages, items, holders, working days used and left, what is asked of the applicant and
    the schedule forecast, in a fixed number of queries. ``library=False`` (the API, which does
    not show it) skips the enterprise's material library; ``explain=False`` (the API too) the
    items' clock explanations and deadline moves."""
    now = now or timezone.now()
    project = get_project_for(user, project_id)
    apps = list(
        Application.objects.filter(project=project)
        .exclude(status__in=[ApplicationStatus.REFUSED, ApplicationStatus.TERMINATED])
        .prefetch_related(
            Prefetch(
                "items",
                queryset=(
                    ApplicationItem.objects.select_related(*related).defer("certificate__fields")
                    if related == API_RELATED
                    else ApplicationItem.objects.select_related(*related)
                )
                .prefetch_related(*(("pauses", "deadline_changes") if explain else ("pauses",)))
                .order_by("item__sort", "id"),
            ),
            Prefetch("materials", queryset=ApplicationMaterial.objects.select_related("material_type")),
        )
        .order_by("submitted_at")
    )
    # A refused/terminated application is history; its stage may be filed again.
    by_stage = {a.stage: a for a in apps}
    cal = work_calendar()
    ratio = settings_for(project.zone_id).yellow_ratio
    version_items = _catalogue_items(project)
    views: list[StageView] = []
    plans: list[ForecastStage] = []
    local_today = timezone.localdate()
    for stage in Stage:
        app = by_stage.get(stage.value)
        view = StageView(stage.value, str(stage.label), app)
        if app is None:
            plans.append(
                ForecastStage(stage.value, tuple(ForecastItem(d) for d in version_items.get(stage.value, [])))
            )
            views.append(view)
            continue
        view.rows = [_row(ai, cal, now, ratio, explain) for ai in app.items.all()]
        view.used = max((r.clock.used for r in view.rows), default=0)
        view.asked = _asked(app, view.rows)
        started = timezone.localtime(app.accepted_at).date() if app.accepted_at else None
        done = (
            timezone.localtime(app.completed_at).date() if app.status == ApplicationStatus.COMPLETED else None
        )
        plans.append(
            ForecastStage(
                stage.value,
                tuple(
                    ForecastItem(
                        r.ai.limit_days,
                        due=r.clock.due.date if r.clock.due else None,
                        done_on=(
                            timezone.localtime(r.ai.decided_at).date()
                            if r.ai.decided_at
                            else started
                            if r.ai.state == ItemState.WAIVED and started
                            else None
                        ),
                    )
                    for r in view.rows
                    if r.ai.state != ItemState.WAIVED
                ),
                started_on=started,
                done_on=done,
            )
        )
        views.append(view)
    fc = forecast(cal, plans, local_today)
    for view, f in zip(views, fc, strict=True):
        view.forecast = f
    records = (
        MaterialRecord.objects.filter(
            Q(project=project) | Q(project__isnull=True), enterprise_id=project.enterprise_id
        )
        .select_related("material_type")
        .order_by("material_type__code", "-created_at")
    )
    library_rows = list(records) if library else []
    return Timeline(
        project,
        views,
        sum(v.used for v in views),
        project.category.limit_days,
        fc[-1].end if fc else None,
        library_rows,
    )


def _catalogue_items(project: ConstructionProject) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for stage, days in project.category.version.items.values_list("stage", "promised_days"):
        out.setdefault(stage, []).append(days)
    return out


def _asked(app: Application, rows: list[Row]) -> list[str]:
    asked: list[str] = []
    if app.status == ApplicationStatus.WINDOW_SUPPLEMENT:
        for n in app.window_notice:
            asked.append(
                _("补正材料：%(m)s") % {"m": n["material"]}
                if "material" in n
                else _("补正说明：%(n)s") % {"n": n["note"]}
            )
    for m in app.materials.all():
        if m.status == MaterialStatus.TOLERATED:
            asked.append(
                _("容缺材料：%(m)s（%(d)s 前补齐）")
                % {"m": m.material_type.name, "d": app.tolerance_deadline}
            )
        elif m.status == MaterialStatus.MISSING and app.status == ApplicationStatus.SUBMITTED:
            asked.append(_("待提交材料：%(m)s") % {"m": m.material_type.name})
    for r in rows:
        if r.ai.state == ItemState.SUPPLEMENT:
            asked.append(_("%(i)s 要求补正：%(r)s") % {"i": r.ai.item.name, "r": r.ai.reason})
    return asked
