"""Issuing and revoking, the PDF, and what stays unchanged on refusal."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.certificates.models import Certificate, CertificateCounter
from zonedesk.certificates.services import certificate_issue, certificate_revoke
from zonedesk.certificates.tests.conftest import FIELDS, issue_for
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.files.models import StoredFile
from zonedesk.testing.audit import audit_rows
from zonedesk.testing.pdf import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db


def _counts():
    return (Certificate.objects.count(), StoredFile.objects.count(), audit_rows(),
            list(CertificateCounter.objects.values_list("zone_id", "year", "last").order_by("pk")))


def test_issue_numbers_per_zone_and_year_and_audits(own, other_ly, jp, tmp_storage):
    a = issue_for("reviewer", own)
    b = issue_for("window", other_ly)
    c = issue_for("jp-window", jp)
    year = a.issued_at.year
    assert re.fullmatch(rf"LY-{year}-\d{{6}}", a.number)
    assert int(b.number[-6:]) == int(a.number[-6:]) + 1
    assert c.number.startswith(f"JP-{year}-")
    assert len(a.verify_code) >= 22 and a.verify_code != b.verify_code
    assert a.holder_name == own.name and a.holder_credit_code == own.credit_code
    assert a.fields == [list(p) for p in FIELDS]
    assert a.pdf.kind == "pdf" and a.pdf.zone_id == a.zone_id
    assert (tmp_storage / a.pdf.storage_name).read_bytes().startswith(b"%PDF-")
    row = AuditRecord.objects.filter(action="certificate.issue", object_id=str(a.pk)).get()
    assert row.after["number"] == a.number
    assert row.actor_name == "王建国"
    assert a.verify_url == f"/verify/{a.verify_code}/"
    assert a.pdf_url == f"/verify/certificates/{a.pk}/pdf/"
    assert a.public_verify_url == f"http://127.0.0.1:8000/verify/{a.verify_code}/"


def test_pdf_embeds_the_chinese_font_and_shows_the_text(cert_own, tmp_storage, tmp_path, settings):
    path = tmp_storage / cert_own.pdf.storage_name
    fonts = pdf_fonts(path)
    cjk = [f for f in fonts if f.name.startswith("WenQuanYi")]
    assert cjk, fonts
    assert (cjk[0].embedded, cjk[0].subset) == (True, True)
    text = pdf_text(path)
    for expected in ("凌源经济开发区", "建设工程规划许可证", cert_own.number, cert_own.holder_name,
                     cert_own.holder_credit_code, "建设位置", "凌源经济开发区同创产业园", "发证日期",
                     cert_own.verify_code):
        assert expected in text, expected


def test_pdf_qr_points_to_the_public_url(own, settings, tmp_storage):
    settings.ZONEDESK_PUBLIC_BASE_URL = "https://zonedesk.example.gov.cn/"
    cert = issue_for("reviewer", own)
    assert cert.public_verify_url == f"https://zonedesk.example.gov.cn/verify/{cert.verify_code}/"
    text = pdf_text(tmp_storage / cert.pdf.storage_name)
    assert cert.public_verify_url in text


def test_system_actor_may_issue(own):
    cert = certificate_issue(actor=Actor.system("approvals"), zone_id=own.zone_id,
                             holder_enterprise_id=own.pk, kind="k", title="t", fields=[], source="")
    assert cert.issued_by is None


@pytest.mark.parametrize(("username", "error"), [
    ("enterprise", Forbidden), ("steward", Forbidden), ("leader", Forbidden), ("admin", Forbidden),
    ("jp-window", NotFound),
])
def test_issue_refused_changes_nothing(username, error, own):
    before = _counts()
    with pytest.raises(error):
        issue_for(username, own)
    assert _counts() == before


@pytest.mark.parametrize(("kw", "field"), [
    ({"title": ""}, "title"), ({"fields": [("x",)]}, "fields"),
    ({"valid_until": dt.date(2000, 1, 1)}, "valid_until"),
])
def test_issue_invalid_changes_nothing(kw, field, own):
    before = _counts()
    with pytest.raises(ValidationFailed) as exc:
        issue_for("reviewer", own, **kw)
    assert field in exc.value.errors
    assert _counts() == before


def test_issue_for_an_enterprise_of_another_zone_is_invalid(jp, own, demo_user):
    before = _counts()
    with pytest.raises(ValidationFailed) as exc:
        certificate_issue(actor=Actor(user=demo_user("reviewer")), zone_id=own.zone_id,
                          holder_enterprise_id=jp.pk, kind="k", title="t", fields=[], source="")
    assert exc.value.errors == {"holder_enterprise_id": "持证企业不存在"}
    assert _counts() == before


def test_revoke(cert_own, actor_for):
    cert = certificate_revoke(actor=actor_for("depthead"), certificate_id=cert_own.pk,
                              reason="许可依据已撤销")
    assert cert.revoked_at is not None and cert.status == "revoked"
    assert cert.revoke_reason == "许可依据已撤销"
    row = AuditRecord.objects.filter(action="certificate.revoke", object_id=str(cert.pk)).get()
    assert row.after["reason"] == "许可依据已撤销"
    before = _counts()
    with pytest.raises(Conflict) as exc:
        certificate_revoke(actor=actor_for("depthead"), certificate_id=cert_own.pk, reason="再次")
    assert exc.value.code == "already_revoked"
    assert _counts() == before


@pytest.mark.parametrize(("username", "reason", "error"), [
    ("enterprise", "x", Forbidden), ("leader", "x", Forbidden), ("jp-window", "x", NotFound),
    ("admin", "x", NotFound), ("reviewer", "  ", ValidationFailed),
])
def test_revoke_refused_changes_nothing(cert_own, actor_for, username, reason, error):
    before = _counts()
    with pytest.raises(error):
        certificate_revoke(actor=actor_for(username), certificate_id=cert_own.pk, reason=reason)
    assert _counts() == before
    cert_own.refresh_from_db()
    assert cert_own.revoked_at is None


def test_visible_to(cert_own, cert_other, cert_jp, demo_user):
    def seen(username):
        return set(Certificate.objects.visible_to(demo_user(username)).values_list("pk", flat=True))

    mine = {cert_own.pk, cert_other.pk, cert_jp.pk}
    assert seen("enterprise") & mine == {cert_own.pk}
    assert seen("reviewer") & mine == {cert_own.pk, cert_other.pk}
    assert seen("province") & mine == {cert_own.pk, cert_other.pk, cert_jp.pk}
    assert seen("jp-leader") & mine == {cert_jp.pk}
    assert seen("admin") == seen("auditor") == seen("security") == set()
