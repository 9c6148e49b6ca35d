"""Pure delivery rules, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.notifications import rules

QUIET = rules.parse_quiet_hours("22:00-07:00")
TZ = dt.timezone(dt.timedelta(hours=8))


@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)))
def test_release_is_never_inside_quiet_hours_and_within_a_day(moment: dt.datetime) -> None:
    now = moment.replace(tzinfo=TZ)
    out = rules.release_at(now, QUIET)
    assert now <= out < now + dt.timedelta(hours=10)
    assert not rules.in_quiet(out.timetz().replace(tzinfo=None), QUIET)
    if not rules.in_quiet(now.timetz().replace(tzinfo=None), QUIET):
        assert out == now


def test_release_waits_for_seven_o_clock() -> None:
    now = dt.datetime(2026, 5, 1, 23, 30, tzinfo=TZ)
    assert rules.release_at(now, QUIET) == dt.datetime(2026, 5, 2, 7, 0, tzinfo=TZ)
    early = dt.datetime(2026, 5, 2, 6, 59, tzinfo=TZ)
    assert rules.release_at(early, QUIET) == dt.datetime(2026, 5, 2, 7, 0, tzinfo=TZ)


def test_daytime_quiet_window_and_none() -> None:
    quiet = rules.parse_quiet_hours("12:00-13:30")
    assert rules.in_quiet(dt.time(12, 10), quiet) and not rules.in_quiet(dt.time(13, 30), quiet)
    assert rules.parse_quiet_hours("") is None
    with pytest.raises(ValueError, match="22:00-07:00"):
        rules.parse_quiet_hours("late")


@given(st.integers(min_value=1, max_value=60))
def test_backoff_doubles_and_is_capped(n: int) -> None:
    assert rules.backoff(n + 1) >= rules.backoff(n)
    assert rules.backoff(n) <= dt.timedelta(hours=6)
    assert rules.backoff(1) == dt.timedelta(minutes=1)


@given(st.text(min_size=0, max_size=400), st.text(min_size=0, max_size=400))
def test_dedupe_key_fits_and_separates_states(a: str, b: str) -> None:
    ka, kb = rules.dedupe_key("warning.red", "approvals.applicationitem:1", a), rules.dedupe_key(
        "warning.red", "approvals.applicationitem:1", b)
    assert len(ka) <= 200
    assert (ka == kb) == (a == b)
