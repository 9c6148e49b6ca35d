"""Every read of appeals and ratings, scoped by ``visible_to``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zonedesk.appeals import clocks, rules
from zonedesk.appeals.models import (
    ACTIVE_STATUSES,
    BAD_LEVELS,
    NO_DAY,
    Appeal,
    AppealDay,
    AppealEvent,
    Category,
    Rating,
    RatingDay,
    RatingStatus,
    Status,
    Visit,
)
from zonedesk.organisation.models import Department
from zonedesk.organisation.roles import Role

STATUS_GROUPS = {
    "open": rules.OPEN,
    "active": rules.ACTIVE,
    "closed": frozenset({Status.CLOSED}),
}


@dataclass(frozen=True)
class AppealFilter:
    status: str = ""  # a Status value or a group of STATUS_GROUPS
    category: int | None = None
    department: int | None = None
    source: str = ""
    q: str = ""
    submitted_from: dt.date | None = None
    submitted_to: dt.date | None = None
    closed_from: dt.date | None = None
    closed_to: dt.date | None = None
    escalated: bool | None = None
    supervised: bool | None = None
    enterprise: int | None = None
    state: str = ""  # red / yellow / paused: read from each active case's clock
    counted: str = ""  # due / closed / on_time in counted_from..counted_to: a dashboard figure's cases
    counted_from: dt.date | None = None
    counted_to: dt.date | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def appeal_list_for(*, user, filters: AppealFilter = AppealFilter()) -> QuerySet[Appeal]:
    """A page costs the same queries whatever its size (count, rows, pauses)."""
    qs = (Appeal.objects.visible_to(user)
          .select_related("enterprise", "category", "lead_department", "zone")
          .prefetch_related("pauses"))
    f = filters
    if f.status in STATUS_GROUPS:
        qs = qs.filter(status__in=STATUS_GROUPS[f.status])
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.department:
        qs = qs.filter(Q(lead_department_id=f.department) | Q(
            pk__in=Appeal.co_departments.through.objects.filter(
                department_id=f.department).values("appeal_id")))
    if f.source:
        qs = qs.filter(source=f.source)
    if f.enterprise:
        qs = qs.filter(enterprise_id=f.enterprise)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(number__icontains=f.q)
                       | Q(enterprise__name__icontains=f.q))
    if f.submitted_from:
        qs = qs.filter(submitted_at__gte=_day_start(f.submitted_from))
    if f.submitted_to:
        qs = qs.filter(submitted_at__lt=_day_start(f.submitted_to + dt.timedelta(days=1)))
    if f.closed_from:
        qs = qs.filter(closed_at__gte=_day_start(f.closed_from))
    if f.closed_to:
        qs = qs.filter(closed_at__lt=_day_start(f.closed_to + dt.timedelta(days=1)))
    if f.escalated is not None:
        qs = qs.filter(escalated_at__isnull=not f.escalated)
    if f.counted in COUNTED and f.counted_from and f.counted_to:
        qs = qs.filter(counted_q(f.counted, f.counted_from, f.counted_to, timezone.localdate()))
    if f.state in {"red", "yellow", "paused"}:
        qs = qs.filter(state_q(f.state, timezone.now()))
    if f.supervised is not None:
        qs = qs.filter(supervisions__isnull=not f.supervised).distinct() if f.supervised else \
            qs.filter(supervisions__isnull=True)
    return qs.order_by("-submitted_at", "-id")


def get_appeal_for(user, pk: int) -> Appeal:
    return get_object_or_404(
        Appeal.objects.visible_to(user)
        .select_related("enterprise", "category", "lead_department", "zone", "merged_into",
                        "escalated_to", "visit")
        .prefetch_related("pauses", "co_departments", "supervisions", "attachments__stored_file"),
        pk=pk)


def appeal_history(appeal: Appeal) -> list[AppealEvent]:
    """The case's own events and those of the duplicates merged into it (both histories)."""
    ids = [appeal.pk, *Appeal.objects.filter(merged_into=appeal).values_list("pk", flat=True)]
    return list(AppealEvent.objects.filter(appeal_id__in=ids).select_related("appeal")
                .prefetch_related("attachments__stored_file").order_by("at", "id"))


def categories_for(zone_id: int) -> QuerySet[Category]:
    return Category.objects.filter(zone_id=zone_id).order_by("sort", "id")


def departments_for(zone_id: int) -> QuerySet[Department]:
    return Department.objects.filter(zone_id=zone_id, is_active=True).order_by("sort", "id")


