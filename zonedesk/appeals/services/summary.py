"""Keeping the per-day appeals summaries (``AppealDay``, ``RatingDay``) true.

A case's contribution is one row key (zone, lead department, category, deadline day, closed day)
and two flags (closed on time, open). The services take the contribution before a change from
the locked row and move it after the change (``case_moved``), in the writing transaction; the
calendar refresh moves a batch at once. ``appeals_drift`` / ``appeals_rebuild`` recompute the
table from the cases in one grouped query (the check command, the demo, the bench).

A rating of an appeal counts on its day's row of (level, overturned, the appeal's category) and
once more per department it rates; its services take its row before a change of level or
status and move it after (``rating_moved``); ``ratings_recompute`` gives the table from the
ratings. ``summaries_drift`` / ``summaries_rebuild`` do both tables (the check command)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, DateField, F, Q, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_noop

from zonedesk.appeals import rules
from zonedesk.appeals.models import NO_DAY, Appeal, AppealDay, Rating, RatingDay, RatingStatus, Status
from zonedesk.core.actor import Actor
from zonedesk.core.counters import bump, summary_table_rebuild
from zonedesk.core.summary_check import Drift, drift_between

# A row: (zone, department or 0, category or 0, deadline day or NO_DAY, closed day or NO_DAY).
# A case counts on two rows, the table's two projections: its category's (department 0: the
# totals and the rates by category) and, once dispatched, its lead department's (category 0:
# the rates by department). Keyed by both at once, the rows would multiply by the departments.
Key = tuple[int, int, int, dt.date, dt.date]
Share = tuple[Key, int, int]  # (the case's (zone, department, category, days), on time, open)
# The columns a case's contribution reads.
FIELDS = (
    "zone_id",
    "lead_department_id",
    "category_id",
    "due_on",
    "due_paused",
    "status",
    "closed_at",
    "replied_on_time",
)


def share(a: Appeal) -> Share:
    """What one case adds to the table: the same rules as ``selectors.counted_q``."""
    due = a.due_on if a.due_on is not None and not a.due_paused and a.status != Status.MERGED else NO_DAY
    closed = timezone.localtime(a.closed_at).date() if a.status == Status.CLOSED and a.closed_at else NO_DAY
    on_time = int(closed != NO_DAY and a.replied_on_time is True)
    open_ = int(a.status in rules.OPEN)
    return (a.zone_id, a.lead_department_id or 0, a.category_id, due, closed), on_time, open_


def rows_of(key: Key) -> list[Key]:
    """The rows a case of ``key`` counts on: its category's, and its department's if any."""
    zone, department, category, due_on, closed_on = key
    rows = [(zone, 0, category, due_on, closed_on)]
    if department:
        rows.append((zone, department, 0, due_on, closed_on))
    return rows


def stored_share(appeal_id: int) -> Share | None:
    """The case's contribution as its row stands (call it on the locked row, before saving)."""
    row = Appeal.objects.filter(pk=appeal_id).only(*FIELDS).first()
    return share(row) if row is not None else None


def _apply(moves: Counter[Share]) -> None:
    """Add (or, with a negative count, take off) each contribution; one bump per row key."""
    per_key: dict[Key, list[int]] = {}
    for (key, on_time, open_), n in moves.items():
        for row in rows_of(key):
            acc = per_key.setdefault(row, [0, 0, 0])
            acc[0] += n
            acc[1] += n * on_time
            acc[2] += n * open_
    for key in sorted(per_key):  # one order for every writer: two batches cannot deadlock
        cases, on_time, open_ = per_key[key]
        zone, department, category, due_on, closed_on = key
        bump(
            AppealDay,
            {
                "zone_id": zone,
                "department": department,
                "category": category,
                "due_on": due_on,
                "closed_on": closed_on,
            },
            cases=cases,
            on_time=on_time,
            open=open_,
        )


def case_moved(before: Share | None, appeal: Appeal) -> None:
    """In the writing transaction, after ``appeal`` is saved: move its contribution from
    ``before`` (None: a new case) to what it is now."""
    after = share(appeal)
    if before == after:
        return
    moves: Counter[Share] = Counter({after: 1})
    if before is not None:
        moves[before] -= 1
    _apply(moves)


def cases_moved(pairs: Sequence[tuple[Share, Share]]) -> None:
    """Several cases at once, (before, after) each: the calendar refresh's batch."""
    moves: Counter[Share] = Counter()
    for before, after in pairs:
        if before != after:
            moves[before] -= 1
            moves[after] += 1
    _apply(moves)


# -- recompute, drift, repair ---------------------------------------------------------------


