"""Lists cost the same number of queries whatever the page size: no query per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.appeals import services
from zonedesk.appeals.models import Appeal, Category, Rating
from zonedesk.core.actor import Actor
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    """Given 60 more LY appeals in several states (dispatched with co-handling departments,
    paused) and ratings, so that a page of 50 is full."""
    window = Actor(user=User.objects.get(username="window"))
    reviewer = Actor(user=User.objects.get(username="reviewer"))
    enterprises = list(Enterprise.objects.filter(zone__code="LY").order_by("pk")[:5])
    general = Category.objects.get(zone__code="LY", code="general")
    ghj = Department.objects.get(zone__code="LY", code="GHJ")
    co = Department.objects.get(zone__code="LY", code="ZRJ")
    for i in range(60):
        a = services.appeal_log(actor=window, enterprise_id=enterprises[i % 5].pk, category_id=general.pk,
                                title=f"批量诉求{i}", description="内容")
        if i % 2:
            services.appeal_dispatch(actor=window, appeal_id=a.pk, lead_department_id=ghj.pk,
                                     co_department_ids=[co.pk])
        if i % 4 == 1:
            services.appeal_sign(actor=reviewer, appeal_id=a.pk)
            services.appeal_request_info(actor=reviewer, appeal_id=a.pk, reason="补充")
    assert Appeal.objects.filter(zone__code="LY").count() > 100 or Appeal.objects.count() > 60
    return Rating.objects.count()


def _count(client, path: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("user,path,small,large", [
    ("window", "/appeals/", "?size=20", "?size=50"),
    ("reviewer", "/appeals/", "?size=20", "?size=50"),
    ("leader", "/appeals/ratings/", "?size=20", "?size=50"),
    ("leader", "/appeals/visits/", "?size=20", "?size=50"),
    ("window", "/api/appeals/", "?page_size=20", "?page_size=50"),
    ("leader", "/api/appeals/ratings", "?page_size=5", "?page_size=20"),
])
def test_a_list_costs_the_same_queries_for_two_page_sizes(login_client, many, user, path, small, large):
    client = login_client(user)
    n_small, r_small = _count(client, path + small)
    n_large, r_large = _count(client, path + large)
    assert n_small == n_large, f"{path}: {n_small} vs {n_large} queries"
    if path.startswith("/api/"):
        assert len(r_large.json()["items"]) > len(r_small.json()["items"])
