"""Who may open what among this app's pages and API routes: every demo login (and anonymous)
× every certificates endpoint. Objects: own = a certificate of the enterprise user's 中玻,
ly = of another Lingyuan enterprise, jp = of a Jianping enterprise (the other zone).

Cells: 200, 302 (redirect back after a write, not to login), 302L (to the login page), 401,
403, 404, 409. Rows that write also check the audit trail: an allowed answer wrote at least
one audit row, any other answer none.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from zonedesk.audit.models import AuditRecord
from zonedesk.certificates.models import Certificate
from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_names

pytestmark = pytest.mark.django_db

# anon admin security auditor window reviewer depthead steward investment leader province enterprise
# jp-leader jp-window
TABLE = """
#                                   anon admn secu audi wind revw dept stew invs lead prov entr jpld jpwn
certificates:verify[own]            200  200  200  200  200  200  200  200  200  200  200  200  200  200
certificates:verify[unknown]        404  404  404  404  404  404  404  404  404  404  404  404  404  404
certificates:list                   302L 404  404  404  200  200  200  200  200  200  200  404  200  200
certificates:mine                   302L 404  404  404  404  404  404  404  404  404  404  200  404  404
certificates:export                 302L 404  404  404  200  200  200  200  200  200  200  200  200  200
certificates:detail[own]            302L 404  404  404  200  200  200  200  200  200  200  200  404  404
certificates:detail[ly]             302L 404  404  404  200  200  200  200  200  200  200  404  404  404
certificates:detail[jp]             302L 404  404  404  404  404  404  404  404  404  200  404  200  200
certificates:pdf[own]               302L 404  404  404  200  200  200  200  200  200  200  200  404  404
certificates:pdf[jp]                302L 404  404  404  404  404  404  404  404  404  200  404  200  200
certificates:revoke[own]            302L 404  404  404  302  302  302  302x 302x 302x 302x 302x 404  404
certificates:revoke[jp]             302L 404  404  404  404  404  404  404  404  404  302x 404  302x 302
api:verify_certificate[own]         200  200  200  200  200  200  200  200  200  200  200  200  200  200
api:list_certificates               401  200  200  200  200  200  200  200  200  200  200  200  200  200
api:get_certificate[own]            401  404  404  404  200  200  200  200  200  200  200  200  404  404
api:get_certificate[ly]             401  404  404  404  200  200  200  200  200  200  200  404  404  404
api:get_certificate[jp]             401  404  404  404  404  404  404  404  404  404  200  404  200  200
api:certificate_pdf[own]            401  404  404  404  200  200  200  200  200  200  200  200  404  404
api:certificate_pdf[jp]             401  404  404  404  404  404  404  404  404  404  200  404  200  200
api:revoke_certificate[own]         401  404  404  404  200  200  200  403  403  403  403  403  404  404
api:revoke_certificate[jp]          401  404  404  404  404  404  404  404  404  404  403  404  403  200
"""


def _expected() -> dict[str, list[str]]:
    rows = {}
    for line in TABLE.strip().splitlines():
        if line.startswith("#"):
            continue
        name, *cells = line.split()
        assert len(cells) == len(ROLES), name
        rows[name] = cells
    return rows


EXPECTED = _expected()
WRITES = {"certificates:revoke", "api:revoke_certificate"}


def _path(name: str, certs: dict[str, Certificate]) -> tuple[str, str, dict | None]:
    base, _, variant = name.partition("[")
    variant = variant.rstrip("]")
    c = certs.get(variant)
    paths = {
        "certificates:verify": lambda: f"/verify/{c.verify_code if c else 'x' * 22}/",
        "certificates:list": lambda: reverse("certificates:list"),
        "certificates:mine": lambda: reverse("certificates:mine"),
        "certificates:export": lambda: reverse("certificates:export"),
        "certificates:detail": lambda: reverse("certificates:detail", args=[c.pk]),
        "certificates:pdf": lambda: c.pdf_url,
        "certificates:revoke": lambda: reverse("certificates:revoke", args=[c.pk]),
        "api:verify_certificate": lambda: f"/api/certificates/verify/{c.verify_code}",
        "api:list_certificates": lambda: "/api/certificates/",
        "api:get_certificate": lambda: f"/api/certificates/{c.pk}",
        "api:certificate_pdf": lambda: f"/api/certificates/{c.pk}/pdf",
        "api:revoke_certificate": lambda: f"/api/certificates/{c.pk}/revoke",
    }
    method = "post" if base in WRITES else "get"
    data = {"reason": "矩阵测试撤销"} if method == "post" else None
    return paths[base](), method, data


def test_every_certificates_url_has_a_row():
    mine = {n for n in url_names() if n.startswith("certificates:")
            or n in {f"api:{r}" for r in ("verify_certificate", "list_certificates", "get_certificate",
                                          "certificate_pdf", "revoke_certificate")}}
    assert mine == {n.partition("[")[0] for n in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_matrix(name, client, cert_own, cert_other, cert_jp):
    certs = {"own": cert_own, "ly": cert_other, "jp": cert_jp}
    got = []
    for role in ROLES:
        # Revocation is one-way: each login is asked about a fresh, unrevoked certificate.
        Certificate.objects.filter(pk__in=[c.pk for c in certs.values()]).update(
            revoked_at=None, revoke_reason="", revoked_by=None)
        path, method, data = _path(name, certs)
        c = client_for(client, role)
        before = AuditRecord.objects.filter(action__startswith="certificate.").count()
        if method == "get":
            response = c.get(path)
        elif path.startswith("/api/"):
            response = c.post(path, data, content_type="application/json")
        else:
            response = c.post(path, data)
        cell = str(response.status_code)
        if response.status_code == 302:
            location = response["Location"]
            if location.startswith(("/login/", "/admin/login/")):
                cell = "302L"
            elif method == "post":
                revoked = Certificate.objects.filter(pk__in=[x.pk for x in certs.values()],
                                                     revoked_at__isnull=False).exists()
                cell = "302" if revoked else "302x"
        wrote = AuditRecord.objects.filter(action__startswith="certificate.").count() - before
        if method == "post":
            assert (wrote > 0) == (cell in {"200", "302"}), (name, role, cell, wrote)
        got.append(cell)
    expected = EXPECTED[name]
    diffs = [f"{r}: expected {e}, got {g}" for r, e, g in zip(ROLES, expected, got, strict=True) if e != g]
    assert not diffs, f"{name}: " + "; ".join(diffs)


def test_roles_column_order_is_the_demo_order():
    assert ROLES[0] == ANON
    assert ROLES[1:] == ("admin", "security", "auditor", "window", "reviewer", "depthead", "steward",
                         "investment", "leader", "province", "enterprise", "jp-leader", "jp-window")