def visit_list_for(*, user) -> QuerySet[Visit]:
    """Visits are staff records: zone-wide staff and stewards see those of their zones."""
    if not (user.is_authenticated and user.is_business_staff):
        return Visit.objects.none()
    return (Visit.objects.filter(zone_id__in=user.visible_zone_ids)
            .select_related("enterprise", "recorded_by")
            .prefetch_related(Prefetch("appeals", queryset=Appeal.objects.order_by("id")))
            .order_by("-visited_on", "-id"))


def get_visit_for(user, pk: int) -> Visit:
    return get_object_or_404(visit_list_for(user=user), pk=pk)


def rating_list_for(*, user, kind: str = "", status: str = "", bad: bool | None = None,
                    rectification: str = "", review: str = "",
                    counted: tuple[str, dt.date, dt.date] | None = None) -> QuerySet[Rating]:
    """`counted`: (valid / satisfied / bad, from, to), a dashboard figure's ratings."""
    qs = (Rating.objects.visible_to(user).select_related("enterprise", "rectification", "review")
          .prefetch_related("departments"))
    if counted is not None and counted[0] in RATINGS_COUNTED:
        from zonedesk.appeals import clocks

        levels = clocks.satisfied_levels(clocks.zone_settings(user.zone_id or 0))
        qs = qs.filter(rating_counted_q(counted[0], counted[1], counted[2], levels))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if bad is not None:
        bad_q = Q(first_level__in=["unsatisfied", "very_unsatisfied"])
        qs = qs.filter(bad_q) if bad else qs.exclude(bad_q)
    if rectification:
        qs = qs.filter(rectification__status=rectification)
    if review:
        qs = qs.filter(review__decision=review)
    return qs.order_by("-rated_at", "-id")


def get_rating_for(user, pk: int) -> Rating:
    return get_object_or_404(Rating.objects.visible_to(user)
                             .select_related("enterprise", "rectification", "review", "zone")
                             .prefetch_related("departments", "rectification__attachments__stored_file"),
                             pk=pk)


def rating_for_case(kind: str, case_id: int, zone_id: int) -> Rating | None:
    return (Rating.objects.select_related("rectification", "review")
            .filter(zone_id=zone_id, kind=kind, case_id=case_id).first())


# -- facts for the rates -------------------------------------------------------------------------


def case_facts(appeals) -> list[rules.CaseFact]:
    """Plain facts for rules.py; ``appeals`` must have their pauses prefetched."""
    from zonedesk.workdays.selectors import work_calendar

    cal = work_calendar()
    out = []
    for a in appeals:
        clock = clocks.clock_for(a)
        now = clocks.local(a.replied_at or timezone.now())
        due_on = clock.deadline(cal, now).date if clock else None
        closed_on = timezone.localtime(a.closed_at).date() if a.status == Status.CLOSED and a.closed_at \
            else None
        out.append(rules.CaseFact(id=a.pk, department_id=a.lead_department_id, category=a.category.name,
                                  due_on=due_on, closed_on=closed_on, on_time=a.replied_on_time,
                                  merged=a.status == Status.MERGED))
    return out


def rating_facts(ratings) -> list[rules.RatingFact]:
    return [rules.RatingFact(id=r.pk, level=r.level, rated_on=timezone.localtime(r.rated_at).date(),
                             overturned=r.status == RatingStatus.OVERTURNED,
                             department_ids=tuple(d.pk for d in r.departments.all()))
            for r in ratings]


def zone_appeals(zone_ids) -> QuerySet[Appeal]:
    return (Appeal.objects.filter(zone_id__in=zone_ids).select_related("category")
            .prefetch_related("pauses"))


def zone_appeal_ratings(zone_ids) -> QuerySet[Rating]:
    return Rating.objects.filter(zone_id__in=zone_ids, kind="appeal").prefetch_related("departments")


# -- the rates as SQL aggregates ---------------------------------------------------------------
#
# The same rules as rules.py (`is_due`, `is_closed`, `satisfaction_rate`), spelt as filters over
# the stored clock columns, so a rate is one grouped query whatever the number of cases:
#   due     = not merged AND (deadline in [start, min(end, today)] and not paused-open
#             OR closed within [start, end])
#   closed  = due AND closed by the end of the period
#   on time = closed AND replied on time
# An open pause makes the stored deadline a lower bound that the live clock pushes past today,
# so such a case is never due by its deadline (rules.py sees the same through the clock).


COUNTED = ("due", "closed", "on_time")


