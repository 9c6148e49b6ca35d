"""Who may open what in the commitment and arrears registers: every demo login and anonymous ×
every URL of the app and its API routes. One row per request, one column per login.

Cells: the status code; "302L" a redirect to the login page; "302x" sent back with an error
message and nothing written (rows and audit rows unchanged); "302" an allowed write, which
must have written an audit row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.commitments.models import Arrear, Commitment, CommitmentEvidence
from zonedesk.commitments.tests.conftest import PDF, register_counts
from zonedesk.core.actor import Actor
from zonedesk.core.tests.scope import ROLES, client_for, url_names
from zonedesk.organisation.models import Department, User

pytestmark = pytest.mark.django_db


class Objects:
    def __init__(self) -> None:
        own = User.objects.get(username="enterprise").enterprise
        steward = User.objects.get(username="steward")
        self.ghj = (
            Commitment.objects.filter(
                zone__code="LY", department__code="GHJ", status="open", project__project_steward=steward
            )
            .exclude(enterprise=own)
            .order_by("pk")
            .first()
        )
        self.own = Commitment.objects.filter(enterprise=own, department__code="JFJ").order_by("pk").first()
        jp_dept = Department.objects.get(zone__code="JP", code="JFJ")
        today = timezone.localdate()
        self.jp = Commitment.objects.create(
            zone=jp_dept.zone,
            number="CN-JP-1",
            beneficiary="建平企业",
            title="道路接通",
            kind="infrastructure",
            source_kind="agreement",
            source_title="协议",
            promised_on=today,
            due_on=today,
            department=jp_dept,
        )
        from zonedesk.files.services import file_store

        stored = file_store(
            actor=Actor(user=User.objects.get(username="investment")),
            zone_id=self.ghj.zone_id,
            upload=("e.pdf", PDF),
        )
        self.evidence = CommitmentEvidence.objects.create(
            zone_id=self.ghj.zone_id, commitment=self.ghj, title="现场照片", file=stored
        )
        self.arrear_own = (
            Arrear.objects.filter(enterprise=own, status="outstanding", confirm_state="pending")
            .order_by("pk")
            .first()
        )
        from zonedesk.enterprises.models import Enterprise

        jp_ent = Enterprise.objects.filter(zone__code="JP").order_by("pk").first()
        self.arrear_jp = Arrear.objects.create(
            zone=jp_dept.zone,
            number="QK-JP-1",
            enterprise=jp_ent,
            department=jp_dept,
            kind="works",
            basis="合同",
            amount_yuan="100.00",
            due_on=today,
        )
        self.depthead = User.objects.get(username="depthead")
        from zonedesk.projects.models import Project

        self.unsigned = Project.objects.filter(zone__code="LY", signed_on__isnull=True).order_by("pk").first()


@dataclass(frozen=True)
class Req:
    method: str  # get / post / api-get / api-post
    path: Any  # (Objects) -> str
    data: dict | None = None


CASES: dict[str, Req] = {
    "commitments:list": Req("get", lambda o: reverse("commitments:list")),
    "commitments:create": Req("get", lambda o: reverse("commitments:create")),
    "commitments:export": Req("get", lambda o: reverse("commitments:export")),
    # A project not signed yet: the registrars are told why, nothing is written.
    "commitments:from_agreement": Req(
        "post", lambda o: reverse("commitments:from_agreement"), {"project": "__unsigned__"}
    ),
    "commitments:detail[ghj]": Req("get", lambda o: reverse("commitments:detail", args=[o.ghj.pk])),
    "commitments:detail[own]": Req("get", lambda o: reverse("commitments:detail", args=[o.own.pk])),
    "commitments:detail[jp]": Req("get", lambda o: reverse("commitments:detail", args=[o.jp.pk])),
    "commitments:edit[ghj]": Req("get", lambda o: reverse("commitments:edit", args=[o.ghj.pk])),
    # Refused writes: a date before the promise / an empty title / a future handover / no reason.
    "commitments:fulfil[ghj]": Req(
        "post",
        lambda o: reverse("commitments:fulfil", args=[o.ghj.pk]),
        {"fulfilled_on": "2026-01-01", "note": "已交付"},
    ),
    "commitments:evidence[ghj]": Req(
        "post", lambda o: reverse("commitments:evidence", args=[o.ghj.pk]), {"title": ""}
    ),
    "commitments:handover[ghj]": Req(
        "post",
        lambda o: reverse("commitments:handover", args=[o.ghj.pk]),
        {"to_user": "", "to_department": "", "on": "2999-01-01"},
    ),
    "commitments:cancel[ghj]": Req(
        "post", lambda o: reverse("commitments:cancel", args=[o.ghj.pk]), {"reason": ""}
    ),
    "commitments:evidence_download[ghj]": Req(
        "get", lambda o: reverse("commitments:evidence_download", args=[o.ghj.pk, o.evidence.pk])
    ),
    "commitments:source_download[ghj]": Req(
        "get", lambda o: reverse("commitments:source_download", args=[o.ghj.pk])
    ),
    "commitments:arrears": Req("get", lambda o: reverse("commitments:arrears")),
    "commitments:arrear_create": Req("get", lambda o: reverse("commitments:arrear_create")),
    "commitments:arrear_export": Req("get", lambda o: reverse("commitments:arrear_export")),
    "commitments:arrear_detail[own]": Req(
        "get", lambda o: reverse("commitments:arrear_detail", args=[o.arrear_own.pk])
    ),
    "commitments:arrear_detail[jp]": Req(
        "get", lambda o: reverse("commitments:arrear_detail", args=[o.arrear_jp.pk])
    ),
    "commitments:arrear_pay[own]": Req(
        "post",
        lambda o: reverse("commitments:arrear_pay", args=[o.arrear_own.pk]),
        {"amount_yuan": "0.00", "paid_on": "2026-01-01"},
    ),
    "commitments:arrear_confirm[own]": Req(
        "post", lambda o: reverse("commitments:arrear_confirm", args=[o.arrear_own.pk]), {}
    ),
    "commitments:arrear_dispute[own]": Req(
        "post", lambda o: reverse("commitments:arrear_dispute", args=[o.arrear_own.pk]), {"reason": ""}
    ),
    "api:commitments[list]": Req("api-get", lambda o: "/api/commitments/"),
    "api:commitments[ghj]": Req("api-get", lambda o: f"/api/commitments/{o.ghj.pk}"),
    "api:commitments[jp]": Req("api-get", lambda o: f"/api/commitments/{o.jp.pk}"),
    "api:commitments[create-bad]": Req(
        "api-post",
        lambda o: "/api/commitments/",
        {
            "title": "",
            "kind": "land",
            "source_kind": "agreement",
            "source_title": "协议",
            "promised_on": "2026-01-01",
            "due_on": "2025-01-01",
            "department_id": 0,
        },
    ),
    # With the evidence Objects adds, the first handler (the reviewer) fulfils it; the rest find it closed.
    "api:commitments[fulfil-ghj]": Req(
        "api-post", lambda o: f"/api/commitments/{o.ghj.pk}/fulfil", {"note": "已交付"}
    ),
    "api:commitments[arrears]": Req("api-get", lambda o: "/api/commitments/arrears"),
    "api:commitments[arrear-own]": Req("api-get", lambda o: f"/api/commitments/arrears/{o.arrear_own.pk}"),
    "api:commitments[confirm-own]": Req(
        "api-post", lambda o: f"/api/commitments/arrears/{o.arrear_own.pk}/confirm", {}
    ),
}

# anon, admin, security, auditor, window, reviewer, depthead, steward, investment, leader,
# province, enterprise, jp-leader, jp-window
TABLE = """
#                                    anon admn secu audi wind revw dept stew invs lead prov entr jpld jpwn
commitments:list                     302L 404  404  404  200  200  200  200  200  200  200  200  200  200
commitments:create                   302L 404  404  404  404  404  404  404  200  200  404  404  200  404
commitments:export                   302L 404  404  404  200  200  200  200  200  200  200  200  200  200
commitments:from_agreement           302L 404  404  404  404  404  404  404  302x 302x 404  404  404  404
commitments:detail[ghj]              302L 404  404  404  200  200  200  200  200  200  200  404  404  404
commitments:detail[own]              302L 404  404  404  200  404  404  404  200  200  200  200  404  404
commitments:detail[jp]               302L 404  404  404  404  404  404  404  404  404  200  404  200  200
commitments:edit[ghj]                302L 404  404  404  404  404  404  404  200  200  404  404  404  404
commitments:fulfil[ghj]              302L 404  404  404  302x 302x 302x 302x 302x 302x 302x 404  404  404
commitments:evidence[ghj]            302L 404  404  404  302x 302x 302x 302x 302x 302x 302x 404  404  404
commitments:handover[ghj]            302L 404  404  404  302x 302x 302x 302x 302x 302x 302x 404  404  404
commitments:cancel[ghj]              302L 404  404  404  302x 302x 302x 302x 302x 302x 302x 404  404  404
commitments:evidence_download[ghj]   302L 404  404  404  200  200  200  200  200  200  200  404  404  404
commitments:source_download[ghj]     302L 404  404  404  200  200  200  200  200  200  200  404  404  404
commitments:arrears                  302L 404  404  404  200  200  200  404  200  200  200  200  200  200
commitments:arrear_create            302L 404  404  404  404  404  404  404  200  200  404  404  200  404
commitments:arrear_export            302L 404  404  404  200  200  200  404  200  200  200  200  200  200
commitments:arrear_detail[own]       302L 404  404  404  200  404  404  404  200  200  200  200  404  404
commitments:arrear_detail[jp]        302L 404  404  404  404  404  404  404  404  404  200  404  200  200
commitments:arrear_pay[own]          302L 404  404  404  302x 404  404  404  302x 302x 302x 302x 404  404
commitments:arrear_confirm[own]      302L 404  404  404  302x 404  404  404  302x 302x 302x 302  404  404
commitments:arrear_dispute[own]      302L 404  404  404  302x 404  404  404  302x 302x 302x 302x 404  404
api:commitments[list]                401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:commitments[ghj]                 401  404  404  404  200  200  200  200  200  200  200  404  404  404
api:commitments[jp]                  401  404  404  404  404  404  404  404  404  404  200  404  200  200
api:commitments[create-bad]          401  403  403  403  403  403  403  403  422  422  403  403  422  403
api:commitments[fulfil-ghj]          401  404  404  404  403  200  409  403  409  409  403  404  404  404
api:commitments[arrears]             401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:commitments[arrear-own]          401  404  404  404  200  404  404  404  200  200  200  200  404  404
api:commitments[confirm-own]         401  404  404  404  403  404  404  404  403  403  403  200  404  404
"""


def _expected() -> dict[str, dict[str, str]]:
    out = {}
    for line in TABLE.strip().splitlines():
        if line.startswith("#"):
            continue
        key, *cells = line.split()
        assert len(cells) == len(ROLES), key
        out[key] = dict(zip(ROLES, cells, strict=True))
    return out


EXPECTED = _expected()


def test_every_url_of_the_app_has_a_row() -> None:
    names = {n for n in url_names() if n.startswith("commitments:")}
    assert names == {k.split("[")[0] for k in CASES if not k.startswith("api:")}
    assert set(CASES) == set(EXPECTED)


def _ok_audits() -> int:
    return AuditRecord.objects.filter(result=Result.OK).count()


@pytest.mark.parametrize("case", sorted(CASES))
def test_matrix(client, case) -> None:
    req = CASES[case]
    o = Objects()
    url = req.path(o)
    got = {}
    for role in ROLES:
        c = client_for(client, role)
        before, audits = register_counts(), _ok_audits()
        if req.method == "get" or req.method == "api-get":
            r = c.get(url)
        elif req.method == "post":
            data = dict(req.data)
            if data.get("project") == "__unsigned__":
                data["project"] = str(o.unsigned.pk)
            r = c.post(url, data)
        else:
            r = c.post(url, json.dumps(req.data), content_type="application/json")
        status = str(r.status_code)
        wrote = _ok_audits() > audits
        if status == "302":
            if r.headers["Location"].startswith(("/login", "/admin/login")):
                status = "302L"
            elif not wrote:
                status = "302x"
        if status not in ("200", "201", "302") and req.method in ("post", "api-post"):
            assert register_counts() == before, (case, role)
            assert not wrote, (case, role)
        got[role] = status
    assert got == EXPECTED[case]
