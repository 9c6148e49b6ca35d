"""The public verification page, the lists, the detail page, the PDF download, revoking."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zonedesk.certificates.models import Certificate
from zonedesk.certificates.services import certificate_revoke
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def test_verify_page_is_public_and_shows_only_what_is_printed(client, cert_own, own):
    response = client.get(cert_own.verify_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'data-status="valid"' in html and "有效" in html
    for printed in (cert_own.title, cert_own.number, own.name, own.credit_code, "建设位置",
                    "凌源经济开发区同创产业园", "凌源经济开发区"):
        assert printed in html
    # Nothing that is not on the paper: no ids, no source, no other enterprise data.
    for hidden in (cert_own.source, own.legal_representative, own.contact_phone or "§",
                   f"/verify/certificates/{cert_own.pk}/"):
        assert hidden not in html
    # No external resource: every src/href is local.
    assert "http://" not in html.replace(cert_own.verify_url, "") and "https://" not in html


def test_verify_page_flips_to_revoked(client, cert_own, actor_for):
    certificate_revoke(actor=actor_for("reviewer"), certificate_id=cert_own.pk, reason="许可已依法撤回")
    html = client.get(cert_own.verify_url).content.decode()
    assert 'data-status="revoked"' in html
    assert f"已于 {timezone.localdate().isoformat()} 撤销" in html
    assert "许可已依法撤回" not in html  # the reason is internal


def test_verify_page_expired(client, cert_other):
    Certificate.objects.filter(pk=cert_other.pk).update(valid_until=dt.date(2020, 1, 1))
    html = client.get(cert_other.verify_url).content.decode()
    assert 'data-status="expired"' in html and "已过期" in html


# Fixed codes: pytest-xdist needs the same test ids in every worker.
@pytest.mark.parametrize("code", ["x" * 22, "Qm3v9ZkT2bWc7XyA1dEfGh", "a" * 60])
def test_unknown_code_is_a_chinese_404(client, code, cert_own):
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到该证照" in html and "noindex" in html


def test_enterprise_sees_only_its_own(login_client, cert_own, cert_other, cert_jp):
    html = login_client("enterprise").get(reverse("certificates:mine")).content.decode()
    assert cert_own.number in html
    assert cert_other.number not in html and cert_jp.number not in html
    assert 'name="holder"' not in html


def test_staff_list_filters(login_client, cert_own, cert_other, cert_jp):
    client = login_client("window")
    html = client.get(reverse("certificates:list")).content.decode()
    assert cert_own.number in html and cert_other.number in html and cert_jp.number not in html
    html = client.get(reverse("certificates:list"), {"kind": "施工许可证"}).content.decode()
    assert cert_other.number in html and cert_own.number not in html
    html = client.get(reverse("certificates:list"), {"holder": cert_own.holder_name[:4]}).content.decode()
    assert cert_own.number in html and cert_other.number not in html
    html = client.get(reverse("certificates:list"), {"kind": "不存在的种类"}).content.decode()
    assert "alert error" in html and cert_own.number not in html  # a broken filter selects nothing


def test_pdf_download(login_client, cert_own):
    response = login_client("enterprise").get(cert_own.pdf_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    from urllib.parse import quote

    expected = f"filename*=utf-8''{quote(cert_own.title)}-{cert_own.number}.pdf"
    assert expected in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_revoke_page(login_client, cert_own):
    client = login_client("reviewer")
    detail = client.get(reverse("certificates:detail", args=[cert_own.pk])).content.decode()
    assert 'id="revoke-form"' in detail
    before = audit_rows()
    response = client.post(reverse("certificates:revoke", args=[cert_own.pk]), {"reason": ""}, follow=True)
    assert "请填写撤销原因" in response.content.decode()
    assert audit_rows() == before
    response = client.post(reverse("certificates:revoke", args=[cert_own.pk]), {"reason": "依申请注销"},
                           follow=True)
    assert "证照已撤销" in response.content.decode()
    cert_own.refresh_from_db()
    assert cert_own.revoke_reason == "依申请注销"


def _bulk(zone_id: int, holder, n: int) -> None:
    now = timezone.now()
    Certificate.objects.bulk_create([
        Certificate(zone_id=zone_id, number=f"BULK-{i:06d}", verify_code=secrets.token_urlsafe(16),
                    holder=holder, holder_name=holder.name, holder_credit_code=holder.credit_code,
                    kind="施工许可证" if i % 2 else "建设工程规划许可证", title="施工许可证",
                    fields=[["项目", str(i)]], issued_at=now,
                    revoked_at=now if i % 5 == 0 else None, revoke_reason="x" if i % 5 == 0 else "",
                    valid_until=dt.date(2020, 1, 1) if i % 7 == 0 else None)
        for i in range(n)])


def _queries(client, path, params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize(("username", "url_name"), [("window", "certificates:list"),
                                                     ("enterprise", "certificates:mine")])
@pytest.mark.parametrize("filters", [{}, {"status": "valid"}, {"status": "revoked"}])
def test_list_costs_the_same_for_20_and_100_rows(login_client, own, cert_own, username, url_name, filters):
    _bulk(own.zone_id, own, 130)
    client = login_client(username)
    small, r20 = _queries(client, reverse(url_name), {"size": 20, **filters})
    large, r100 = _queries(client, reverse(url_name), {"size": 100, **filters})
    assert r20.content.decode().count("<tr>") < r100.content.decode().count("<tr>")
    assert small == large


def test_api_list_costs_the_same_for_20_and_100_rows(login_client, own, cert_own):
    _bulk(own.zone_id, own, 130)
    client = login_client("window")
    small, r20 = _queries(client, "/api/certificates/", {"page_size": 20})
    large, r100 = _queries(client, "/api/certificates/", {"page_size": 100})
    assert len(r20.json()["items"]) == 20 and len(r100.json()["items"]) == 100
    assert small == large


def test_a_date_of_issue_among_the_fields_is_shown_once(client, cert_own, login_client):
    # Certificates issued before the fix carry 发证日期 among their fields too.
    Certificate.objects.filter(pk=cert_own.pk).update(fields=[*cert_own.fields, ["发证日期", "2026-01-05"]])
    assert client.get(cert_own.verify_url).content.decode().count("发证日期") == 1
    html = login_client("reviewer").get(reverse("certificates:detail", args=[cert_own.pk])).content.decode()
    assert html.count("发证日期") == 1
