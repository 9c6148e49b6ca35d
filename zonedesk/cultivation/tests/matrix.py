"""The role × endpoint matrix shared by the cultivation and policies apps: every demo login and
anonymous × every URL. A request that is refused writes nothing (rows and audit rows)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zonedesk.core.tests.scope import ANON, ROLES, client_for
from zonedesk.cultivation.models import EnterpriseFact, TierAssessment, TierCertificate
from zonedesk.policies.models import Award, ClauseRule, Match
from zonedesk.testing.audit import audit_rows

STAFF_LY = {"window", "reviewer", "depthead", "steward", "investment", "leader", "province"}
STAFF_JP = {"jp-leader", "jp-window"}
STAFF = STAFF_LY | STAFF_JP
EDITORS = {"window", "investment"}


@dataclass(frozen=True)
class Case:
    method: str  # get, post, api-get, api-post
    path: Callable[[Any], str]
    expected: dict[str, str]
    data: dict | None = None


def expect(allowed: dict[str, str], default: str = "404", anon: str = "302L") -> dict[str, str]:
    out = {role: allowed.get(role, default) for role in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def every(roles, status: str = "200") -> dict[str, str]:
    return dict.fromkeys(roles, status)


def counts() -> dict[str, int]:
    return {
        "facts": EnterpriseFact.objects.count(),
        "certificates": TierCertificate.objects.count(),
        "awards": Award.objects.count(),
        "rules": ClauseRule.objects.count(),
        "audit": audit_rows(),
        "assessments": TierAssessment.objects.count(),
        "matches": Match.objects.count(),
    }


def run(client, case: Case, objects) -> dict[str, str]:
    url = case.path(objects)
    got = {}
    for role in ROLES:
        c = client_for(client, role)
        before = counts()
        if case.method == "get" or case.method == "api-get":
            r = c.get(url)
        elif case.method == "post":
            r = c.post(url, case.data or {})
        else:
            r = c.post(url, json.dumps(case.data or {}), content_type="application/json")
        status = str(r.status_code)
        if status == "302":
            location = r.headers["Location"]
            if location.startswith(("/login", "/accounts/login")):
                status = "302L"
            elif case.method == "post":
                status = "302" if before != counts() else "302x"
        got[role] = status
        if status not in ("200", "201", "302"):
            assert counts() == before, (url, role, status)
    return got
