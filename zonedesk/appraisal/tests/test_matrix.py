"""Who may open what in the appraisal: every demo login and anonymous × every URL of the app
and its API. Appraisal results are sensitive: a sheet is seen by the person, the assessor chain
and leaders only (not the window, stewards, investment, the province or the administrators).
A denied or refused request writes nothing (rows and audit rows)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zonedesk.appraisal.models import AppraisalSheet
from zonedesk.appraisal.tests.conftest import appraisal_counts
from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_names

pytestmark = pytest.mark.django_db

USERS = {"window", "reviewer", "depthead", "steward", "investment", "leader", "jp-leader", "jp-window"}
MANAGERS = {"leader", "jp-leader"}
WANG = {"reviewer", "depthead", "leader"}  # 王建国's sheet: himself, his assessor, the leader
OTHER = {"depthead", "leader"}  # another person's sheet: assessor and leader only


class Objects:
    def __init__(self) -> None:
        from zonedesk.appraisal.demo import PERIOD

        self.wang = AppraisalSheet.objects.get(period__name=PERIOD, person__username="reviewer")
        self.other = AppraisalSheet.objects.get(period__name=PERIOD, person__username="reviewer-zrj")
        self.period = self.wang.period
        self.score = self.wang.scores.get(indicator__code="B2")


def expect(allowed: dict[str, str], default: str = "404", anon: str = "302L") -> dict[str, str]:
    out = {role: allowed.get(role, default) for role in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def every(roles, status="200") -> dict[str, str]:
    return dict.fromkeys(roles, status)


CASES = {
    "appraisal:index": ("get", lambda o: reverse("appraisal:index"), None, expect(every(USERS))),
    "appraisal:templates": ("get", lambda o: reverse("appraisal:templates"), None, expect(every(USERS))),
    "appraisal:template_export": (
        "get",
        lambda o: reverse("appraisal:template_export"),
        None,
        expect(every(USERS)),
    ),
    "appraisal:template_create": (
        "get",
        lambda o: reverse("appraisal:template_create"),
        None,
        expect(every(MANAGERS)),
    ),
    "appraisal:template_import_sheet": (
        "get",
        lambda o: reverse("appraisal:template_import_sheet"),
        None,
        expect(every(MANAGERS)),
    ),
    # no file: managers are sent back with the message, nothing is written
    "appraisal:template_import": (
        "post",
        lambda o: reverse("appraisal:template_import"),
        {},
        expect(every(MANAGERS, "302x")),
    ),
    "appraisal:period_create": (
        "get",
        lambda o: reverse("appraisal:period_create"),
        None,
        expect(every(MANAGERS)),
    ),
    "appraisal:period": (
        "get",
        lambda o: reverse("appraisal:period", args=[o.period.pk]),
        None,
        expect(every(WANG)),
    ),
    "appraisal:period_export": (
        "get",
        lambda o: reverse("appraisal:period_export", args=[o.period.pk]),
        None,
        expect(every(WANG)),
    ),
    # publishing a final period: refused with a message for those who see it, 404 for the rest
    "appraisal:period_action": (
        "post",
        lambda o: reverse("appraisal:period_action", args=[o.period.pk, "publish"]),
        {"version": ""},
        expect(every(WANG, "302x")),
    ),
    "appraisal:sheet": (
        "get",
        lambda o: reverse("appraisal:sheet", args=[o.wang.pk]),
        None,
        expect(every(WANG)),
    ),
    "appraisal:sheet[other]": (
        "get",
        lambda o: reverse("appraisal:sheet", args=[o.other.pk]),
        None,
        expect(every(OTHER)),
    ),
    "appraisal:sheet_pdf": (
        "get",
        lambda o: reverse("appraisal:sheet_pdf", args=[o.wang.pk]),
        None,
        expect(every(WANG)),
    ),
    "appraisal:basis": (
        "get",
        lambda o: reverse("appraisal:basis", args=[o.wang.pk, o.score.pk]),
        None,
        expect(every(WANG)),
    ),
    "appraisal:sheet_action": (
        "post",
        lambda o: reverse("appraisal:sheet_action", args=[o.wang.pk, "self"]),
        {"summary": "再次自评"},
        expect(every(WANG, "302x")),
    ),
    "appraisal:decisions": ("get", lambda o: reverse("appraisal:decisions"), None, expect(every(USERS))),
    "appraisal:decision_export": (
        "get",
        lambda o: reverse("appraisal:decision_export"),
        None,
        expect(every(USERS)),
    ),
    "api:appraisal[sheet]": (
        "api-get",
        lambda o: f"/api/appraisal/sheets/{o.wang.pk}",
        None,
        expect(every(WANG), anon="401"),
    ),
    "api:appraisal[other]": (
        "api-get",
        lambda o: f"/api/appraisal/sheets/{o.other.pk}",
        None,
        expect(every(OTHER), anon="401"),
    ),
    "api:appraisal[period]": (
        "api-get",
        lambda o: f"/api/appraisal/periods/{o.period.pk}",
        None,
        expect(every(WANG), anon="401"),
    ),
    "api:appraisal[publish]": (
        "api-post",
        lambda o: f"/api/appraisal/periods/{o.period.pk}/publish",
        {},
        expect({"leader": "409", "reviewer": "403", "depthead": "403"}, anon="401"),
    ),
    "api:appraisal[self]": (
        "api-post",
        lambda o: f"/api/appraisal/sheets/{o.wang.pk}/self-assessment",
        {"summary": "x"},
        expect({"leader": "403", "reviewer": "409", "depthead": "403"}, anon="401"),
    ),
}


def test_every_url_of_the_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("appraisal:")}
    assert names == {k.split("[")[0] for k in CASES if not k.startswith("api:")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matrix(client, case) -> None:
    method, path, data, expected = CASES[case]
    o = Objects()
    url = path(o)
    got = {}
    for role in ROLES:
        c = client_for(client, role)
        before = appraisal_counts()
        if method in ("get", "api-get"):
            r = c.get(url)
        elif method == "post":
            r = c.post(url, data)
        else:
            r = c.post(url, json.dumps(data), content_type="application/json")
        status = str(r.status_code)
        if status == "302":
            status = "302L" if r.headers["Location"].startswith("/login") else "302x"
        got[role] = status
        if method in ("post", "api-post"):
            assert appraisal_counts() == before, (case, role)
    assert got == expected