def counted_q(kind: str, start: dt.date, end: dt.date, today: dt.date, prefix: str = "") -> Q:
    """The cases a rate counts: `due` (应办结, the 办结率's denominator), `closed` (its numerator,
    the 按时办结率's denominator) or `on_time`. The figures count with it and the list filters
    with it, so a figure's number and the rows it opens are the same cases."""
    p = prefix
    after_end = _day_start(end + dt.timedelta(days=1))
    closed_in = Q(**{f"{p}status": Status.CLOSED, f"{p}closed_at__gte": _day_start(start),
                     f"{p}closed_at__lt": after_end})
    due_in = Q(**{f"{p}due_on__gte": start, f"{p}due_on__lte": min(end, today), f"{p}due_paused": False})
    due = ~Q(**{f"{p}status": Status.MERGED}) & (due_in | closed_in)
    if kind == "due":
        return due
    closed = due & Q(**{f"{p}status": Status.CLOSED, f"{p}closed_at__lt": after_end})
    return closed & Q(**{f"{p}replied_on_time": True}) if kind == "on_time" else closed


def _case_aggregates(start: dt.date, end: dt.date, today: dt.date, prefix: str = "") -> dict:
    return {kind: Count("pk", filter=counted_q(kind, start, end, today, prefix)) for kind in COUNTED}


RATINGS_COUNTED = ("valid", "satisfied", "bad")


def rating_counted_q(kind: str, start: dt.date, end: dt.date, levels, prefix: str = "") -> Q:
    """The ratings the 满意率 counts (`valid`: not overturned, rated in the period), its
    numerator (`satisfied`) and the 差评 among them (`bad`): figures and the list share it."""
    p = prefix
    valid = ~Q(**{f"{p}status": RatingStatus.OVERTURNED}) & Q(**{
        f"{p}rated_at__gte": _day_start(start), f"{p}rated_at__lt": _day_start(end + dt.timedelta(days=1))})
    if kind == "satisfied":
        return valid & Q(**{f"{p}level__in": list(levels)})
    if kind == "bad":
        return valid & Q(**{f"{p}level__in": sorted(BAD_LEVELS)})
    return valid


def _rating_aggregates(start: dt.date, end: dt.date, levels, prefix: str = "") -> dict:
    return {kind: Count("pk", filter=rating_counted_q(kind, start, end, levels, prefix))
            for kind in RATINGS_COUNTED}


def _row(key, case: dict | None, rating: dict | None) -> rules.RateRow:
    c = case or {"due": 0, "closed": 0, "on_time": 0}
    r = rating or {"valid": 0, "satisfied": 0}
    return rules.RateRow(key, rules.Rate(c["closed"], c["due"]), rules.Rate(c["on_time"], c["closed"]),
                         rules.Rate(r["satisfied"], r["valid"]))


def appeal_rates(appeals: QuerySet[Appeal], ratings: QuerySet[Rating], *, start: dt.date, end: dt.date,
                 today: dt.date, levels, by: str = "", zone_ids: frozenset[int] | None = None
                 ) -> list[rules.RateRow]:
    """The three rates over ``appeals`` and their ``ratings`` (already scoped), in total
    (``by=""``, one row keyed "all") or per ``department`` / ``category``."""
    total, by_department, by_category = appeal_rates_all(appeals, ratings, start=start, end=end,
                                                         today=today, levels=levels, zone_ids=zone_ids)
    return {"": total, "department": by_department, "category": by_category}[by]


_CASE_KEYS = ("due", "closed", "on_time")
_RATING_KEYS = ("valid", "satisfied", "bad")


def _add(into: dict, key, row: dict, names) -> None:
    acc = into.setdefault(key, dict.fromkeys(names, 0))
    for name in names:
        acc[name] += row[name]


def whole_zones(user) -> frozenset[int] | None:
    """The zones whose every case ``user`` sees (the zone-wide roles of ``visible_to``), which
    the per-day summary can answer for; None for a reader who sees only some cases."""
    if user.roles & {Role.LEADER, Role.PROVINCIAL, Role.WINDOW_CLERK}:
        return frozenset(user.visible_zone_ids)
    return None


def _summary_counted(start: dt.date, end: dt.date, today: dt.date) -> tuple[Q, Q]:
    """``counted_q``'s due and closed over the summary's columns: a case's row carries its
    deadline day (``NO_DAY`` when the deadline does not count: none, paused open, merged) and
    its closed day (``NO_DAY`` unless closed)."""
    due = (Q(due_on__gte=start, due_on__lte=min(end, today)) | Q(closed_on__gte=start, closed_on__lte=end))
    closed = due & Q(closed_on__gt=NO_DAY, closed_on__lte=end)
    return due, closed


