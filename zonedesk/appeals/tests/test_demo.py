"""The demo zone's appeals: 100% / 100% / 100% for the reporting period, every state in the current one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from zonedesk.appeals.demo import CURRENT_PERIOD, REPORTING_PERIOD
from zonedesk.appeals.hooks import appeal_figures
from zonedesk.appeals.models import Appeal, AppealEvent, Rating, RatingStatus, Status
from zonedesk.organisation.models import Zone
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def _figures(period):
    zone = Zone.objects.get(code="LY")
    return {f.key: f for f in appeal_figures(frozenset({zone.pk}), period)}


def test_reporting_period_is_the_seed_100_percent():
    f = _figures(REPORTING_PERIOD)
    assert f["appeals.closed_rate"].value == Decimal("100.0")
    assert f["appeals.on_time_rate"].value == Decimal("100.0")
    assert f["appeals.satisfaction_rate"].value == Decimal("100.0")
    assert f["appeals.due"].value == 20
    assert f["appeals.closed_rate"].formula == "办结数 ÷ 应办结数"
    assert "基本满意" in f["appeals.satisfaction_rate"].formula
    # The rate opens the cases it divides by (the due ones), the rates page one click on.
    url = f["appeals.closed_rate"].url
    assert url.startswith("/appeals/?") and "counted=due" in url


def test_current_period_has_every_state():
    statuses = set(Appeal.objects.filter(zone__code="LY").values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.ACCEPTED, Status.DISPATCHED, Status.HANDLING, Status.WAITING,
            Status.REPLIED, Status.VISITED, Status.CLOSED, Status.MERGED} <= statuses
    assert Appeal.objects.filter(escalated_at__isnull=False).exists()
    assert Appeal.objects.filter(supervisions__isnull=False).exists()
    assert Rating.objects.filter(status=RatingStatus.OVERTURNED).exists()
    assert Rating.objects.filter(status=RatingStatus.UNDER_REVIEW).exists()
    assert Rating.objects.filter(rectification__status="open").exists()
    assert Rating.objects.filter(rerated_at__isnull=False).exists()
    f = _figures(CURRENT_PERIOD)
    assert f["appeals.closed_rate"].value is not None and f["appeals.closed_rate"].value < 100


def test_demo_load_is_idempotent():
    counts = (Appeal.objects.count(), AppealEvent.objects.count(), Rating.objects.count(),
              audit_rows())
    call_command("demo_load", verbosity=0)
    assert (Appeal.objects.count(), AppealEvent.objects.count(), Rating.objects.count(),
            audit_rows()) == counts


def test_the_overdue_figure_links_to_the_rows_behind_it(login_client):
    from zonedesk.core.figures import Period

    f = _figures(Period(CURRENT_PERIOD.start, CURRENT_PERIOD.end))["appeals.overdue"]
    assert f.value >= 1 and "state=red" in f.url
    page = login_client("leader").get(f.url)
    assert page.status_code == 200
    assert page.content.decode().count('class="state-red"') == f.value
