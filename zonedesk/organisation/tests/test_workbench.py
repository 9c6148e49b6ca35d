"""Every demo login reaches its workbench."""

from __future__ import annotations

from typing import Any

import pytest

from zonedesk.demo.people import LOGINS, DemoLogin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("login", LOGINS, ids=[login.username for login in LOGINS])
def test_every_demo_login_reaches_its_workbench(login_client: Any, login: DemoLogin) -> None:
    response = login_client(login.username).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>工作台</h1>" in page
    assert login.full_name in page
    assert 'href="/password/"' in page


def test_the_workbench_needs_a_login(client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_a_signed_in_user_is_sent_from_the_login_page_to_the_workbench(login_client: Any) -> None:
    response = login_client("leader").get("/login/")
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_todo_past_its_deadline_shows_overdue_whatever_its_provider_said() -> None:
    import datetime as dt

    from django.utils import timezone

    from zonedesk.organisation.workbench import Todo, overdue
    from zonedesk.workdays.calendar import Due

    now = timezone.make_aware(dt.datetime(2026, 5, 6, 9, 0))
    day = Due(dt.date(2026, 5, 5), False)
    assert overdue(Todo("t", "/", due=day), now)
    assert not overdue(Todo("t", "/", due=Due(dt.date(2026, 5, 6), False)), now)  # the last day is on time
    assert not overdue(Todo("t", "/", due=day, state="paused"), now)  # a paused clock's due is a lower bound
    assert not overdue(Todo("t", "/", due=Due(day.date, False, paused=True)), now)
    assert not overdue(Todo("t", "/"), now)
    hours = Due(dt.date(2026, 5, 6), False, at=now - dt.timedelta(minutes=1))
    assert overdue(Todo("t", "/", due=hours), now)
    assert not overdue(Todo("t", "/", due=Due(hours.date, False, at=now + dt.timedelta(minutes=1))), now)
