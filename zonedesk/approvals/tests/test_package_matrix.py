"""Who may open what of 一件事一次办: every demo login and anonymous × every page of the
``packages`` namespace and its API routes. Cells as in the commitments matrix: "302x" is a
refusal sent back with a message, which must have written nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from zonedesk.approvals.package_models import CaseStatus, PackageCase, ServicePackage
from zonedesk.approvals.packages import package_materials
from zonedesk.approvals.services import packages as services
from zonedesk.audit.models import AuditRecord, Result
from zonedesk.core.actor import Actor
from zonedesk.core.tests.scope import ROLES, client_for, url_names
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Objects:
    def __init__(self) -> None:
        from zonedesk.approvals.models import MaterialType

        user = User.objects.get(username="enterprise")
        self.kb = ServicePackage.objects.get(zone__code="LY", version__is_current=True, code="QYKB")
        uploads = {
            mt.code: (f"{mt.code}.pdf", PDF)
            for mt in MaterialType.objects.filter(pk__in=list(package_materials(self.kb)))
        }
        self.own = services.package_case_submit(
            actor=Actor(user=user),
            enterprise_id=user.enterprise_id,
            package_id=self.kb.pk,
            form={"contact_name": "张明", "contact_phone": "13904210001"},
            uploads=uploads,
        )
        self.material = self.own.materials.exclude(record=None).first()
        self.item = self.own.items.first()
        jp_package = ServicePackage.objects.get(zone__code="JP", version__is_current=True, code="QYKB")
        self.jp = PackageCase.objects.create(
            zone=jp_package.zone,
            number="YJS-JP-1",
            package=jp_package,
            enterprise=Enterprise.objects.filter(zone__code="JP").order_by("pk").first(),
            submitted_at=timezone.now(),
            submitted_by="测试",
            status=CaseStatus.SUBMITTED,
        )


@dataclass(frozen=True)
class Req:
    method: str
    path: Any
    data: dict | None = None


CASES: dict[str, Req] = {
    "packages:cases": Req("get", lambda o: reverse("packages:cases")),
    "packages:catalogue": Req("get", lambda o: reverse("packages:catalogue")),
    "packages:apply": Req("get", lambda o: reverse("packages:apply", args=[o.kb.pk])),
    "packages:export": Req("get", lambda o: reverse("packages:export")),
    "packages:case[own]": Req("get", lambda o: reverse("packages:case", args=[o.own.pk])),
    "packages:case[jp]": Req("get", lambda o: reverse("packages:case", args=[o.jp.pk])),
    "packages:material_file[own]": Req(
        "get", lambda o: reverse("packages:material_file", args=[o.own.pk, o.material.pk])
    ),
    # A stale version: the window is told to refresh; nobody writes anything.
    "packages:case_action[own]": Req(
        "post", lambda o: reverse("packages:case_action", args=[o.own.pk, "accept"]), {"version": "0"}
    ),
    "packages:item_action[own]": Req(
        "post", lambda o: reverse("packages:item_action", args=[o.item.pk, "approve"]), {"text": "同意"}
    ),
    "api:packages[catalogue]": Req("api-get", lambda o: "/api/packages/catalogue"),
    "api:packages[cases]": Req("api-get", lambda o: "/api/packages/cases"),
    "api:packages[case-own]": Req("api-get", lambda o: f"/api/packages/cases/{o.own.pk}"),
    "api:packages[case-jp]": Req("api-get", lambda o: f"/api/packages/cases/{o.jp.pk}"),
    "api:packages[accept-own]": Req(
        "api-post", lambda o: f"/api/packages/cases/{o.own.pk}/accept", {"version": 0}
    ),
    # An empty reason is refused before anything is looked up (it says nothing about the case).
    "api:packages[visit-own]": Req(
        "api-post", lambda o: f"/api/packages/cases/{o.own.pk}/visits", {"reason": ""}
    ),
    "api:packages[approve-own]": Req("api-post", lambda o: f"/api/packages/items/{o.item.pk}/approve", {}),
}

# anon, admin, security, auditor, window, reviewer, depthead, steward, investment, leader,
# province, enterprise, jp-leader, jp-window
TABLE = """
#                              anon admn secu audi wind revw dept stew invs lead prov entr jpld jpwn
packages:cases                 302L 404  404  404  200  200  200  200  200  200  200  200  200  200
packages:catalogue             302L 404  404  404  200  200  200  200  200  200  200  200  200  200
packages:apply                 302L 404  404  404  404  404  404  404  404  404  404  200  404  404
packages:export                302L 404  404  404  200  200  200  200  200  200  200  200  200  200
packages:case[own]             302L 404  404  404  200  404  404  200  404  200  200  200  404  404
packages:case[jp]              302L 404  404  404  404  404  404  404  404  404  200  404  200  200
packages:material_file[own]    302L 404  404  404  200  404  404  200  404  200  200  200  404  404
packages:case_action[own]      302L 404  404  404  302x 404  404  302x 404  302x 302x 302x 404  404
packages:item_action[own]      302L 404  404  404  302x 404  404  302x 404  302x 302x 302x 404  404
api:packages[catalogue]        401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:packages[cases]            401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:packages[case-own]         401  404  404  404  200  404  404  200  404  200  200  200  404  404
api:packages[case-jp]          401  404  404  404  404  404  404  404  404  404  200  404  200  200
api:packages[accept-own]       401  404  404  404  409  404  404  403  404  403  403  403  404  404
api:packages[visit-own]        401  422  422  422  422  422  422  422  422  422  422  422  422  422
api:packages[approve-own]      401  404  404  404  403  404  404  403  404  403  403  403  404  404
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


def test_every_url_of_packages_has_a_row() -> None:
    names = {n for n in url_names() if n.startswith("packages:")}
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
        audits, version = _ok_audits(), PackageCase.objects.get(pk=o.own.pk).version
        if req.method in ("get", "api-get"):
            r = c.get(url)
        elif req.method == "post":
            r = c.post(url, req.data)
        else:
            r = c.post(url, json.dumps(req.data), content_type="application/json")
        status = str(r.status_code)
        wrote = _ok_audits() > audits
        if status == "302":
            if r.headers["Location"].startswith(("/login", "/admin/login")):
                status = "302L"
            elif not wrote:
                status = "302x"
        if req.method in ("post", "api-post") and status not in ("200", "201", "302"):
            assert not wrote and PackageCase.objects.get(pk=o.own.pk).version == version, (case, role)
        got[role] = status
    assert got == EXPECTED[case]
