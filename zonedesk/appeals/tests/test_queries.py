"""Lists cost the same number of queries whatever the page size: no query per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonedesk.appeals import services
from zonedesk.appeals.models import Category, Rating, Visit
from zonedesk.core.actor import Actor
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(db):
    """Given 12 more LY appeals in several states (dispatched with co-handling departments,
    paused), 25 more rated appeals and 25 more visits, so that every list has more rows than
    its small page and the two page sizes really show different numbers of rows."""
    window = Actor(user=User.objects.get(username="window"))
    reviewer = Actor(user=User.objects.get(username="reviewer"))
    leader = Actor(user=User.objects.get(username="leader"))
    owner = Actor(user=User.objects.get(username="enterprise"))
    enterprises = list(Enterprise.objects.filter(zone__code="LY").order_by("pk")[:5])
    general = Category.objects.get(zone__code="LY", code="general")
    ghj = Department.objects.get(zone__code="LY", code="GHJ")
    co = Department.objects.get(zone__code="LY", code="ZRJ")
    for i in range(12):
        a = services.appeal_log(actor=window, enterprise_id=enterprises[i % 5].pk, category_id=general.pk,
                                title=f"批量诉求{i}", description="内容")
        if i % 2:
            services.appeal_dispatch(actor=window, appeal_id=a.pk, lead_department_id=ghj.pk,
                                     co_department_ids=[co.pk])
        if i % 4 == 1:
            services.appeal_sign(actor=reviewer, appeal_id=a.pk)
            services.appeal_request_info(actor=reviewer, appeal_id=a.pk, reason="补充")
    for i in range(25):
        a = services.appeal_raise(actor=owner, enterprise_id=owner.user.enterprise_id, category_id=general.pk,
                                  title=f"待评价诉求{i}", description="内容")
        services.appeal_accept(actor=window, appeal_id=a.pk)
        services.appeal_dispatch(actor=window, appeal_id=a.pk, lead_department_id=ghj.pk,
                                 co_department_ids=[co.pk])
        services.appeal_sign(actor=reviewer, appeal_id=a.pk)
        services.appeal_reply(actor=reviewer, appeal_id=a.pk, reply="已办理")
        services.appeal_visit(actor=window, appeal_id=a.pk, note="已回访")
        services.rating_create(actor=owner, kind="appeal", case_id=a.pk, level="satisfied")
        problem = {"category_id": general.pk, "title": f"走访问题{i}", "description": "内容"}
        services.visit_record(actor=leader, enterprise_id=enterprises[i % 5].pk,
                              visited_on=timezone.localdate(), people="走访组", summary=f"第{i}次走访",
                              problems=[problem])
    assert Rating.objects.filter(zone__code="LY").count() >= 25
    assert Visit.objects.filter(zone__code="LY").count() >= 25


def _count(client, path: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(ctx.captured_queries), response


LISTS = [
    ("window", "/appeals/", "?size=20", "?size=50"),
    ("reviewer", "/appeals/", "?size=20", "?size=50"),
    ("leader", "/appeals/ratings/", "?size=20", "?size=50"),
    ("leader", "/appeals/visits/", "?size=20", "?size=50"),
    ("window", "/api/appeals/", "?page_size=20", "?page_size=50"),
    ("leader", "/api/appeals/ratings", "?page_size=5", "?page_size=20"),
]


def test_a_list_costs_the_same_queries_for_two_page_sizes(login_client, many):
    # One test walks every list: building the rows costs far more than reading them.
    for user, path, small, large in LISTS:
        client = login_client(user)
        n_small, r_small = _count(client, path + small)
        n_large, r_large = _count(client, path + large)
        assert n_small == n_large, f"{path}: {n_small} vs {n_large} queries"
        assert _rows(r_large) > _rows(r_small) > 1, f"{path}: the pages must differ in rows"


def _rows(response) -> int:
    if response["Content-Type"].startswith("application/json"):
        return len(response.json()["items"])
    return response.content.decode().count("<tr") - 1  # less the header row
