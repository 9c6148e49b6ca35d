from __future__ import annotations

import pytest

from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

PUBLIC_KEYS = {"status", "status_label", "revoked_on", "zone_name", "title", "number", "holder_name",
               "holder_credit_code", "fields", "issued_on", "valid_until"}


def test_public_verify_api(client, cert_own, actor_for):
    response = client.get(f"/api/certificates/verify/{cert_own.verify_code}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == PUBLIC_KEYS
    assert body["status"] == "valid" and body["number"] == cert_own.number
    assert body["fields"][1] == ["建设位置", "凌源经济开发区同创产业园"]
    assert client.get("/api/certificates/verify/nope").status_code == 404


def test_get_and_pdf(login_client, cert_own, cert_jp):
    client = login_client("enterprise")
    body = client.get(f"/api/certificates/{cert_own.pk}").json()
    assert body["id"] == cert_own.pk and body["verify_url"].endswith(f"/verify/{cert_own.verify_code}/")
    pdf = client.get(f"/api/certificates/{cert_own.pk}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(f"/api/certificates/{cert_jp.pk}").status_code == 404
    assert client.get(f"/api/certificates/{cert_jp.pk}/pdf").status_code == 404


def test_revoke_api(login_client, cert_own):
    client = login_client("reviewer")
    before = audit_rows()
    bad = client.post(f"/api/certificates/{cert_own.pk}/revoke", {"reason": "x", "extra": 1},
                      content_type="application/json")
    assert bad.status_code == 422
    empty = client.post(f"/api/certificates/{cert_own.pk}/revoke", {"reason": " "},
                        content_type="application/json")
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == ["body", "reason"]
    assert audit_rows() == before
    ok = client.post(f"/api/certificates/{cert_own.pk}/revoke", {"reason": "依申请注销"},
                     content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "revoked"
    again = client.post(f"/api/certificates/{cert_own.pk}/revoke", {"reason": "依申请注销"},
                        content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_revoked"
    assert client.get(f"/api/certificates/verify/{cert_own.verify_code}").json()["status"] == "revoked"
