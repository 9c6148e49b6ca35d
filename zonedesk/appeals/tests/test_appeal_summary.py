"""The per-day appeals summary (``AppealDay``): kept by the services in their transaction, its
figures equal to a case-by-case recount, its check command finding and repairing drift."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q
from django.utils import timezone
from freezegun import freeze_time

from zonedesk.appeals import clocks, rules, selectors, services
from zonedesk.appeals.models import Appeal, AppealDay, Level, Rating, RatingDay
from zonedesk.appeals.services.clocks import appeal_clocks_refresh
from zonedesk.appeals.services.summary import appeals_drift, appeals_rebuild, ratings_drift, summaries_drift

pytestmark = pytest.mark.django_db

SPANS = [
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    (dt.date(2026, 3, 1), dt.date(2026, 3, 10)),
    (dt.date(2026, 3, 9), dt.date(2026, 3, 31)),
    (dt.date(2026, 4, 1), dt.date(2026, 4, 30)),
]


def _at(moment: str):
    return freeze_time(f"{moment}+08:00")


def _log(kit, title: str, cat: str = "general") -> Appeal:
    return services.appeal_log(
        actor=kit.window,
        enterprise_id=kit.ent.pk,
        category_id=kit.cat[cat].pk,
        title=title,
        description="内容",
    )


def _handled(kit, a: Appeal, dept) -> None:
    services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=dept.pk)
    services.appeal_sign(actor=kit.r1 if dept == kit.d1 else kit.r2, appeal_id=a.pk)


def _history(kit) -> dict[str, Appeal]:
    """Cases through every move that changes what the summary counts: dispatch (department),
    pause and resume (deadline), reply on time and late, close, rating, reopen, merge, reject."""
    cases: dict[str, Appeal] = {}
    with _at("2026-03-02 09:00"):
        for name, cat in (
            ("on_time", "general"),
            ("late", "urgent"),
            ("paused", "general"),
            ("reopened", "general"),
            ("dup", "general"),
            ("open", "urgent"),
        ):
            cases[name] = _log(kit, name, cat)
        cases["raised"] = services.appeal_raise(
            actor=kit.ent_user,
            enterprise_id=kit.ent.pk,
            category_id=kit.cat["general"].pk,
            title="门户",
            description="x",
        )
        for name in ("on_time", "late", "paused", "reopened", "open"):
            _handled(kit, cases[name], kit.d1 if name != "late" else kit.d2)
        services.appeal_reply(actor=kit.r1, appeal_id=cases["on_time"].pk, reply="好")
        services.appeal_reply(actor=kit.r1, appeal_id=cases["reopened"].pk, reply="好")
        services.appeal_request_info(actor=kit.r1, appeal_id=cases["paused"].pk, reason="补充")
        services.appeal_merge(actor=kit.window, appeal_id=cases["dup"].pk, into_id=cases["open"].pk)
    with _at("2026-03-03 10:00"):
        services.appeal_visit(actor=kit.window, appeal_id=cases["on_time"].pk, note="回访")
        services.appeal_close(actor=kit.window, appeal_id=cases["on_time"].pk)
        services.appeal_visit(actor=kit.window, appeal_id=cases["reopened"].pk, note="回访")
        services.rating_create(
            actor=kit.ent_user, kind="appeal", case_id=cases["reopened"].pk, level=Level.SATISFIED
        )
        services.appeal_reject(actor=kit.window, appeal_id=cases["raised"].pk, reason="不属实")
    with _at("2026-03-05 11:00"):
        services.appeal_supply_info(actor=kit.ent_user, appeal_id=cases["paused"].pk, text="已补充")
        services.appeal_reopen(actor=kit.window, appeal_id=cases["reopened"].pk, reason="未解决")
    with _at("2026-03-04 09:00"):  # a bad rating, rectified and rated again
        bad = services.rating_create(
            actor=kit.ent_user,
            kind="appeal",
            case_id=cases["on_time"].pk,
            level=Level.UNSATISFIED,
            comment="没解决",
        )
        services.rectification_reply(actor=kit.r1, rating_id=bad.pk, reply="已整改")
        services.rectification_visit(actor=kit.window, rating_id=bad.pk, note="已回访")
        services.rating_rerate(actor=kit.ent_user, rating_id=bad.pk, level=Level.BASIC)
    with _at("2026-03-20 16:00"):  # past the urgent case's deadline
        services.appeal_reply(actor=kit.r2, appeal_id=cases["late"].pk, reply="迟了")
        services.appeal_visit(actor=kit.window, appeal_id=cases["late"].pk, note="回访")
        services.appeal_close(actor=kit.window, appeal_id=cases["late"].pk)
        late = services.rating_create(
            actor=kit.ent_user,
            kind="appeal",
            case_id=cases["late"].pk,
            level=Level.VERY_UNSATISFIED,
            comment="太慢",
        )
        services.rating_review_request(actor=kit.r2, rating_id=late.pk, reason="恶意差评")
        services.rating_review_decide(actor=kit.leader, rating_id=late.pk, overturn=True, note="撤销")
    return cases


def _recount(zone_ids, start, end, today, now, levels) -> dict[str, int]:
    """The dashboard's counts case by case (``counted_q`` over the appeals): the reference."""
    cases = Appeal.objects.filter(zone_id__in=zone_ids).aggregate(
        **{k: Count("pk", filter=selectors.counted_q(k, start, end, today)) for k in selectors.COUNTED},
        open=Count("pk", filter=Q(status__in=rules.OPEN)),
        overdue=Count("pk", filter=selectors.red_q(now)),
    )
    ratings = Rating.objects.filter(zone_id__in=zone_ids, kind="appeal").aggregate(
        **{
            k: Count("pk", filter=selectors.rating_counted_q(k, start, end, levels))
            for k in selectors.RATINGS_COUNTED
        }
    )
    return {**cases, **ratings}


