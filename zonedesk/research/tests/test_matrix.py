"""Who may open what in 产学研: every demo login and anonymous × every URL of the app and its
API. Writes refused or denied change nothing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_names
from zonedesk.research.models import Challenge, Institution
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

VIEW = {"depthead", "steward", "investment", "leader", "province", "jp-leader"}
LY_VIEW = VIEW - {"jp-leader"}
EDIT = {"investment", "leader"}


def counts():
    return Institution.objects.count(), Challenge.objects.count(), audit_rows()


def expect(allowed, default="404", anon="302L"):
    out = {r: allowed.get(r, default) for r in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def every(roles, status="200"):
    return dict.fromkeys(roles, status)


def _challenge():
    return Challenge.objects.filter(zone__code="LY", status="accepted").first()


CASES = {
    "research:import": (
        "get",
        lambda: reverse("research:import", args=["institutions"]),
        None,
        expect(every(EDIT | {"jp-leader"}, "302")),
    ),
    "research:import_template": (
        "get",
        lambda: reverse("research:import_template", args=["institutions"]),
        None,
        expect(every(EDIT | {"jp-leader"}, "302")),
    ),
    "research:index": ("get", lambda: reverse("research:index"), None, expect(every(VIEW))),
    "research:register": (
        "get",
        lambda: reverse("research:register", args=["experts"]),
        None,
        expect(every(VIEW)),
    ),
    "research:create": (
        "get",
        lambda: reverse("research:create", args=["institutions"]),
        None,
        expect(every(EDIT | {"jp-leader"})),
    ),
    "research:export": (
        "get",
        lambda: reverse("research:export", args=["alliances"]),
        None,
        expect(every(VIEW)),
    ),
    "research:challenge": (
        "get",
        lambda: reverse("research:challenge", args=[_challenge().pk]),
        None,
        expect(every(LY_VIEW)),
    ),
    # accepting an accepted challenge: refused with a message (Conflict or Forbidden), nothing written
    "research:challenge_action": (
        "post",
        lambda: reverse("research:challenge_action", args=[_challenge().pk, "accept"]),
        {"passed": "1", "result": "x", "accepted_on": "2026-12-01"},
        expect(every(LY_VIEW, "302x")),
    ),
    "api:research[list]": (
        "api-get",
        lambda: "/api/research/registers/institutions",
        None,
        expect(every(VIEW), anon="401"),
    ),
    "api:research[create]": (
        "api-post",
        lambda: "/api/research/institutions",
        {"name": "", "kind": "bogus"},
        # the body is checked before the role: every signed-in login gets 422, nothing written
        expect(every(set(ROLES) - {ANON}, "422"), anon="401"),
    ),
}


def test_every_url_of_the_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("research:")}
    assert names == {k.split("[")[0] for k in CASES if not k.startswith("api:")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matrix(client, case) -> None:
    method, path, data, expected = CASES[case]
    url = path()
    got = {}
    for role in ROLES:
        c = client_for(client, role)
        before = counts()
        if method in ("get", "api-get"):
            r = c.get(url)
        elif method == "post":
            r = c.post(url, data)
        else:
            r = c.post(url, json.dumps(data), content_type="application/json")
        status = str(r.status_code)
        if status == "302":
            if r.headers["Location"].startswith("/login"):
                status = "302L"
            elif method == "post":
                status = "302x"
        got[role] = status
        if method in ("post", "api-post"):
            assert counts() == before, (case, role)
    assert got == expected