def appeals_recompute(
    zone_ids: Iterable[int] | None = None, *, model=Appeal
) -> dict[Key, tuple[int, int, int]]:
    """key → (cases, on time, open) from the cases: two grouped queries in the database (by
    category, by department). (The model is a parameter so the migration that creates the
    table fills it.)"""
    qs = model.objects.all()
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    no_day = Value(NO_DAY, output_field=DateField())
    counted = Q(due_on__isnull=False, due_paused=False) & ~Q(status=Status.MERGED)
    closed = Q(status=Status.CLOSED, closed_at__isnull=False)
    keyed = qs.order_by().annotate(
        k_due=Case(When(counted, then=F("due_on")), default=no_day, output_field=DateField()),
        k_closed=Case(
            When(closed, then=TruncDate("closed_at", tzinfo=timezone.get_current_timezone())),
            default=no_day,
            output_field=DateField(),
        ),
    )
    counts = {
        "n": Count("pk"),
        "on_time": Count("pk", filter=closed & Q(replied_on_time=True)),
        "open": Count("pk", filter=Q(status__in=sorted(rules.OPEN))),
    }
    out: dict[Key, tuple[int, int, int]] = {}
    for r in keyed.values("zone_id", "category_id", "k_due", "k_closed").annotate(**counts):
        out[(r["zone_id"], 0, r["category_id"], r["k_due"], r["k_closed"])] = (
            r["n"],
            r["on_time"],
            r["open"],
        )
    per_dept = keyed.filter(lead_department_id__isnull=False).values(
        "zone_id", "lead_department_id", "k_due", "k_closed"
    )
    for r in per_dept.annotate(**counts):
        key = (r["zone_id"], r["lead_department_id"], 0, r["k_due"], r["k_closed"])
        out[key] = (r["n"], r["on_time"], r["open"])
    return out


def _stored(zone_ids: Iterable[int] | None) -> dict[Key, tuple[int, int, int]]:
    qs = AppealDay.objects.exclude(cases=0, on_time=0, open=0)
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    rows = qs.values_list(
        "zone_id", "department", "category", "due_on", "closed_on", "cases", "on_time", "open"
    )
    return {(z, d, c, due, closed): (n, o, op) for z, d, c, due, closed, n, o, op in rows}


def appeals_drift(zone_ids: Iterable[int] | None = None) -> list[Drift]:
    """Row keys whose stored (cases, on time, open) differ from the recount."""
    return drift_between(appeals_recompute(zone_ids), _stored(zone_ids), (0, 0, 0))


def appeals_rebuild(zone_ids: Iterable[int] | None = None, *, actor: Actor | None = None) -> int:
    """Replace the zones' rows with the recomputed ones in one transaction, locked against the
    services' bumps on PostgreSQL (``summary_replace``). Returns the rows written."""
    zones = list(zone_ids) if zone_ids is not None else None
    computed: dict[Key, tuple[int, int, int]] = {}

    def recompute() -> list[AppealDay]:
        computed.update(appeals_recompute(zones))
        return [
            AppealDay(
                zone_id=z,
                department=d,
                category=c,
                due_on=due,
                closed_on=closed,
                cases=n,
                on_time=o,
                open=op,
            )
            for (z, d, c, due, closed), (n, o, op) in computed.items()
        ]

    summary_table_rebuild(
        AppealDay, zones=zones, recompute=recompute, total="cases", actor=actor,
        action="appeals.summary.rebuild", label=gettext_noop("诉求日汇总"),
        after=lambda: {"cases": sum(n for n, _o, _p in computed.values()), "rows": len(computed)},
    )
    return len(computed)


# -- ratings --------------------------------------------------------------------------------

# (zone, day, level, overturned, category or 0, department or 0)
RatingKey = tuple[int, dt.date, str, bool, int, int]


@dataclass(frozen=True)
class RatingShare:
    """One rating's rows: its own (department 0) and one per department it rates."""

    zone: int
    day: dt.date
    level: str
    overturned: bool
    category: int
    departments: tuple[int, ...]

    def keys(self) -> list[RatingKey]:
        head = (self.zone, self.day, self.level, self.overturned, self.category)
        return [(*head, d) for d in (0, *self.departments)]


def rating_share(rating: Rating) -> RatingShare | None:
    """The rows ``rating`` counts on as it stands in memory (None: not a rating of an appeal).
    Two queries: the appeal's category and the rated departments, neither of which a later
    change of the rating moves."""
    if rating.kind != "appeal":
        return None
    category = Appeal.objects.filter(pk=rating.case_id).values_list("category_id", flat=True).first() or 0
    departments = tuple(sorted(rating.departments.values_list("pk", flat=True)))
    return RatingShare(
        rating.zone_id,
        timezone.localtime(rating.rated_at).date(),
        rating.level,
        rating.status == RatingStatus.OVERTURNED,
        category,
        departments,
    )