def _nonzero(rows):
    return {
        r.key: r for r in rows if r.closed.denominator or r.closed.numerator or r.satisfaction.denominator
    }


def test_the_summary_follows_every_move_and_equals_a_recount(kit):
    assert summaries_drift() == []  # the demo's cases and ratings, rebuilt after it back-dated them
    cases = _history(kit)
    assert summaries_drift() == []
    assert RatingDay.objects.filter(zone=kit.zone, overturned=True, department=kit.d2.pk).exists()
    assert RatingDay.objects.filter(zone=kit.zone, level=Level.BASIC, department=0).exists()  # the rerate
    assert (
        AppealDay.objects.filter(zone=kit.zone).exclude(department=0).values("department").distinct().count()
        == 2
    )
    zones = frozenset({kit.zone.pk})
    levels = clocks.satisfied_levels(clocks.zone_settings(kit.zone.pk))
    for today in (dt.date(2026, 3, 20), dt.date(2026, 12, 1)):
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
        for start, end in SPANS:
            got = selectors.appeal_figure_counts(
                zones, start=start, end=end, today=today, now=now, levels=levels
            )
            assert got == _recount(zones, start, end, today, now, levels), (today, start, end)
            appeals = Appeal.objects.filter(zone_id__in=zones)
            ratings = Rating.objects.filter(zone_id__in=zones, kind="appeal")
            by_summary = selectors.appeal_rates_all(
                appeals, ratings, start=start, end=end, today=today, levels=levels, zone_ids=zones
            )
            by_case = selectors.appeal_rates_all(
                appeals, ratings, start=start, end=end, today=today, levels=levels
            )
            for s, c in zip(by_summary, by_case, strict=True):
                assert _nonzero(s) == _nonzero(c), (today, start, end)
    # The history is not empty where it matters: March has due, closed, on-time and late cases.
    march = _recount(
        zones, dt.date(2026, 3, 1), dt.date(2026, 3, 31), dt.date(2026, 12, 1), timezone.now(), levels
    )
    assert march["due"] >= 3 and march["closed"] == 2 and 0 < march["on_time"] < march["closed"]
    assert cases["dup"].pk and march["open"] >= 3


