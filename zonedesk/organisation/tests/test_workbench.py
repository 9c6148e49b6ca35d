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
