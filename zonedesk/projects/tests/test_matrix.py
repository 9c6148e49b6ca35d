"""Who may open what in the pipeline and the dashboard: every demo login and anonymous × every
URL and API route of these two apps. A denied request changes nothing (rows and audit rows).

Cells: the status code; "302L" a redirect to the login page; "302x" a redirect back with an
error message (allowed to see, refused to act: nothing written).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_names
from zonedesk.organisation.models import User
from zonedesk.projects.models import Project, ProjectDocument
from zonedesk.projects.tests.conftest import PDF, pipeline_counts

pytestmark = pytest.mark.django_db

PIPELINE = {"investment", "leader", "province", "steward", "jp-leader"}
DASH = {"investment", "leader", "province", "jp-leader"}


class Objects:
    def __init__(self) -> None:
        steward = User.objects.get(username="steward")
        self.mine = Project.objects.filter(zone__code="LY", project_steward=steward, stage="building").first()
        self.jp = Project.objects.filter(zone__code="JP").first()
        from zonedesk.core.actor import Actor
        from zonedesk.files.services import file_store

        stored = file_store(actor=Actor(user=steward), zone_id=self.mine.zone_id, upload=("a.pdf", PDF))
        self.doc = ProjectDocument.objects.create(
            zone=self.mine.zone,
            project=self.mine,
            kind="other",
            title="材料",
            file=stored,
            uploaded_by=steward,
        )


def _ly_report() -> int:
    from zonedesk.dashboard.models import MonthlyReport
    from zonedesk.organisation.models import Zone

    row, _ = MonthlyReport.objects.get_or_create(
        zone=Zone.objects.get(code="LY"), year=2026, month=1,
        defaults={"generated_at": "2026-02-01T08:00:00+08:00", "generated_by": "系统", "data": {
            "month_period": ["2026-01-01", "2026-01-31", "2026年1月"],
            "ytd_period": ["2026-01-01", "2026-01-31", "2026年1月"], "sections": []}})
    return row.pk


def expect(allowed: dict[str, str], default: str = "404", anon: str = "302L") -> dict[str, str]:
    out = {role: allowed.get(role, default) for role in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def every(roles, status="200") -> dict[str, str]:
    return dict.fromkeys(roles, status)


# name -> (method, path(o), data, expectations)
CASES = {
    "projects:list": ("get", lambda o: reverse("projects:list"), None, expect(every(PIPELINE))),
    "projects:worklist": ("get", lambda o: reverse("projects:worklist"), None, expect(every({"steward"}))),
    "projects:create": ("get", lambda o: reverse("projects:create"), None, expect(every({"investment"}))),
    "projects:export": ("get", lambda o: reverse("projects:export"), None, expect(every(PIPELINE))),
    "projects:detail[ly]": (
        "get",
        lambda o: reverse("projects:detail", args=[o.mine.pk]),
        None,
        expect(every({"investment", "leader", "province", "steward"})),
    ),
    "projects:detail[jp]": (
        "get",
        lambda o: reverse("projects:detail", args=[o.jp.pk]),
        None,
        expect(every({"province", "jp-leader"})),
    ),
    "projects:edit": (
        "get",
        lambda o: reverse("projects:edit", args=[o.mine.pk]),
        None,
        expect(every({"investment"})),
    ),
    # A move the gate refuses (no acceptance report): those who see the project are sent back
    # with the reason; nobody writes anything.
    "projects:move": (
        "post",
        lambda o: reverse("projects:move", args=[o.mine.pk]),
        {"to_stage": "production", "on": "2026-11-01"},
        expect(every({"investment", "leader", "province", "steward"}, "302x")),
    ),
    "projects:partial_use": (
        "post",
        lambda o: reverse("projects:partial_use", args=[o.mine.pk]),
        {"on": "2000-01-01"},
        expect(every({"investment", "leader", "province", "steward"}, "302x")),
    ),
    "projects:steward": (
        "post",
        lambda o: reverse("projects:steward", args=[o.mine.pk]),
        {"role": "assistant", "user": "", "on": "2999-01-01"},
        expect(every({"investment", "leader", "province", "steward"}, "302x")),
    ),
    "projects:document": (
        "post",
        lambda o: reverse("projects:document", args=[o.mine.pk]),
        {"kind": "other", "title": ""},
        expect(every({"investment", "leader", "province", "steward"}, "302x")),
    ),
    "projects:document_download": (
        "get",
        lambda o: reverse("projects:document_download", args=[o.mine.pk, o.doc.pk]),
        None,
        expect(every({"investment", "leader", "province", "steward"})),
    ),
    "dashboard:index": ("get", lambda o: reverse("dashboard:index"), None, expect(every(DASH))),
    "dashboard:reports": ("get", lambda o: reverse("dashboard:reports"), None, expect(every(DASH))),
    "dashboard:report_file": (
        "get",
        lambda o: reverse("dashboard:report_file", args=[_ly_report(), "xlsx"]),
        None,
        expect(every(DASH - {"jp-leader"})),
    ),
    "api:dashboard[reports]": (
        "api-get", lambda o: "/api/dashboard/reports", None, expect(every(DASH), anon="401")
    ),
    "api:dashboard[report]": (
        "api-get",
        lambda o: f"/api/dashboard/reports/{_ly_report()}",
        None,
        expect(every(DASH - {"jp-leader"}), anon="401"),
    ),
    "api:dashboard[report_make]": (
        "api-post",
        lambda o: "/api/dashboard/reports",
        {"zone_id": 999999, "year": 2026, "month": 1},
        expect(every(DASH, "404"), anon="401"),
    ),
    "api:projects[list]": (
        "api-get",
        lambda o: "/api/projects/",
        None,
        expect(every(set(ROLES) - {ANON}), anon="401"),
    ),
    "api:projects[ly]": (
        "api-get",
        lambda o: f"/api/projects/{o.mine.pk}",
        None,
        expect(every({"investment", "leader", "province", "steward"}), anon="401"),
    ),
    "api:projects[jp]": (
        "api-get",
        lambda o: f"/api/projects/{o.jp.pk}",
        None,
        expect(every({"province", "jp-leader"}), anon="401"),
    ),
    "api:projects[move]": (
        "api-post",
        lambda o: f"/api/projects/{o.mine.pk}/moves",
        {"to_stage": "production"},
        expect({"investment": "409", "steward": "409", "leader": "403", "province": "403"}, anon="401"),
    ),
    "api:projects[steward]": (
        "api-post",
        lambda o: f"/api/projects/{o.mine.pk}/stewards",
        {"role": "assistant", "user_id": None, "on": "2999-01-01"},
        expect({"investment": "422", "steward": "403", "leader": "403", "province": "403"}, anon="401"),
    ),
    "api:dashboard[summary]": (
        "api-get",
        lambda o: "/api/dashboard/summary",
        None,
        expect(every(DASH), anon="401"),
    ),
}


def test_every_url_of_these_apps_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith(("projects:", "dashboard:"))}
    assert names == {k.split("[")[0] for k in CASES if not k.startswith("api:")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matrix(client, case) -> None:
    method, path, data, expected = CASES[case]
    o = Objects()
    url = path(o)
    got = {}
    for role in ROLES:
        c = client_for(client, role)
        before = pipeline_counts()
        if method == "get":
            r = c.get(url)
        elif method == "post":
            r = c.post(url, data)
        elif method == "api-get":
            r = c.get(url)
        else:
            r = c.post(url, json.dumps(data), content_type="application/json")
        status = str(r.status_code)
        if status == "302":
            location = r.headers["Location"]
            if location.startswith(("/login", "/accounts/login", "/admin/login")):
                status = "302L"
            elif method == "post":
                status = "302x"
        got[role] = status
        if method in ("post", "api-post"):
            assert pipeline_counts() == before, (case, role)
    assert got == expected
