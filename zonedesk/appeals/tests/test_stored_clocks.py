"""The appeals' stored clocks: kept by the services, equal to the clock, read by the escalation
sweep, the state filter and the rates as SQL — with the query count independent of the data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from zonedesk.appeals import clocks, rules, selectors, services
from zonedesk.appeals.hooks import appeal_figures
from zonedesk.appeals.models import Appeal, Rating
from zonedesk.appeals.services.clocks import appeal_clock_drift
from zonedesk.core.actor import Actor
from zonedesk.core.figures import Period
from zonedesk.workdays.selectors import work_calendar

pytestmark = pytest.mark.django_db


def _at(moment: str):
    return freeze_time(f"{moment}+08:00")


def _log(kit, title: str, cat: str = "general") -> Appeal:
    """The window logs a hotline case: accepted at once, the clock runs."""
    return services.appeal_log(actor=kit.window, enterprise_id=kit.ent.pk, category_id=kit.cat[cat].pk,
                               title=title, description="内容")


def _stored(a: Appeal):
    a.refresh_from_db()
    return clocks.StoredClock(a.due_on, a.due_at, a.yellow_at, a.due_paused)


def _fresh(a: Appeal, now=None):
    ratio = clocks.zone_settings(a.zone_id).yellow_ratio
    return clocks.stored_clock(a, list(a.pauses.all()), work_calendar(), ratio, now)


def test_the_services_keep_the_stored_clock_on_every_move(kit):
    with _at("2026-03-02 09:00"):
        a = _log(kit, "路灯")
        services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk)
        services.appeal_sign(actor=kit.r1, appeal_id=a.pk)
    s = _stored(a)
    assert s.due_on == dt.date(2026, 3, 11) and not s.due_paused  # 7 working days
    assert s == _fresh(a)
    assert s.due_at == timezone.make_aware(dt.datetime(2026, 3, 11, 23, 59, 59, 999999))
    with _at("2026-03-03 10:00"):
        services.appeal_request_info(actor=kit.r1, appeal_id=a.pk, reason="补充照片")
    assert _stored(a).due_paused
    with _at("2026-03-06 15:00"):
        services.appeal_supply_info(actor=kit.ent_user, appeal_id=a.pk, text="已补充")
    s = _stored(a)
    assert s.due_on == dt.date(2026, 3, 16) and not s.due_paused and s == _fresh(a)
    with _at("2026-03-17 10:00"):  # a day late
        services.appeal_reply(actor=kit.r1, appeal_id=a.pk, reply="已修复")
    a.refresh_from_db()
    assert a.replied_on_time is False and _stored(a) == _fresh(a)


def test_hour_limits_store_the_exact_moment_and_the_yellow_moment(kit):
    with _at("2026-03-02 09:00"):
        a = _log(kit, "停电", cat="urgent")  # 2 hours
    s = _stored(a)
    assert s.due_at == timezone.make_aware(dt.datetime(2026, 3, 2, 11, 0))
    # 20 % of 2 hours: yellow from 10:36.
    assert s.yellow_at == timezone.make_aware(dt.datetime(2026, 3, 2, 10, 36))


def test_escalation_reaches_every_overdue_case_past_not_yet_overdue_ones_at_lower_ids(kit):
    """The regression of the province run: each batch used to take the lowest ids not yet
    escalated; cases not yet overdue at the front filled the batch and ended the loop."""
    with _at("2026-03-02 09:00"):
        fresh = [_log(kit, f"新{i}") for i in range(4)]  # lower ids, not overdue on 3 March
    with _at("2026-02-02 09:00"):
        late = [_log(kit, f"旧{i}") for i in range(9)]  # higher ids, overdue since mid-February
    assert max(a.pk for a in fresh) < min(a.pk for a in late)
    with _at("2026-03-03 09:00"):
        call_command("appeals_escalate", "--batch", "4", verbosity=0)  # 9 overdue > one batch of 4
        assert services.appeals_escalate_overdue(actor=Actor.system("t")) == 0
    escalated = set(Appeal.objects.filter(zone=kit.zone, escalated_at__isnull=False)
                    .values_list("pk", flat=True))
    assert escalated == {a.pk for a in late}


def test_an_escalation_batch_costs_the_same_queries_for_two_cases_or_eight(
    kit, django_capture_on_commit_callbacks
):
    """The batch is written in SQL (the marks, the histories), its digest after commit: the
    query count does not grow with the cases (it did by about ten per case when each message
    was written on its own), and every case is named to the head it went to, else the window."""
    from zonedesk.appeals.models import AppealEvent
    from zonedesk.notifications.emit import zone_role_people
    from zonedesk.notifications.models import Message
    from zonedesk.organisation.roles import Role

    with _at("2026-02-02 09:00"):
        cases = [_log(kit, f"旧{i}") for i in range(11)]
    last = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def escalate(limit: int) -> int:
        with (_at("2026-03-03 09:00"), CaptureQueriesContext(connection) as ctx,
              django_capture_on_commit_callbacks(execute=True)):
            assert services.appeals_escalate_overdue(actor=Actor.system("t"), limit=limit) == limit
        return len(ctx.captured_queries)

    escalate(1)  # warm the per-process caches
    assert escalate(2) == escalate(8)
    window = {u.pk for u in zone_role_people(kit.zone.pk, Role.WINDOW_CLERK)}
    digests = Message.objects.filter(pk__gt=last, event="appeal.overdue.digest")
    for appeal in Appeal.objects.filter(pk__in=[a.pk for a in cases]):
        told = {m.recipient_id for m in digests if appeal.number in m.body}
        assert told and told == ({appeal.escalated_to_id} if appeal.escalated_to_id else window)
        [event] = AppealEvent.objects.filter(appeal=appeal, action="escalate")
        assert event.zone_id == appeal.zone_id and event.from_status == event.to_status == appeal.status
        assert ("综合窗口" in event.note) == (appeal.escalated_to_id is None)
    # one digest per recipient and call here (each call is a run of one batch), not one per case
    recipients = {a.escalated_to_id for a in Appeal.objects.filter(pk__in=[a.pk for a in cases])}
    per_call = sum(len(window) if head is None else 1 for head in recipients)
    assert digests.count() == 3 * per_call


def test_a_paused_case_is_not_escalated_until_it_runs_out_after_resuming(kit):
    with _at("2026-03-02 09:00"):
        a = _log(kit, "暂停", cat="urgent")
        services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk)
        services.appeal_sign(actor=kit.r1, appeal_id=a.pk)
    with _at("2026-03-02 09:30"):
        services.appeal_request_info(actor=kit.r1, appeal_id=a.pk, reason="补充")
    with _at("2026-03-03 09:00"):  # the stored lower bound (11:00 yesterday) has passed: still paused
        assert services.appeals_escalate_overdue(actor=Actor.system("t")) == 0
        services.appeal_supply_info(actor=kit.ent_user, appeal_id=a.pk, text="补充了")
    with _at("2026-03-03 10:00"):  # 1.5 h left after resuming at 09:00
        assert services.appeals_escalate_overdue(actor=Actor.system("t")) == 0
    with _at("2026-03-03 10:31"):
        assert services.appeals_escalate_overdue(actor=Actor.system("t")) == 1


def test_the_check_command_finds_no_drift_and_reports_a_corrupted_row(kit):
    _log(kit, "检查")
    checked, drift = appeal_clock_drift(sample=100000)
    assert checked > 5 and drift == []
    a = Appeal.objects.filter(due_paused=False, replied_at=None).exclude(due_on=None).first()
    Appeal.objects.filter(pk=a.pk).update(due_on=a.due_on + dt.timedelta(days=1))
    assert [(d.appeal_id, d.field) for d in appeal_clock_drift(sample=100000)[1]] == [(a.pk, "due_on")]
    with pytest.raises(CommandError):
        call_command("appeals_clock_check", "--sample", "100000", verbosity=0)
    call_command("appeals_clock_check", "--fix", "--sample", "100000", verbosity=0)


def _python_rates(appeals, ratings, start, end, today, levels, by):
    """The rates the way rules.py computes them from facts (the reference for the SQL)."""
    appeals = list(appeals.select_related("category").prefetch_related("pauses"))
    ratings = list(ratings.prefetch_related("departments"))
    facts, rfacts = selectors.case_facts(appeals), selectors.rating_facts(ratings)
    cat_of = {a.pk: a.category.name for a in appeals}
    case_of = {r.pk: r.case_id for r in ratings}
    keys = {
        "": (lambda c: ["all"], lambda r: ["all"]),
        "department": (lambda c: [c.department_id] if c.department_id else [],
                       lambda r: list(r.department_ids)),
        "category": (lambda c: [c.category], lambda r: [cat_of.get(case_of.get(r.id), "")]),
    }[by]
    return {r.key: r for r in rules.rates_by(facts, rfacts, *keys, start, end, today, levels)}


@pytest.mark.parametrize("by", ["", "department", "category"])
@pytest.mark.parametrize("span", [(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
                                  (dt.date(2026, 11, 1), dt.date(2026, 11, 20)),
                                  (dt.date(2026, 3, 1), dt.date(2026, 3, 31))])
def test_the_sql_rates_equal_the_rules_over_the_demo_and_the_kit(kit, by, span):
    # The kit adds on-time, late, paused and reopened cases to the demo zone's history.
    with _at("2026-03-02 09:00"):
        a, b, c = _log(kit, "甲"), _log(kit, "乙"), _log(kit, "丙")
        for x in (a, b, c):
            services.appeal_dispatch(actor=kit.window, appeal_id=x.pk, lead_department_id=kit.d1.pk)
            services.appeal_sign(actor=kit.r1, appeal_id=x.pk)
        services.appeal_reply(actor=kit.r1, appeal_id=a.pk, reply="好")
        services.appeal_visit(actor=kit.window, appeal_id=a.pk, note="回访")
        services.appeal_close(actor=kit.window, appeal_id=a.pk)
        services.appeal_request_info(actor=kit.r1, appeal_id=c.pk, reason="补充")
    start, end = span
    today = timezone.localdate()
    appeals, ratings = Appeal.objects.all(), Rating.objects.filter(kind="appeal")
    levels = clocks.satisfied_levels(clocks.zone_settings(kit.zone.pk))
    sql = {r.key: r for r in selectors.appeal_rates(appeals, ratings, start=start, end=end, today=today,
                                                    levels=levels, by=by)}
    assert sql == _python_rates(appeals, ratings, start, end, today, levels, by)
    assert any(r.closed.denominator for r in sql.values()) or start.month == 3


def test_the_state_filter_reads_the_stored_clock_like_the_clock(kit):
    now = timezone.now()
    cal = work_calendar()
    for state in ("red", "yellow", "paused"):
        sql = set(Appeal.objects.filter(selectors.state_q(state, now)).values_list("pk", flat=True))
        live = {a.pk for a in Appeal.objects.filter(status__in=rules.ACTIVE).prefetch_related("pauses")
                if clocks.timing(a, cal, clocks.zone_settings(a.zone_id).yellow_ratio, now).state == state}
        assert sql == live, state
    assert Appeal.objects.filter(selectors.state_q("red", now)).exists()  # the demo has late cases


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_the_figures_and_rates_cost_the_same_queries_for_one_case_or_many(kit, client):
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    zone = frozenset({kit.zone.pk})
    client.force_login(kit.leader.user)
    url = "/api/appeals/rates?from=2026-01-01&to=2026-12-31"
    _log(kit, "一")
    one_fig = _queries(lambda: appeal_figures(zone, period))
    one_api = _queries(lambda: client.get(url))
    one_page = _queries(lambda: client.get("/appeals/rates/?from=2026-01-01&to=2026-12-31"))
    for i in range(12):
        a = _log(kit, f"多{i}", cat="general" if i % 2 else "complex")
        if i % 3 == 0:
            services.appeal_dispatch(actor=kit.window, appeal_id=a.pk,
                                     lead_department_id=(kit.d1 if i % 2 else kit.d2).pk)
    assert _queries(lambda: appeal_figures(zone, period)) == one_fig <= 4
    assert _queries(lambda: client.get(url)) == one_api
    assert _queries(lambda: client.get("/appeals/rates/?from=2026-01-01&to=2026-12-31")) == one_page
