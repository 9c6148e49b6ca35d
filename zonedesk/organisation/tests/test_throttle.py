"""Throttling and enumeration (issue 16, point 4): per address and per account on sign-in and
token, the public verification page per address, one answer for unknown and locked names,
and the client address taken from the trusted proxy hop."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.core.actor import client_ip
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def token(client: Client, username: str, password: str = "wrong", ip: str = "198.51.100.9"):
    return client.post("/api/auth/token", {"username": username, "password": password},
                       content_type="application/json", REMOTE_ADDR=ip)


def test_a_password_spray_from_one_address_is_throttled(client: Client) -> None:
    # Given 20 guesses at 20 different names from one address (the spray of the issue)
    answers = [token(client, f"user{i}").status_code for i in range(20)]
    # Then the first 10 are 401 and the rest 429, with a Retry-After
    assert answers == [401] * 10 + [429] * 10
    response = token(client, "window")
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 300
    # and another address is not affected
    assert token(client, "window", ip="198.51.100.10").status_code == 401


def test_a_throttled_address_cannot_sign_in_even_with_the_right_password(
        client: Client, password: str) -> None:
    for i in range(10):
        token(client, f"nobody{i}")
    assert token(client, "window", password).status_code == 429


def test_one_account_guessed_from_many_addresses_is_throttled(client: Client) -> None:
    # Names that do not exist have no lockout row; the per-account throttle still counts them
    answers = [token(client, "ghost", ip=f"203.0.113.{i}").status_code for i in range(12)]
    assert answers == [401] * 10 + [429] * 2


def test_the_web_form_is_throttled_too(client: Client) -> None:
    for i in range(10):
        client.post("/login/", {"username": f"u{i}", "password": "x"}, REMOTE_ADDR="198.51.100.20")
    response = client.post("/login/", {"username": "window", "password": "x"},
                           REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 429
    assert "尝试过于频繁" in response.content.decode()


def test_throttled_attempts_are_audited_without_flooding(client: Client) -> None:
    for i in range(30):
        token(client, f"user{i}", ip="198.51.100.30")
    rows = AuditRecord.objects.filter(action="access.denied", ip="198.51.100.30")
    # 20 refusals: written at the 1st, 2nd, 4th, 8th and 16th
    assert [r.after["count"] for r in rows.order_by("id")] == [1, 2, 4, 8, 16]
    assert {r.result for r in rows} == {Result.DENIED}
    assert {r.after["status"] for r in rows} == {429}


def test_unknown_and_locked_names_get_the_same_answer(client: Client, demo_user: Any) -> None:
    User.objects.filter(username="window").update(
        locked_until=timezone.now() + dt.timedelta(minutes=30))
    locked = token(client, "window", ip="198.51.100.40")
    unknown = token(client, "no-such-user", ip="198.51.100.41")
    wrong = token(client, "reviewer", ip="198.51.100.42")
    assert locked.status_code == unknown.status_code == wrong.status_code == 401
    assert locked.json() == unknown.json() == wrong.json()
    page = [client.post("/login/", {"username": name, "password": "x"}, REMOTE_ADDR=f"198.51.100.{n}")
            for n, name in ((43, "window"), (44, "no-such-user"))]
    first, second = (list(p.context["form"].non_field_errors()) for p in page)
    assert first == second


def test_the_public_verification_page_is_throttled_per_address(client: Client, settings) -> None:
    settings.THROTTLE_PUBLIC_IP = (5, 60)
    answers = [client.get("/verify/NO-SUCH-CODE/", REMOTE_ADDR="198.51.100.50").status_code
               for _ in range(7)]
    assert answers == [404] * 5 + [429] * 2
    assert client.get("/verify/NO-SUCH-CODE/", REMOTE_ADDR="198.51.100.51").status_code == 404


class TestClientAddress:
    def _request(self, xff: str | None, remote: str = "10.0.0.2"):
        meta = {"REMOTE_ADDR": remote}
        if xff is not None:
            meta["HTTP_X_FORWARDED_FOR"] = xff
        return RequestFactory().get("/", **meta)

    def test_without_a_trusted_proxy_the_header_is_ignored(self, settings) -> None:
        settings.TRUSTED_PROXIES = 0
        assert client_ip(self._request("1.2.3.4")) == "10.0.0.2"

    def test_behind_one_proxy_the_rightmost_entry_is_taken_not_the_forged_first(self, settings) -> None:
        settings.TRUSTED_PROXIES = 1
        # The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the real address
        assert client_ip(self._request("1.2.3.4, 198.51.100.7")) == "198.51.100.7"

    def test_behind_two_proxies_the_second_from_the_right(self, settings) -> None:
        settings.TRUSTED_PROXIES = 2
        assert client_ip(self._request("1.2.3.4, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"

    def test_too_few_hops_falls_back_to_the_socket_address(self, settings) -> None:
        settings.TRUSTED_PROXIES = 2
        assert client_ip(self._request("198.51.100.7")) == "10.0.0.2"
