"""Who may open what in 党建: every demo login and anonymous × every URL of the app and its
API. Writes refused or denied change nothing."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_names
from zonedesk.partybuilding.models import Donation, PartyOrg
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

VIEW = {"depthead", "steward", "investment", "leader", "province", "jp-leader"}
LY_VIEW = VIEW - {"jp-leader"}
EDIT = {"leader"}


def counts():
    return PartyOrg.objects.count(), Donation.objects.count(), audit_rows()


def expect(allowed, default="404", anon="302L"):
    out = {r: allowed.get(r, default) for r in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def every(roles, status="200"):
    return dict.fromkeys(roles, status)


CASES = {
    "partybuilding:import": (
        "get",
        lambda: reverse("partybuilding:import", args=["donations"]),
        None,
        expect(every(EDIT | {"jp-leader"}, "302")),
    ),
    "partybuilding:import_template": (
        "get",
        lambda: reverse("partybuilding:import_template", args=["donations"]),
        None,
        expect(every(EDIT | {"jp-leader"}, "302")),
    ),
    "partybuilding:index": ("get", lambda: reverse("partybuilding:index"), None, expect(every(VIEW))),
    "partybuilding:register": (
        "get",
        lambda: reverse("partybuilding:register", args=["pairs"]),
        None,
        expect(every(VIEW)),
    ),
    "partybuilding:create": (
        "get",
        lambda: reverse("partybuilding:create", args=["donations"]),
        None,
        expect(every(EDIT | {"jp-leader"})),
    ),
    "partybuilding:export": (
        "get",
        lambda: reverse("partybuilding:export", args=["jobs"]),
        None,
        expect(every(VIEW)),
    ),
    "api:partybuilding[list]": (
        "api-get",
        lambda: "/api/partybuilding/registers/orgs",
        None,
        expect(every(VIEW), anon="401"),
    ),
    "api:partybuilding[create]": (
        "api-post",
        lambda: "/api/partybuilding/orgs",
        {"name": "", "kind": "bogus"},
        # the body is checked before the role: every signed-in login gets 422, nothing written
        expect(every(set(ROLES) - {ANON}, "422"), anon="401"),
    ),
}


def test_every_url_of_the_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("partybuilding:")}
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
