"""The dashboard's cost does not grow with the data: the same number of queries whether the
zone holds its demo cases or many times more (figures are SQL aggregates over stored columns)."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.appeals.models import Appeal
from zonedesk.approvals.models import ApplicationItem

pytestmark = pytest.mark.django_db


def _copies(model, n: int, **changes) -> None:
    """n more rows like the existing ones (only the columns the figures read matter)."""
    rows = list(model.objects.all()[:200])
    out = []
    for i in range(n):
        for original in rows:
            row = copy.copy(original)
            row.pk = None
            row.id = None
            for name, make in changes.items():
                setattr(row, name, make(i, original))
            out.append(row)
    model.objects.bulk_create(out)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


URLS = ["/dashboard/", "/dashboard/?period=2026-11", "/api/appeals/rates?from=2026-01-01&to=2026-12-31",
        "/appeals/rates/?from=2026-01-01&to=2026-12-31"]


@pytest.mark.parametrize("url", URLS)
def test_the_same_queries_for_the_demo_and_for_ten_times_the_cases(login_client, url) -> None:
    client = login_client("leader")
    client.get(url)  # warm the per-process caches (calendar, settings)
    few = _count(client, url)
    before = Appeal.objects.count(), ApplicationItem.objects.count()
    _copies(Appeal, 10, number=lambda i, row: f"X{i}-{row.number}"[:20])
    _copies(ApplicationItem, 10)
    assert Appeal.objects.count() > before[0] * 5 and ApplicationItem.objects.count() > before[1] * 5
    many = _count(client, url)
    assert many == few, f"{url}: {few} queries with the demo, {many} with ten times the cases"