def rating_moved(before: RatingShare | None, rating: Rating) -> None:
    """In the rating services' transaction, after ``rating`` is saved (and its departments
    set): move it from ``before`` (None: a new rating) to its rows now."""
    if rating.kind != "appeal":
        return
    after = before and RatingShare(
        before.zone,
        before.day,
        rating.level,
        rating.status == RatingStatus.OVERTURNED,
        before.category,
        before.departments,
    )
    after = after or rating_share(rating)
    if after is None or before == after:
        return
    moves: Counter[RatingKey] = Counter(after.keys())
    if before is not None:
        moves.subtract(before.keys())
    for key in sorted(moves):
        if moves[key]:
            zone, day, level, overturned, category, department = key
            bump(
                RatingDay,
                {
                    "zone_id": zone,
                    "day": day,
                    "level": level,
                    "overturned": overturned,
                    "category": category,
                    "department": department,
                },
                ratings=moves[key],
            )


def ratings_recompute(zone_ids: Iterable[int] | None = None, *, rating_model=Rating) -> dict[RatingKey, int]:
    """key → ratings from the ratings of appeals: two grouped queries (the ratings, and their
    departments through the link table)."""
    tz = timezone.get_current_timezone()
    qs = rating_model.objects.filter(kind="appeal")
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    over = Q(status=RatingStatus.OVERTURNED)
    own = (
        qs.order_by()
        .annotate(
            k_day=TruncDate("rated_at", tzinfo=tz),
            k_over=Case(When(over, then=Value(True)), default=Value(False)),
            k_cat=Coalesce(F("appeal__category_id"), Value(0)),
        )
        .values("zone_id", "k_day", "level", "k_over", "k_cat")
        .annotate(n=Count("pk"))
    )
    out = {(r["zone_id"], r["k_day"], r["level"], r["k_over"], r["k_cat"], 0): r["n"] for r in own}
    through = rating_model.departments.through.objects.filter(rating__in=qs.values("pk")).order_by()
    per_dept = (
        through.annotate(
            k_day=TruncDate("rating__rated_at", tzinfo=tz),
            k_over=Case(When(rating__status=RatingStatus.OVERTURNED, then=Value(True)), default=Value(False)),
            k_cat=Coalesce(F("rating__appeal__category_id"), Value(0)),
        )
        .values("rating__zone_id", "k_day", "rating__level", "k_over", "k_cat", "department_id")
        .annotate(n=Count("pk"))
    )
    for r in per_dept:
        out[
            (
                r["rating__zone_id"],
                r["k_day"],
                r["rating__level"],
                r["k_over"],
                r["k_cat"],
                r["department_id"],
            )
        ] = r["n"]
    return out


def _ratings_stored(zone_ids: Iterable[int] | None) -> dict[RatingKey, int]:
    qs = RatingDay.objects.exclude(ratings=0)
    if zone_ids is not None:
        qs = qs.filter(zone_id__in=list(zone_ids))
    rows = qs.values_list("zone_id", "day", "level", "overturned", "category", "department", "ratings")
    return {(z, d, lv, o, c, dep): n for z, d, lv, o, c, dep, n in rows}


def ratings_drift(zone_ids: Iterable[int] | None = None) -> list[Drift]:
    return drift_between(ratings_recompute(zone_ids), _ratings_stored(zone_ids), 0)


def ratings_rebuild(zone_ids: Iterable[int] | None = None, *, actor: Actor | None = None) -> int:
    zones = list(zone_ids) if zone_ids is not None else None
    computed: dict[RatingKey, int] = {}

    def recompute() -> list[RatingDay]:
        computed.update(ratings_recompute(zones))
        return [
            RatingDay(zone_id=z, day=d, level=lv, overturned=o, category=c, department=dep, ratings=n)
            for (z, d, lv, o, c, dep), n in computed.items()
        ]

    summary_table_rebuild(
        RatingDay, zones=zones, recompute=recompute, total="ratings", actor=actor,
        action="appeals.rating_summary.rebuild", label=gettext_noop("评价日汇总"),
        after=lambda: {"ratings": sum(n for k, n in computed.items() if k[5] == 0), "rows": len(computed)},
    )
    return len(computed)


def summaries_drift(zone_ids: Iterable[int] | None = None) -> list[Drift]:
    """Both tables' differences: the cases' rows (5-part keys), then the ratings' (6-part)."""
    return appeals_drift(zone_ids) + ratings_drift(zone_ids)


def summaries_rebuild(zone_ids: Iterable[int] | None = None, *, actor: Actor | None = None) -> int:
    return appeals_rebuild(zone_ids, actor=actor) + ratings_rebuild(zone_ids, actor=actor)
