"""The "appeals" figures against hand-computed data: open, late, reopened, merged, overturned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from freezegun import freeze_time

from zonedesk.appeals import services
from zonedesk.appeals.hooks import appeal_figures
from zonedesk.core.figures import Period, figure_registry

pytestmark = pytest.mark.django_db

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def _at(day: int, hour: int = 10, month: int = 3):
    return freeze_time(f"2026-{month:02d}-{day:02d} {hour:02d}:00:00+08:00")


def _handling(kit, title, day=2):
    with _at(day, 9):  # Monday 2 March: 7 working days run out on Wednesday 11 March
        a = services.appeal_raise(actor=kit.ent_user, enterprise_id=kit.ent.pk,
                                  category_id=kit.cat["general"].pk, title=title, description="内容")
        services.appeal_accept(actor=kit.window, appeal_id=a.pk)
        services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk)
        services.appeal_sign(actor=kit.r1, appeal_id=a.pk)
    return a


def _closed(kit, title, reply_day, level, comment="意见"):
    a = _handling(kit, title)
    with _at(reply_day):
        services.appeal_reply(actor=kit.r1, appeal_id=a.pk, reply="答复")
        services.appeal_visit(actor=kit.window, appeal_id=a.pk, note="回访")
        rating = services.rating_create(actor=kit.ent_user, kind="appeal", case_id=a.pk, level=level,
                                        comment=comment)
    return a, rating


@pytest.fixture
def march(kit):
    """A: on time, 非常满意. B: late (13 March), 基本满意. C: open and overdue. D: closed, 满意, then
    reopened. E: a duplicate merged into C. F: on time, 不满意, overturned on review. G: accepted
    30 March, due in April. H: on time, 非常不满意 (valid)."""
    _closed(kit, "A", 5, "very_satisfied")
    _closed(kit, "B", 13, "basic")
    c = _handling(kit, "C")
    d, _ = _closed(kit, "D", 4, "satisfied")
    with _at(20):
        services.appeal_reopen(actor=kit.window, appeal_id=d.pk, reason="企业反映问题复发")
    with _at(3):
        e = services.appeal_raise(actor=kit.ent_user, enterprise_id=kit.ent.pk,
                                  category_id=kit.cat["general"].pk, title="E", description="重复")
        services.appeal_merge(actor=kit.window, appeal_id=e.pk, into_id=c.pk)
    _, f_rating = _closed(kit, "F", 6, "unsatisfied")
    with _at(10):
        services.rating_review_request(actor=kit.r1, rating_id=f_rating.pk, reason="恶意差评")
        services.rating_review_decide(actor=kit.leader, rating_id=f_rating.pk, overturn=True, note="撤销")
    _handling(kit, "G", day=30)
    _closed(kit, "H", 5, "very_unsatisfied")
    return kit


def test_every_figure_matches_the_hand_count(march):
    with _at(15, month=4):
        figures = {f.key: f for f in appeal_figures(frozenset({march.zone.pk}), MARCH)}
    # Due: A, B, C, D, F, H (E merged, G due in April) = 6. Closed: A, B, F, H (D reopened) = 4.
    assert figures["appeals.due"].value == 6
    assert figures["appeals.closed"].value == 4
    assert figures["appeals.closed_rate"].value == Decimal("66.7")
    # Closed on time: A, F, H of A, B, F, H.
    assert figures["appeals.on_time_rate"].value == Decimal("75.0")
    # Valid ratings in March: A, B, D, H (F overturned); satisfied: A, B, D.
    assert figures["appeals.ratings"].value == 4
    assert figures["appeals.satisfaction_rate"].value == Decimal("75.0")
    assert figures["appeals.bad_ratings"].value == 1
    assert figures["appeals.satisfaction_rate"].formula == "（非常满意 + 满意 + 基本满意）÷ 有效评价数"
    assert all(f.url for f in figures.values())


def test_the_zone_setting_changes_the_satisfaction_formula(march):
    from zonedesk.appeals.models import AppealSettings

    AppealSettings.objects.filter(zone=march.zone).update(
        satisfied_levels=["satisfied", "basic"], satisfaction_formula="（满意 + 基本满意）÷ 有效评价数")
    with _at(15, month=4):
        figures = {f.key: f for f in appeal_figures(frozenset({march.zone.pk}), MARCH)}
    assert figures["appeals.satisfaction_rate"].value == Decimal("50.0")  # B, D of 4
    assert figures["appeals.satisfaction_rate"].formula == "（满意 + 基本满意）÷ 有效评价数"


def test_the_figures_are_registered_for_the_dashboard():
    assert figure_registry.providers["appeals"] is appeal_figures


def test_the_rates_page_and_api_show_the_same_numbers(march, client):
    from zonedesk.organisation.models import User

    client.force_login(User.objects.get(pk=march.window.user.pk))
    with _at(15, month=4):
        page = client.get("/appeals/rates/?from=2026-03-01&to=2026-03-31")
        api = client.get("/api/appeals/rates?from=2026-03-01&to=2026-03-31")
    assert page.status_code == 200 and "66.7%" in page.content.decode()
    body = api.json()
    assert body["total"]["closed_rate"] == {"numerator": 4, "denominator": 6, "percent": "66.7"}
    assert body["total"]["satisfaction_rate"]["percent"] == "75.0"
    assert {r["key"] for r in body["by_category"]} == {"一般诉求"}
