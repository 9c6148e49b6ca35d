"""GET /api/calendar/… through Django's test client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from zonedesk.core.actor import Actor
from zonedesk.workdays.services import calendar_year_load

pytestmark = pytest.mark.django_db

ADD = "/api/calendar/add-working-days"
BETWEEN = "/api/calendar/working-days-between"


@pytest.fixture
def api(login_client: Any) -> Client:
    # A no-op when the session's demo load has seeded the calendar already.
    for year in (2025, 2026):
        calendar_year_load(actor=Actor.system("test"), year=year)
    return login_client("window")


def _error(response: Any, field: str) -> str:
    assert response.status_code == 422, response.content
    (item,) = response.json()["detail"]
    assert item["loc"] == ["query", field]
    return item["msg"]


def test_requires_login(client: Client) -> None:
    assert client.get(ADD, {"start": "2026-02-13", "days": 1}).status_code == 401


class TestAddWorkingDays:
    def test_make_up_saturday(self, api: Client) -> None:
        response = api.get(ADD, {"start": "2026-02-13", "days": 1})
        assert response.status_code == 200
        assert response.json() == {
            "start": "2026-02-13",
            "days": 1,
            "date": "2026-02-14",
            "provisional": False,
        }

    def test_spring_festival(self, api: Client) -> None:
        assert api.get(ADD, {"start": "2026-02-14", "days": 1}).json()["date"] == "2026-02-24"

    def test_into_an_unpublished_year_is_provisional(self, api: Client) -> None:
        body = api.get(ADD, {"start": "2026-12-31", "days": 1}).json()
        assert body["date"] == "2027-01-04"
        assert body["provisional"] is True

    def test_zero_days_on_a_holiday_moves_to_the_next_working_day(self, api: Client) -> None:
        assert api.get(ADD, {"start": "2026-10-01", "days": 0}).json()["date"] == "2026-10-08"

    def test_negative_days(self, api: Client) -> None:
        msg = _error(api.get(ADD, {"start": "2026-02-13", "days": -1}), "days")
        assert msg == "工作日数不能为负数"

    @pytest.mark.parametrize("days", ["abc", "1.5", ""])
    def test_days_not_an_integer(self, api: Client, days: str) -> None:
        _error(api.get(ADD, {"start": "2026-02-13", "days": days}), "days")

    def test_too_many_days(self, api: Client) -> None:
        assert "不能超过" in _error(api.get(ADD, {"start": "2026-02-13", "days": 99999}), "days")

    @pytest.mark.parametrize("start", ["2026-02-30", "13/02/2026", "20260213", "2026-W07-5"])
    def test_bad_date(self, api: Client, start: str) -> None:
        msg = _error(api.get(ADD, {"start": start, "days": 1}), "start")
        assert msg.startswith("日期无效")

    def test_missing_start(self, api: Client) -> None:
        assert "缺少" in _error(api.get(ADD, {"days": 1}), "start")

    def test_year_that_cannot_be_derived(self, api: Client) -> None:
        assert "超出" in _error(api.get(ADD, {"start": "2006-01-01", "days": 1}), "days")


class TestWorkingDaysBetween:
    def test_counts_half_open_interval(self, api: Client) -> None:
        response = api.get(BETWEEN, {"start": "2026-02-13", "end": "2026-02-28"})
        assert response.json() == {
            "start": "2026-02-13",
            "end": "2026-02-28",
            "working_days": 6,
            "provisional": False,
        }

    def test_end_before_start_is_zero(self, api: Client) -> None:
        body = api.get(BETWEEN, {"start": "2026-02-28", "end": "2026-02-13"}).json()
        assert body["working_days"] == 0

    def test_provisional(self, api: Client) -> None:
        body = api.get(BETWEEN, {"start": "2026-12-31", "end": "2027-02-09"}).json()
        # Jan 1 and 除夕–初三 (Feb 5–8) are derived holidays.
        assert body["working_days"] == 25
        assert body["provisional"] is True

    def test_bad_end(self, api: Client) -> None:
        _error(api.get(BETWEEN, {"start": "2026-02-13", "end": "x"}), "end")
