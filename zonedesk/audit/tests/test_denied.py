"""Refused requests (403/404) are audited, aggregated per actor and minute (issue 16, point 2)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    cache.clear()


def denied_rows(username: str) -> list[AuditRecord]:
    return list(AuditRecord.objects.filter(action="access.denied", actor__username=username)
                .order_by("id"))


def test_a_denied_api_write_leaves_a_denied_row_naming_who_what_and_the_answer(login_client: Any) -> None:
    # Given the LY window clerk and an enterprise of the other zone (invisible: 404)
    jp = Enterprise.objects.filter(zone__code="JP").first()
    client = login_client("window")
    # When they try to change it
    response = client.patch(f"/api/enterprises/{jp.pk}", json.dumps({"version": jp.version, "name": "x"}),
                            content_type="application/json")
    assert response.status_code == 404
    # Then the refusal is on the audit trail, chained like any record
    [row] = denied_rows("window")
    assert row.result == Result.DENIED
    assert row.channel == "api"
    assert row.after["method"] == "PATCH"
    assert row.after["path"] == f"/api/enterprises/{jp.pk}"
    assert row.after["status"] == 404
    assert row.after["count"] == 1
    assert row.actor_name == "李晓琳"


def test_a_forbidden_write_is_recorded_with_403(login_client: Any) -> None:
    zb = Enterprise.objects.filter(zone__code="LY").first()
    response = login_client("leader").patch(
        f"/api/enterprises/{zb.pk}", json.dumps({"version": zb.version, "name": "x"}),
        content_type="application/json")
    assert response.status_code == 403
    [row] = denied_rows("leader")
    assert (row.result, row.after["status"], row.after["method"]) == (Result.DENIED, 403, "PATCH")


def test_denied_page_reads_are_recorded_too(login_client: Any) -> None:
    assert login_client("window").get("/audit/").status_code == 404
    [row] = denied_rows("window")
    assert (row.channel, row.after["path"], row.after["status"]) == ("web", "/audit/", 404)


def test_a_scan_is_aggregated_per_actor_and_minute(login_client: Any) -> None:
    # Given 100 refused requests in one minute
    client = login_client("window")
    with freeze_time("2026-11-30 03:04:05"):
        for i in range(100):
            assert client.get(f"/api/enterprises/{10**9 + i}").status_code == 404
    # Then rows are written at the 1st, 2nd, 4th … 64th: 7 rows, not 100, the last counting 64
    rows = denied_rows("window")
    assert [r.after["count"] for r in rows] == [1, 2, 4, 8, 16, 32, 64]
    assert {r.after["minute"] for r in rows} == {"202611300304"}
    # and the next minute starts counting again
    with freeze_time("2026-11-30 03:05:01"):
        client.get("/api/enterprises/999999999")
    assert denied_rows("window")[-1].after == {**denied_rows("window")[-1].after, "count": 1,
                                              "minute": "202611300305"}


def test_anonymous_404s_are_not_recorded(client: Any) -> None:
    before = AuditRecord.objects.count()
    assert client.get("/api/no-such-route").status_code == 404
    assert AuditRecord.objects.count() == before


def test_the_audit_admin_filters_the_refusals(login_client: Any) -> None:
    login_client("window").get("/audit/")
    response = login_client("auditor").get("/audit/", {"result": "denied"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "access.denied" in page
    assert "/audit/ → 404" in page or "GET /audit/" in page