def _summary_aggregates(start: dt.date, end: dt.date, today: dt.date) -> dict:
    due, closed = _summary_counted(start, end, today)
    return {"due": Coalesce(Sum("cases", filter=due), 0), "closed": Coalesce(Sum("cases", filter=closed), 0),
            "on_time": Coalesce(Sum("on_time", filter=closed), 0)}


def _category_names(rows: list[dict]) -> dict[int, str]:
    """The names of the categories the summary's grouped rows carry (a few ids: one query)."""
    return dict(Category.objects.filter(pk__in=[r["category"] for r in rows]).values_list("pk", "name"))


def _summary_case_rows(zone_ids, start: dt.date, end: dt.date, today: dt.date) -> list[dict]:
    """The cases of whole zones from the summary, only its rows whose deadline or closed day
    falls in the period: grouped by category (its category rows: the totals and the rates by
    category) and by lead department (its department rows, marked ``department_only``)."""
    due, _closed = _summary_counted(start, end, today)
    period = AppealDay.objects.filter(due, zone_id__in=zone_ids).order_by()
    aggregates = {"n": Coalesce(Sum("cases"), 0), **_summary_aggregates(start, end, today)}
    by_cat = list(period.filter(department=0).values("category").annotate(**aggregates))
    names = _category_names(by_cat)
    rows = [{**r, "lead_department_id": None, "category__name": names.get(r["category"], "")} for r in by_cat]
    by_dept = period.filter(category=0, department__gt=0).values("department").annotate(**aggregates)
    return rows + [{**r, "lead_department_id": r["department"], "department_only": True} for r in by_dept]


def _summary_rating_aggregates(levels) -> dict:
    valid = Q(overturned=False)
    return {"valid": Coalesce(Sum("ratings", filter=valid), 0),
            "satisfied": Coalesce(Sum("ratings", filter=valid & Q(level__in=list(levels))), 0),
            "bad": Coalesce(Sum("ratings", filter=valid & Q(level__in=sorted(BAD_LEVELS))), 0)}


def _summary_rating_rows(zone_ids, start: dt.date, end: dt.date, levels) -> tuple[list[dict], list[dict]]:
    """The ratings of whole zones rated in the period, from the per-day summary: (by category
    name, as ``cat``; by rated department), the same rows the case-by-case queries give."""
    period = RatingDay.objects.filter(zone_id__in=zone_ids, day__gte=start, day__lte=end).order_by()
    by_cat = list(period.filter(department=0).values("category")
                  .annotate(n=Coalesce(Sum("ratings"), 0), **_summary_rating_aggregates(levels)))
    names = _category_names(by_cat)
    cats: dict = {}
    for r in by_cat:  # categories of different zones with one name are one group, as by name
        _add(cats, names.get(r["category"], ""), r, (*_RATING_KEYS, "n"))
    depts = list(period.filter(department__gt=0).values("department")
                 .annotate(**_summary_rating_aggregates(levels)))
    return ([{"cat": k, **v} for k, v in cats.items()],
            [{**r, "department_id": r["department"]} for r in depts])


