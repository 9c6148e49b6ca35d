"""Who may use the shared import flow (core/register_import.py): every demo login and
anonymous × every page and API route of it. A batch is its uploader's alone: another user,
even a leader of the same zone, gets a 404. A refused request writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zonedesk.core.models import ImportBatch
from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_routes
from zonedesk.organisation.models import User
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def expect(allowed: dict[str, str], default: str = "404", anon: str = "302L") -> dict[str, str]:
    out = {role: allowed.get(role, default) for role in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def _batch() -> ImportBatch:
    user = User.objects.get(username="investment")
    # A checked batch with one problem: confirming it is a 409, and nothing can be written.
    return ImportBatch.objects.create(
        zone_id=user.zone_id,
        kind="parks-leases",
        created_by=user,
        file_name="matrix.xlsx",
        total_rows=1,
        rows=[{"row": 2, "values": {}}],
        report=[{"row": 2, "column": "起租日", "reason": "必填"}],
    )


PARKS = expect({"investment": "200"})
REGISTRARS = expect({"investment": "200", "leader": "200", "jp-leader": "200"})
ENTERPRISES = expect({"window": "200", "investment": "200", "jp-window": "200"})
CASES = {
    "imports:upload[parks]": ("get", lambda b: "/imports/parks-leases/", PARKS),
    "imports:upload[commitments]": ("get", lambda b: "/imports/commitments/", REGISTRARS),
    "imports:upload[enterprises]": ("get", lambda b: "/imports/enterprises/", ENTERPRISES),
    "imports:upload[projects]": ("get", lambda b: "/imports/projects/", PARKS),
    "imports:upload[unknown]": ("get", lambda b: "/imports/no-such-register/", expect({})),
    "imports:template[parks]": ("get", lambda b: "/imports/parks-units/template.xlsx", PARKS),
    "imports:template[land]": ("get", lambda b: "/imports/land-parcels/template.xlsx", PARKS),
    "imports:batch": ("get", lambda b: f"/imports/batches/{b.pk}/", PARKS),
    "imports:decide": ("post", lambda b: f"/imports/batches/{b.pk}/decide/", expect({"investment": "302"})),
    "api:check_import": (
        "api-file",
        lambda b: "/api/imports/parks-leases/check",
        expect({"investment": "422"}, default="403", anon="401"),
    ),
    "api:get_import_batch": (
        "api-get",
        lambda b: f"/api/imports/batches/{b.pk}",
        expect({"investment": "200"}, anon="401"),
    ),
    "api:confirm_import": (
        "api-post",
        lambda b: f"/api/imports/batches/{b.pk}/confirm",
        expect({"investment": "409"}, anon="401"),
    ),
    "api:discard_import": (
        "api-post",
        lambda b: f"/api/imports/batches/{b.pk}/discard",
        expect({"investment": "200"}, anon="401"),
    ),
}


def test_every_url_of_the_flow_has_a_case() -> None:
    names = {n for n, route in url_routes().items() if route.startswith(("imports/", "api/imports/"))}
    assert names == {k.split("[")[0] for k in CASES}


@pytest.mark.parametrize("case", sorted(CASES))
def test_matrix(client, case) -> None:
    method, path, expected = CASES[case]
    got = {}
    # The uploader acts last, so a discard by it cannot hide what the others would get.
    for role in sorted(ROLES, key=lambda r: r == "investment"):
        batch = _batch()
        c = client_for(client, role)
        before = audit_rows()
        if method == "get" or method == "api-get":
            r = c.get(path(batch))
        elif method == "api-file":
            r = c.post(path(batch), {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
        else:
            r = c.post(path(batch), {"action": "discard"} if method == "post" else None)
        status = str(r.status_code)
        if status == "302" and r.headers["Location"].startswith("/login"):
            status = "302L"
        got[role] = status
        if method != "get" and method != "api-get" and status not in ("200", "302"):
            assert audit_rows() == before, (case, role)
            assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.CHECKED
    assert got == expected