def test_a_calendar_refresh_moves_the_rows_of_the_cases_it_moves(kit):
    with _at("2026-03-02 09:00"):
        a = _log(kit, "期限")
        _handled(kit, a, kit.d1)
    a.refresh_from_db()
    # The stored deadline is made stale behind the services (as a calendar correction would
    # leave it), and the summary moved with it, as if it had been right: the refresh recomputes
    # the clock and moves the case back to the row of its true deadline.
    true_due = a.due_on
    Appeal.objects.filter(pk=a.pk).update(due_on=true_due + dt.timedelta(days=3))
    appeals_rebuild([kit.zone.pk])
    assert AppealDay.objects.filter(zone=kit.zone, due_on=true_due + dt.timedelta(days=3)).exists()
    with _at("2026-03-02 10:00"):
        assert appeal_clocks_refresh(queryset=Appeal.objects.filter(pk=a.pk)) == 1
    a.refresh_from_db()
    assert a.due_on == true_due
    assert appeals_drift([kit.zone.pk]) == []


def test_the_check_command_finds_drift_and_fix_repairs_it(kit):
    with _at("2026-03-02 09:00"):
        a = _log(kit, "漂移")
        _handled(kit, a, kit.d1)
    call_command("appeals_summary_check", verbosity=0)  # clean: no error
    # A case changed behind the services' back: its row no longer matches.
    Appeal.objects.filter(pk=a.pk).update(lead_department=kit.d2)
    drift = appeals_drift([kit.zone.pk])
    assert sorted(d.key[1] for d in drift) == sorted([kit.d1.pk, kit.d2.pk])
    assert {d.key[1]: (d.stored[0], d.computed[0]) for d in drift} == {kit.d1.pk: (1, 0), kit.d2.pk: (0, 1)}
    with pytest.raises(CommandError):
        call_command("appeals_summary_check", verbosity=0)
    call_command("appeals_summary_check", "--fix", verbosity=0)
    assert appeals_drift() == []
    call_command("appeals_summary_check", verbosity=0)
    # A rating changed behind the services: its level's row is off by one, found and repaired.
    r = Rating.objects.filter(kind="appeal", level=Level.SATISFIED).first()
    Rating.objects.filter(pk=r.pk).update(level=Level.VERY_UNSATISFIED)
    assert len([d for d in ratings_drift([r.zone_id]) if d.key[5] == 0]) == 2
    with pytest.raises(CommandError):
        call_command("appeals_summary_check", verbosity=0)
    call_command("appeals_summary_check", "--fix", verbosity=0)
    assert summaries_drift() == []


def test_the_dashboard_reads_the_summary_not_the_cases(kit):
    """The figures come from the summary: a case changed behind the services' back (and not
    rebuilt) does not move them — proof that the cases are not read case by case."""
    _history(kit)
    zones = frozenset({kit.zone.pk})
    levels = clocks.satisfied_levels(clocks.zone_settings(kit.zone.pk))
    span = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31), "today": dt.date(2026, 12, 1)}
    before = selectors.appeal_figure_counts(zones, **span, now=timezone.now(), levels=levels)
    # Behind the services: case by case, nothing would be due, closed or open any more.
    Appeal.objects.filter(zone=kit.zone).update(status="rejected", due_on=None, closed_at=None)
    assert _recount(zones, **span, now=timezone.now(), levels=levels)["due"] == 0
    after = selectors.appeal_figure_counts(zones, **span, now=timezone.now(), levels=levels)
    assert {k: v for k, v in after.items() if k != "overdue"} == {
        k: v for k, v in before.items() if k != "overdue"
    }
    assert before["due"] and before["open"]


def test_only_a_zone_wide_reader_is_answered_from_the_summary(kit):
    assert selectors.whole_zones(kit.leader.user) == frozenset({kit.zone.pk})
    assert selectors.whole_zones(kit.r1.user) is None  # a department's reviewer: case by case
