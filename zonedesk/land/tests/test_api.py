"""The land and parks API: every page action, errors named by field, 409 on conflicts,
Excel exports that open, lists whose query count does not grow with the page size."""

from __future__ import annotations

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.land.models import Parcel, ProductionReview
from zonedesk.parks.models import Lease, Unit

pytestmark = pytest.mark.django_db


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_parcel_create_and_bad_boundary(login_client) -> None:
    c = login_client("investment")
    r = _post(c, "/api/land/parcels", {"code": "LY-API-1", "area_m2": "6666.67", "industry_code": "39"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["area_mu"] == "10.0000" and body["status"] == "reserve"
    r = _post(
        c,
        "/api/land/parcels",
        {
            "code": "LY-API-2",
            "area_mu": "5",
            "boundary": {"type": "LineString", "coordinates": [[119, 41], [120, 41]]},
        },
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "boundary"]
    assert not Parcel.objects.filter(code="LY-API-2").exists()


def test_indicators_sale_and_review_through_the_api(login_client) -> None:
    c = login_client("investment")
    p = _post(c, "/api/land/parcels", {"code": "LY-API-3", "area_mu": "20", "industry_code": "39"}).json()
    p = _post(c, f"/api/land/parcels/{p['id']}/indicators", {"version": p["version"]}, "put").json()
    assert p["indicators"]["investment_intensity"] == "350.00"
    p = _post(
        c, f"/api/land/parcels/{p['id']}/moves", {"version": p["version"], "to_status": "announced"}
    ).json()
    from zonedesk.enterprises.models import Enterprise

    e = Enterprise.objects.filter(zone__code="LY").order_by("name").first()
    sale = {
        "version": p["version"],
        "enterprise_id": e.pk,
        "sold_on": "2025-01-10",
        "price_wan": "500",
        "production_due_on": "2026-01-10",
        "investment_intensity": "340",
        "far_min": "1.5",
        "far_max": "3",
        "tax_per_mu": "20",
        "energy_per_output": "0.15",
    }
    r = _post(c, f"/api/land/parcels/{p['id']}/sale", sale)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "investment_intensity"]
    r = _post(c, f"/api/land/parcels/{p['id']}/sale", {**sale, "investment_intensity": "360"})
    assert r.status_code == 201, r.content
    review = ProductionReview.objects.get(parcel_id=p["id"])
    r = _post(
        c,
        f"/api/land/reviews/{review.pk}/decision",
        {"version": review.version, "investment_wan": "7200", "tax_wan": "300"},
    )
    assert r.status_code == 200, r.content
    result = r.json()
    assert result["status"] == "failed" and result["consequence"] == "rectify_penalty"
    lines = {line["key"]: line for line in result["result"]["lines"]}
    assert lines["investment_intensity"]["actual"] == "360.00" and lines["investment_intensity"]["passed"]
    assert (
        lines["tax_per_mu"]["actual"] == "15.00" and lines["tax_per_mu"]["formula"] == "年度税收 ÷ 用地面积"
    )
    assert result["penalty_wan"] == "100.00"  # (20 − 15) × 20 亩
    r = _post(
        c,
        f"/api/land/reviews/{review.pk}/decision",
        {"version": review.version, "investment_wan": "1", "tax_wan": "1"},
    )
    assert r.status_code == 409


def test_overlapping_lease_is_409_and_other_zone_unit_422(login_client) -> None:
    c = login_client("investment")
    a105 = Unit.objects.get(code="A105", building__park__name="同创产业园")
    lease = Lease.objects.get(unit=a105)
    body = {
        "unit_id": a105.pk,
        "enterprise_id": lease.enterprise_id,
        "start_on": "2027-01-01",
        "end_on": "2027-12-31",
        "rent_yuan_m2_month": "12",
    }
    r = _post(c, "/api/parks/leases", body)
    assert r.status_code == 409 and r.json()["code"] == "lease_overlap" and r.json()["field"] == "start_on"
    jp = Unit.objects.filter(zone__code="JP").first()
    r = _post(c, "/api/parks/leases", {**body, "unit_id": jp.pk})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "unit_id"]


def test_park_detail_api_reproduces_the_article(login_client) -> None:
    from zonedesk.parks.models import Park

    c = login_client("leader")
    park = Park.objects.get(name="同创产业园")
    body = c.get(f"/api/parks/{park.pk}?on=2026-10-31").json()
    assert body["occupancy"]["rate_percent"] == "83.88"
    assert sum(f["exits"] for f in body["flows"]) == 9


def test_enterprise_sees_only_its_own_leases_and_parcels(login_client) -> None:
    c = login_client("enterprise")
    leases = c.get("/api/parks/leases").json()
    assert leases["count"] == 1 and leases["items"][0]["enterprise_name"].startswith("中玻")
    parcels = c.get("/api/land/parcels").json()
    assert {p["code"] for p in parcels["items"]} == {"LY-TC-03", "LY-TC-07"}


@pytest.mark.parametrize(
    "url",
    [
        "/land/export.xlsx",
        "/land/reviews/export.xlsx",
        "/parks/leases/export.xlsx",
        "/parks/units/export.xlsx",
        "/parks/buildings/export.xlsx",
    ],
)
def test_exports_open_with_a_row_per_record(login_client, url) -> None:
    from openpyxl import load_workbook

    r = login_client("leader").get(url)
    assert r.status_code == 200 and r.streaming  # the shared export streams from a temporary file
    ws = load_workbook(io.BytesIO(r.getvalue())).active
    expected = {
        "/land/export.xlsx": Parcel.objects.filter(zone__code="LY").count(),
        "/land/reviews/export.xlsx": ProductionReview.objects.filter(zone__code="LY").count(),
        "/parks/leases/export.xlsx": Lease.objects.filter(zone__code="LY").count(),
        "/parks/units/export.xlsx": Unit.objects.filter(zone__code="LY").count(),
    }.get(url)
    if expected is not None:
        assert ws.max_row - 1 == expected


def test_a_cell_that_looks_like_a_formula_stays_text(login_client) -> None:
    from openpyxl import load_workbook

    parcel = Parcel.objects.filter(zone__code="LY").order_by("pk").first()
    assert parcel is not None
    Parcel.objects.filter(pk=parcel.pk).update(location='=HYPERLINK("http://evil","点我")')
    r = login_client("leader").get("/land/export.xlsx")
    ws = load_workbook(io.BytesIO(r.getvalue())).active
    cells = [c for row in ws.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("url", ["/land/", "/land/reviews/", "/parks/leases/", "/parks/vacancies/"])
def test_list_queries_do_not_grow_with_the_page(login_client, url) -> None:
    c = login_client("investment")
    counts = []
    for size in (20, 50):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(f"{url}?size={size}").status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
