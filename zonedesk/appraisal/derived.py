"""Indicator values derived from system data: one SQL aggregate per source for all the people
of a period (a bounded number of queries whatever the number of people or cases), and the same
filter again to list the rows behind a value (click-through), so the two cannot disagree.

Attribution: an approval item belongs to the person who decided it (``decided_by`` is the
display name the approvals service writes); an appeal to the person who replied to it (its
``reply`` event); a rating to the person who replied to the rated appeal; a stage move to the
person who recorded it; a paid policy award to the person who confirmed it (免申即享 batch or
申报 acceptance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.appeals.models import BAD_LEVELS, SATISFIED_DEFAULT, Appeal, AppealEvent, Rating, RatingStatus
from zonedesk.appraisal import rules
from zonedesk.approvals.models import ApplicationItem, ItemState
from zonedesk.core.units import amount_text
from zonedesk.projects.models import Stage, StageMove

DECIDED = (ItemState.APPROVED, ItemState.REFUSED)


@dataclass(frozen=True)
class Person:
    id: int
    name: str  # display name (approval items record it)


@dataclass(frozen=True)
class Value:
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    basis: str = ""


def _span(start: dt.date, end: dt.date, field: str) -> Q:
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


# -- the row sets (the same filter counts and lists) ----------------------------------------------


def approval_items(zone_id: int, start: dt.date, end: dt.date, names: Iterable[str]) -> QuerySet:
    return ApplicationItem.objects.filter(
        _span(start, end, "decided_at"), zone_id=zone_id, state__in=DECIDED, decided_by__in=list(names)
    )


def replied_events(zone_id: int, start: dt.date, end: dt.date, user_ids: Iterable[int]) -> QuerySet:
    return AppealEvent.objects.filter(
        _span(start, end, "at"), appeal__zone_id=zone_id, action="reply", user_id__in=list(user_ids)
    )


def _last_replier():
    return Subquery(
        AppealEvent.objects.filter(appeal_id=OuterRef("case_id"), action="reply")
        .order_by("-at", "-id")
        .values("user_id")[:1]
    )


def rated_cases(zone_id: int, start: dt.date, end: dt.date, user_ids: Iterable[int]) -> QuerySet:
    """Valid ratings (not overturned on review) in the period of appeals the person replied to."""
    return (
        Rating.objects.filter(_span(start, end, "rated_at"), zone_id=zone_id, kind="appeal")
        .exclude(status=RatingStatus.OVERTURNED)
        .annotate(handler=_last_replier())
        .filter(handler__in=list(user_ids))
    )


def paid_awards(zone_id: int, start: dt.date, end: dt.date, user_ids: Iterable[int]) -> QuerySet:
    """Policy awards (免申即享 confirmed, 申报 accepted) the person decided that were paid out
    (兑现) in the period: a benefit counts as delivered when the money went out."""
    from zonedesk.policies.models import Award, AwardStatus

    return Award.objects.filter(
        zone_id=zone_id,
        status=AwardStatus.PAID,
        paid_on__gte=start,
        paid_on__lte=end,
        confirmed_by_id__in=list(user_ids),
    )


def stage_moves(zone_id: int, start: dt.date, end: dt.date, user_ids: Iterable[int]) -> QuerySet:
    return StageMove.objects.filter(
        zone_id=zone_id, moved_on__gte=start, moved_on__lte=end, actor_id__in=list(user_ids)
    )


# -- the aggregates ------------------------------------------------------------------------------


def compute(
    source: str, zone_id: int, start: dt.date, end: dt.date, people: list[Person]
) -> dict[int, Value]:
    """The value of ``source`` for each person: one grouped query."""
    by_name = {p.name: p.id for p in people}
    ids = [p.id for p in people]
    out: dict[int, Value] = {}
    if source in (rules.APPROVALS_ON_TIME, rules.APPROVALS_SUPPLEMENT):
        rows = (
            approval_items(zone_id, start, end, by_name)
            .values("decided_by")
            .order_by()
            .annotate(
                n=Count("id", distinct=True),
                on_time=Count("id", filter=Q(decided_at__date__lte=F("due_date")), distinct=True),
                supplemented=Count("id", filter=Q(pauses__isnull=False), distinct=True),
            )
        )
        for r in rows:
            if source == rules.APPROVALS_ON_TIME:
                ratio = rules.Ratio(r["on_time"], r["n"])
                basis = _("按时办结 %(a)s 件 ÷ 办结 %(b)s 件") % {"a": r["on_time"], "b": r["n"]}
            else:
                ratio = rules.Ratio(r["supplemented"], r["n"])
                basis = _("经补正 %(a)s 件 ÷ 办结 %(b)s 件") % {"a": r["supplemented"], "b": r["n"]}
            out[by_name[r["decided_by"]]] = Value(ratio.percent, ratio.numerator, ratio.denominator, basis)
    elif source == rules.APPEALS_ON_TIME:
        rows = (
            replied_events(zone_id, start, end, ids)
            .values("user_id")
            .order_by()
            .annotate(
                n=Count("appeal_id", distinct=True),
                on_time=Count("appeal_id", filter=Q(appeal__replied_on_time=True), distinct=True),
            )
        )
        for r in rows:
            ratio = rules.Ratio(r["on_time"], r["n"])
            out[r["user_id"]] = Value(
                ratio.percent,
                ratio.numerator,
                ratio.denominator,
                _("按时答复 %(a)s 件 ÷ 答复 %(b)s 件") % {"a": r["on_time"], "b": r["n"]},
            )
    elif source in (rules.RATINGS_SATISFIED, rules.RATINGS_BAD):
        rows = (
            rated_cases(zone_id, start, end, ids)
            .values("handler")
            .order_by()
            .annotate(
                n=Count("id"),
                good=Count("id", filter=Q(level__in=SATISFIED_DEFAULT)),
                bad=Count("id", filter=Q(level__in=list(BAD_LEVELS))),
            )
        )
        for r in rows:
            if source == rules.RATINGS_SATISFIED:
                ratio = rules.Ratio(r["good"], r["n"])
                out[r["handler"]] = Value(
                    ratio.percent,
                    ratio.numerator,
                    ratio.denominator,
                    _("满意 %(a)s 条 ÷ 有效评价 %(b)s 条") % {"a": r["good"], "b": r["n"]},
                )
            else:
                out[r["handler"]] = Value(
                    Decimal(r["bad"]),
                    r["bad"],
                    r["n"],
                    _("差评 %(a)s 条（有效评价 %(b)s 条）") % {"a": r["bad"], "b": r["n"]},
                )
    elif source == rules.PIPELINE_MOVES:
        for r in stage_moves(zone_id, start, end, ids).values("actor_id").order_by().annotate(n=Count("id")):
            out[r["actor_id"]] = Value(
                Decimal(r["n"]), r["n"], None, _("记录阶段推进 %(n)s 次") % {"n": r["n"]}
            )
    elif source == rules.PIPELINE_SIGNED:
        rows = (
            stage_moves(zone_id, start, end, ids)
            .filter(to_stage=Stage.SIGNED)
            .values("actor_id")
            .order_by()
            .annotate(n=Count("project_id", distinct=True), wan=Sum("project__total_investment"))
        )
        for r in rows:
            out[r["actor_id"]] = Value(
                r["wan"] or Decimal(0),
                r["n"],
                None,
                _("推动签约 %(n)s 个项目，合计 %(w)s 万元") % {"n": r["n"], "w": r["wan"]},
            )
    elif source == rules.POLICY_AWARDS:
        rows = (
            paid_awards(zone_id, start, end, ids)
            .values("confirmed_by_id")
            .order_by()
            .annotate(n=Count("id"), wan=Sum("amount"))
        )
        for r in rows:
            out[r["confirmed_by_id"]] = Value(
                Decimal(r["n"]),
                r["n"],
                None,
                _("兑现 %(n)s 笔，合计 %(w)s") % {"n": r["n"], "w": amount_text(r["wan"], "万元")},
            )
    elif source == rules.APPROVALS_AVG_DAYS:
        out.update(_average_days(zone_id, start, end, by_name))
    else:
        raise ValueError(source)
    return out


def _average_days(zone_id: int, start: dt.date, end: dt.date, by_name: dict[str, int]) -> dict[int, Value]:
    """Working days each decided item used on its clock (补正 and other stops excluded), averaged
    per person. The clock is the approvals' own (clocks.read_clock); the rows are the period's
    decided items of these people only (two queries: items and their pauses)."""
    from zonedesk.approvals.clocks import read_clock
    from zonedesk.workdays.selectors import work_calendar

    cal = work_calendar()
    now = timezone.now()
    used: dict[str, list[int]] = {}
    items = (
        approval_items(zone_id, start, end, by_name)
        .only("id", "decided_by", "started_at", "decided_at", "limit_days")
        .prefetch_related("pauses")
    )
    for ai in items:
        used.setdefault(ai.decided_by, []).append(
            read_clock(ai, list(ai.pauses.all()), cal, now, Decimal("0.2")).used
        )
    return {
        by_name[name]: Value(
            rules.average(days),
            sum(days),
            len(days),
            _("用时合计 %(s)s 个工作日 ÷ 办结 %(n)s 件（不含补正等暂停）") % {"s": sum(days), "n": len(days)},
        )
        for name, days in used.items()
    }


def rows_for(source: str, zone_id: int, start: dt.date, end: dt.date, person: Person) -> QuerySet:
    """The rows behind one person's value (the list a click on the value opens)."""
    if source in (rules.APPROVALS_ON_TIME, rules.APPROVALS_SUPPLEMENT, rules.APPROVALS_AVG_DAYS):
        return (
            approval_items(zone_id, start, end, [person.name])
            .select_related("item", "application__project")
            .order_by("decided_at", "id")
        )
    if source == rules.APPEALS_ON_TIME:
        return Appeal.objects.filter(
            pk__in=replied_events(zone_id, start, end, [person.id]).values("appeal_id")
        ).order_by("submitted_at", "id")
    if source in (rules.RATINGS_SATISFIED, rules.RATINGS_BAD):
        return rated_cases(zone_id, start, end, [person.id]).order_by("rated_at", "id")
    if source in (rules.PIPELINE_MOVES, rules.PIPELINE_SIGNED):
        qs = stage_moves(zone_id, start, end, [person.id]).select_related("project")
        if source == rules.PIPELINE_SIGNED:
            qs = qs.filter(to_stage=Stage.SIGNED)
        return qs.order_by("moved_on", "id")
    if source == rules.POLICY_AWARDS:
        return (
            paid_awards(zone_id, start, end, [person.id])
            .select_related("clause__policy", "enterprise")
            .order_by("paid_on", "id")
        )
    raise ValueError(source)
