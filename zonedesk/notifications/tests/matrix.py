"""The role × endpoint runner shared by the matrices of notifications, scheduler and
casefiles. Cells in the demo-login column order: a status; 302L a redirect to the login page;
W a redirect after a write that left an audit row; a POST refused writes no audit row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zonedesk.demo.people import LOGINS
from zonedesk.organisation.models import User
from zonedesk.testing.audit import audit_rows

ROLES = ("anon", *(login.username for login in LOGINS))
COLUMNS = ("anon", "admin", "security", "auditor", "window", "reviewer", "depthead", "steward",
           "investment", "leader", "province", "enterprise", "jp-leader", "jp-window")
assert ROLES == COLUMNS, "demo logins changed: update the matrix columns"


@dataclass(frozen=True)
class Req:
    path: Callable[[], str] | str
    method: str = "get"
    data: dict | None = None
    json: bool = False


def check(client, req: Req, cells: str, role: str) -> None:
    expected = dict(zip(ROLES, cells.split(), strict=True))[role]
    path = req.path() if callable(req.path) else req.path
    if role != "anon":
        client.force_login(User.objects.get(username=role))
    before = audit_rows()
    if req.method == "get":
        response = client.get(path)
    elif req.json:
        response = getattr(client, req.method)(path, data=req.data or {}, content_type="application/json")
    else:
        response = client.post(path, data=req.data or {})
    wrote = audit_rows() > before
    if expected == "302L":
        assert response.status_code == 302 and "/login/" in response["Location"], response.status_code
    elif expected == "W":
        assert response.status_code == 302 and "/login/" not in response["Location"]
        assert wrote, f"{path} {role}: an allowed write left no audit row"
    else:
        assert response.status_code == int(expected), f"{path} {role}: {response.status_code}"
    if req.method != "get" and expected not in ("W", "200", "201", "202"):
        assert not wrote, f"{path} {role}: a refused write left an audit row"


def our_url_names(*prefixes: str) -> set[str]:
    from zonedesk.core.tests.scope import url_routes

    return {name for name, route in url_routes().items()
            if name.startswith(tuple(f"{p}:" for p in prefixes))
            or route.startswith(tuple(f"api/{p}/" for p in prefixes))}