def appeal_rates_all(appeals: QuerySet[Appeal], ratings: QuerySet[Rating], *, start: dt.date, end: dt.date,
                     today: dt.date, levels, zone_ids: frozenset[int] | None = None):
    """(total, by department, by category) in three grouped queries whatever the data size: the
    cases grouped by (department, category) once, the ratings by category and by department;
    the totals are sums over those few groups. Groups are the ones rules.rates_by forms.
    ``zone_ids``: ``appeals`` are every case of these zones (``whole_zones``), so the cases
    are counted on the per-day summary instead of case by case."""
    cases = appeals.order_by()
    rated = ratings.order_by()
    if zone_ids is not None:
        # Whole zones read only the period's rows of the per-day summaries: a department or
        # category with nothing due and nothing rated in the period has no row.
        case_rows = _summary_case_rows(zone_ids, start, end, today)
    else:
        case_rows = list(cases.values("lead_department_id", "category__name")
                         .annotate(n=Count("pk"), **_case_aggregates(start, end, today)))
    # Ratings of appeals (both callers pass kind "appeal"), grouped by their appeal's category
    # through one join — a subquery per rating cost 134 ms at 13,000 ratings.
    if zone_ids is not None:
        rating_cats, rating_depts = _summary_rating_rows(zone_ids, start, end, levels)
    else:
        cat = Coalesce(F("appeal__category__name"), Value(""))
        rating_cats = list(rated.filter(kind="appeal").annotate(cat=cat).values("cat")
                           .annotate(n=Count("pk"), **_rating_aggregates(start, end, levels)))
        through = Rating.departments.through.objects.filter(rating__in=rated.values("pk")).order_by()
        rating_depts = list(through.values("department_id")
                            .annotate(**_rating_aggregates(start, end, levels, prefix="rating__")))
    total_c: dict = {}
    total_r: dict = {}
    by_dept_c: dict = {}
    by_cat_c: dict = {}
    for row in case_rows:
        if row.get("department_only"):  # the summary's department rows: the cases are in the others too
            _add(by_dept_c, row["lead_department_id"], row, _CASE_KEYS)
            continue
        _add(total_c, "all", row, (*_CASE_KEYS, "n"))
        if row["lead_department_id"] is not None:
            _add(by_dept_c, row["lead_department_id"], row, _CASE_KEYS)
        _add(by_cat_c, row["category__name"], row, _CASE_KEYS)
    for row in rating_cats:
        _add(total_r, "all", row, (*_RATING_KEYS, "n"))
    by_cat_r = {row["cat"]: row for row in rating_cats}
    by_dept_r = {row["department_id"]: row for row in rating_depts}

    def rows(cmap: dict, rmap: dict) -> list[rules.RateRow]:
        keys = sorted({*cmap, *rmap}, key=lambda k: (k is None, str(k)))
        return [_row(k, cmap.get(k), rmap.get(k)) for k in keys]

    # The total row is there when the reader has any case or rating at all (asked of the whole
    # zones only when nothing was read for the period).
    any_rows = total_c.get("all", {}).get("n", 0) or total_r.get("all", {}).get("n", 0)
    if not any_rows and zone_ids is not None:
        any_rows = (AppealDay.objects.filter(zone_id__in=zone_ids, department=0, cases__gt=0).exists()
                    or rated.exists())
    total = [_row("all", total_c.get("all"), total_r.get("all"))] if any_rows else []
    return total, rows(by_dept_c, by_dept_r), rows(by_cat_c, by_cat_r)


def appeal_figure_counts(zone_ids, *, start: dt.date, end: dt.date, today: dt.date, now: dt.datetime,
                         levels) -> dict[str, int]:
    """Everything the dashboard's appeals section counts, in three queries that read the
    period's rows of the per-day summaries (cases, ratings) and the overdue cases (a partial
    index) — never every case or rating of the zone."""
    due, _closed = _summary_counted(start, end, today)
    category_rows = AppealDay.objects.filter(due | Q(closed_on=NO_DAY), zone_id__in=zone_ids, department=0)
    cases = (category_rows.order_by()
             .aggregate(**_summary_aggregates(start, end, today), open=Coalesce(Sum("open"), 0)))
    # Overdue now: the red state of the list and the workbench, from the stored clock.
    overdue = Appeal.objects.filter(red_q(now), zone_id__in=zone_ids).order_by().count()
    ratings = (RatingDay.objects.filter(zone_id__in=zone_ids, department=0, day__gte=start, day__lte=end)
               .order_by().aggregate(**_summary_rating_aggregates(levels)))
    return {**cases, "overdue": overdue, **ratings}


def red_q(now: dt.datetime) -> Q:
    return Q(status__in=ACTIVE_STATUSES, due_paused=False, due_at__lt=now)


def state_q(state: str, now: dt.datetime) -> Q:
    """The clock state of active cases as a filter over the stored clock."""
    if state == "red":
        return red_q(now)
    if state == "paused":
        return Q(status=Status.WAITING, due_paused=True)
    # yellow: running, not yet late, past the yellow moment
    return (Q(status__in=ACTIVE_STATUSES, yellow_at__lte=now, due_at__gte=now)
            & ~Q(status=Status.WAITING, due_paused=True))


def rating_levels(ratings: QuerySet[Rating], *, start: dt.date, end: dt.date,
                  zone_ids: frozenset[int] | None = None) -> list[tuple[str, int]]:
    """(level, valid ratings) in the period: one grouped query (whole zones: on the summary)."""
    if zone_ids is not None:
        summed = (RatingDay.objects.filter(zone_id__in=zone_ids, department=0, overturned=False,
                                           day__gte=start, day__lte=end)
                  .order_by().values("level").annotate(n=Sum("ratings")))
        return [(r["level"], r["n"]) for r in summed]
    rows = (ratings.order_by().exclude(status=RatingStatus.OVERTURNED)
            .filter(rated_at__gte=_day_start(start), rated_at__lt=_day_start(end + dt.timedelta(days=1)))
            .values("level").annotate(n=Count("pk")))
    return [(r["level"], r["n"]) for r in rows]
