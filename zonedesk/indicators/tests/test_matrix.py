"""Who may open the 营商环境 indicators: every demo login and anonymous × every URL of the app
and its API routes. Zone-wide readers (leader, window, province) see them; everyone else gets
the 404 of a page that is not theirs; another zone's figures are a 404 too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import Demo, url_names
from zonedesk.cultivation.tests.matrix import Case, every, expect, run

pytestmark = pytest.mark.django_db

READERS = {"window", "leader", "province", "jp-leader", "jp-window"}
CASES = {
    "indicators:index": Case("get", lambda d: reverse("indicators:index"), expect(every(READERS))),
    "indicators:index[jp]": Case(
        "get",
        lambda d: reverse("indicators:index") + f"?zone={d.zone_jp.pk}",
        expect(every({"province", "jp-leader", "jp-window"})),
    ),
    "indicators:cases": Case(
        "get", lambda d: reverse("indicators:cases") + "?indicator=building_permit", expect(every(READERS))
    ),
    "indicators:export": Case("get", lambda d: reverse("indicators:export"), expect(every(READERS))),
    "api:indicators[report]": Case(
        "api-get", lambda d: "/api/indicators/", expect(every(READERS), anon="401")
    ),
    "api:indicators[cases]": Case(
        "api-get",
        lambda d: "/api/indicators/cases?indicator=utility_water",
        expect(every(READERS), anon="401"),
    ),
}


def test_every_url_of_the_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("indicators:")}
    assert names == {k.split("[")[0] for k in CASES if not k.startswith("api:")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matrix(client, name) -> None:
    assert run(client, CASES[name], Demo()) == CASES[name].expected
