"""Lists cost the same number of queries whatever the page size: no query per row.

The expected counts are exact so that a new per-request query shows up here too; when one is
added on purpose, update the number and say why in the change.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, EnterpriseYearFigure, FlagKind, Industry
from zonedesk.organisation.models import Zone
from zonedesk.parks.models import Park
from zonedesk.testing.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db

# session, user, roles, industries and parks (filter form), count, zone (page header),
# enterprises (with industry and park joined), active flags, the unread-message count of the
# header. No session save: a page writes the session at most once a minute (SessionTouchMiddleware).
HTML_LIST_QUERIES = 11  # incl. the zones of the filter form
# session, user, roles, enterprises, active flags, count.
API_LIST_QUERIES = 6
# session, user, roles, industries and parks (filter form), enterprises, flags, figures.
EXPORT_QUERIES = 9  # incl. the zones of the filter form


@pytest.fixture
def many() -> int:
    """Given 130 more LY enterprises, every tenth flagged and with figures, spread over the parks."""
    ly = Zone.objects.get(code="LY")
    parks = list(Park.objects.filter(zone=ly))
    industries = list(Industry.objects.filter(code__in=["30", "34", "39"]))
    for i in range(130):
        park = parks[i % len(parks)] if i % 4 else None
        e = EnterpriseFactory(zone=ly, industry=industries[i % 3], park=park)
        if i % 10 == 0:
            EnterpriseFlag.objects.create(zone=ly, enterprise=e, kind=FlagKind.ABNORMAL_OPERATION,
                                          listed_on=dt.date(2026, 1, 5))
            EnterpriseYearFigure.objects.create(zone=ly, enterprise=e, year=2025, revenue=1, staff=3)
    return Enterprise.objects.filter(zone=ly).count()


def queries(client, path: str, params: dict) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("filters", [{}, {"flagged": "1"}, {"q": "测试企业", "industry": "30"}])
def test_html_list_costs_the_same_for_20_and_100_rows(login_client, many, filters) -> None:
    assert many >= 120
    client = login_client("window")
    small, page20 = queries(client, reverse("enterprises:list"), {"size": 20, **filters})
    large, page100 = queries(client, reverse("enterprises:list"), {"size": 100, **filters})
    assert page20.content.decode().count('<tr>\n    <td><a href="/enterprises/') == min(
        20, page20.context["page"].paginator.count)
    assert len(page100.context["page"].object_list) == min(100, page100.context["page"].paginator.count)
    assert small == large == HTML_LIST_QUERIES


@pytest.mark.parametrize("filters", [{}, {"flagged": "true"}, {"q": "测试企业", "industry": "C30"}])
def test_api_list_costs_the_same_for_20_and_100_rows(login_client, many, filters) -> None:
    client = login_client("window")
    small, page20 = queries(client, "/api/enterprises/", {"page_size": 20, **filters})
    assert len(page20.json()["items"]) == min(20, page20.json()["count"])
    large, page100 = queries(client, "/api/enterprises/", {"page_size": 100, **filters})
    assert len(page100.json()["items"]) == min(100, page100.json()["count"])
    assert small == large == API_LIST_QUERIES


def test_export_costs_the_same_for_any_number_of_rows(login_client, many) -> None:
    client = login_client("window")
    few, _ = queries(client, reverse("enterprises:export"), {"q": "中玻"})
    all_, response = queries(client, reverse("enterprises:export"), {})
    assert few == all_ == EXPORT_QUERIES
    assert response["Content-Disposition"].endswith('.xlsx"')
