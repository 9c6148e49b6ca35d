"""The figures cache (core/figure_cache.py) is honest: a value is shared only between readers
who would have computed the same one, lives at most 60 s, and the page says when it was
computed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from freezegun import freeze_time

from zonedesk.core.figure_cache import cache_seconds, figures_cached


@pytest.fixture
def cached():
    cache.clear()
    with override_settings(FIGURES_CACHE_SECONDS=60):
        yield
    cache.clear()


def _counter():
    calls = []

    def make():
        calls.append(1)
        return len(calls)

    return calls, make


def test_a_value_is_reused_for_the_same_parts_and_language_only(cached) -> None:
    calls, make = _counter()
    first, at = figures_cached("t", ((1,), "2026"), make)
    assert figures_cached("t", ((1,), "2026"), make) == (first, at)
    assert len(calls) == 1
    figures_cached("t", ((2,), "2026"), make)  # other zones
    figures_cached("t", ((1,), "2026-Q1"), make)  # other period
    figures_cached("other", ((1,), "2026"), make)  # other figures
    with translation.override("en"):
        figures_cached("t", ((1,), "2026"), make)  # other language: labels differ
    assert len(calls) == 5


def test_a_value_lives_at_most_sixty_seconds(cached) -> None:
    calls, make = _counter()
    with freeze_time("2026-06-01 10:00:00+08:00") as clock:
        figures_cached("t", (1,), make)
        clock.tick(dt.timedelta(seconds=59))
        figures_cached("t", (1,), make)
        assert len(calls) == 1
        clock.tick(dt.timedelta(seconds=2))
        _value, at = figures_cached("t", (1,), make)
        assert len(calls) == 2 and at.isoformat().startswith("2026-06-01T02:01:01")
    with override_settings(FIGURES_CACHE_SECONDS=3600):
        assert cache_seconds() == 60  # a longer setting is cut to the bound
    with override_settings(FIGURES_CACHE_SECONDS=0):
        figures_cached("t", (1,), make)
        figures_cached("t", (1,), make)
        assert len(calls) == 4  # off: computed every time


pytestmark = pytest.mark.django_db


def _figures(response) -> dict:
    return {k: f.value for k, f in response.context["f"].items()}


def test_the_dashboard_reuses_its_figures_per_zone_and_says_as_of_when(cached, login_client) -> None:
    client = login_client("leader")
    with override_settings(FIGURES_CACHE_SECONDS=0):
        fresh_ly = _figures(client.get("/dashboard/"))
        fresh_jp = _figures(login_client("jp-leader").get("/dashboard/"))
    assert fresh_ly != fresh_jp
    client = login_client("leader")
    with CaptureQueriesContext(connection) as cold:
        first = client.get("/dashboard/")
    with CaptureQueriesContext(connection) as warm:
        second = client.get("/dashboard/")
    assert len(warm.captured_queries) < len(cold.captured_queries) // 3
    assert _figures(first) == _figures(second) == fresh_ly
    assert second.context["as_of"] == first.context["as_of"]
    shanghai = dt.timezone(dt.timedelta(hours=8))
    assert f"数据截至 {first.context['as_of'].astimezone(shanghai):%H:%M}" in second.content.decode()
    # The API says as of when too (the same cached figures).
    api = client.get("/api/dashboard/summary").json()
    gap = dt.datetime.fromisoformat(api["as_of"]) - first.context["as_of"]
    assert abs(gap) < dt.timedelta(milliseconds=1)  # JSON carries milliseconds
    # Another zone's leader gets that zone's figures, not the ones just cached.
    assert _figures(login_client("jp-leader").get("/dashboard/")) == fresh_jp


def test_the_rates_are_shared_by_whole_zone_readers_only(cached, login_client) -> None:
    url = "/api/appeals/rates?from=2026-01-01&to=2026-12-31"
    with override_settings(FIGURES_CACHE_SECONDS=0):
        fresh = {u: login_client(u).get(url).json() for u in ("leader", "reviewer", "jp-leader")}
    answers = {u: login_client(u).get(url).json() for u in ("leader", "reviewer", "jp-leader", "leader")}
    for user, answer in answers.items():
        assert answer["as_of"]
        assert {k: v for k, v in answer.items() if k != "as_of"} == \
            {k: v for k, v in fresh[user].items() if k != "as_of"}, user
