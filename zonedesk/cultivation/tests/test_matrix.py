"""Who may open what in the ladder: every demo login × every cultivation URL and API route."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import Demo, url_names
from zonedesk.cultivation.tests.matrix import EDITORS, STAFF, STAFF_LY, Case, every, expect, run

pytestmark = pytest.mark.django_db

FACT = {"key": "total_assets", "year": "2025", "value": "1234", "source": "矩阵测试"}

CASES = {
    "cultivation:ladder": Case("get", lambda d: reverse("cultivation:ladder"), expect(every(STAFF))),
    "cultivation:export": Case("get", lambda d: reverse("cultivation:export"), expect(every(STAFF))),
    # Editors recompute their own zone; other staff are sent back with a message, nothing written.
    "cultivation:recompute": Case(
        "post",
        lambda d: reverse("cultivation:recompute"),
        expect({**every(STAFF, "302x"), "window": "302", "investment": "302", "jp-window": "302"}),
    ),
    "cultivation:enterprise[ly]": Case(
        "get", lambda d: reverse("cultivation:enterprise", args=[d.ly.pk]), expect(every(STAFF_LY))
    ),
    "cultivation:enterprise[own]": Case(
        "get",
        lambda d: reverse("cultivation:enterprise", args=[d.own.pk]),
        expect(every(STAFF_LY | {"enterprise"})),
    ),
    "cultivation:enterprise[jp]": Case(
        "get",
        lambda d: reverse("cultivation:enterprise", args=[d.jp.pk]),
        expect(every({"province", "jp-leader", "jp-window"})),
    ),
    "cultivation:fact": Case(
        "post",
        lambda d: reverse("cultivation:fact", args=[d.ly.pk]),
        expect({**every(STAFF_LY, "302x"), **every(EDITORS, "302")}),
        FACT,
    ),
    "cultivation:certificate": Case(
        "post",
        lambda d: reverse("cultivation:certificate", args=[d.ly.pk]),
        expect(every(STAFF_LY, "302x")),
        {"tier": "high_tech"},
    ),
    "api:cultivation[enterprise]": Case(
        "api-get",
        lambda d: f"/api/cultivation/enterprises/{d.own.pk}",
        expect(every(STAFF_LY | {"enterprise"}), anon="401"),
    ),
    "api:cultivation[ladder]": Case(
        "api-get",
        lambda d: "/api/cultivation/ladder",
        expect({**every(STAFF), "enterprise": "403"}, default="403", anon="401"),
    ),
    "api:cultivation[fact]": Case(
        "api-post",
        lambda d: f"/api/cultivation/enterprises/{d.ly.pk}/facts",
        expect({**every(STAFF_LY, "403"), **every(EDITORS, "201")}, anon="401"),
        {"key": "total_assets", "year": 2025, "value": "99", "source": "API"},
    ),
}


def test_every_url_of_the_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("cultivation:")}
    assert names == {k.split("[")[0] for k in CASES if not k.startswith("api:")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matrix(client, name) -> None:
    assert run(client, CASES[name], Demo()) == CASES[name].expected
