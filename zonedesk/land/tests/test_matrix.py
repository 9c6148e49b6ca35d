"""Who may open what in the land register: every demo login and anonymous × every URL and
API route of this app. A denied request changes nothing (rows and audit rows).

Cells: the status code; "302L" a redirect to the login page; "302x" a redirect back with an
error message (allowed to see, refused to act: nothing written).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_names, url_routes
from zonedesk.land.models import Parcel, ProductionReview
from zonedesk.land.tests.conftest import PDF, land_counts
from zonedesk.organisation.models import User, Zone
from zonedesk.testing.factories import park_operator

pytestmark = pytest.mark.django_db

READERS = {"investment", "leader", "province", "steward", "enterprise", "jp-leader"}
LY_STAFF = {"investment", "leader", "province", "steward"}


class Objects:
    def __init__(self) -> None:
        from zonedesk.core.actor import Actor
        from zonedesk.files.services import file_store

        self.own = Parcel.objects.get(code="LY-TC-03")  # sold to 中玻, the enterprise user's
        self.other = Parcel.objects.get(code="LY-QH-30")
        self.jp = Parcel.objects.create(
            zone=Zone.objects.get(code="JP"), code="JP-01", area_mu=Decimal("10"), area_m2=Decimal("6666.67")
        )
        self.review = ProductionReview.objects.get(parcel=self.own)
        self.due = ProductionReview.objects.get(parcel__code="LY-TC-07")
        investment = User.objects.get(username="investment")
        stored = file_store(actor=Actor(user=investment), zone_id=self.own.zone_id, upload=("a.pdf", PDF))
        self.own.sale.agreement = stored
        self.own.sale.save()
        self.review.evidence = stored
        self.review.save()

    def ref(self, model: str, zone: str) -> int:
        """A row of the admin's reference data in Lingyuan or Jianping."""
        from zonedesk.enterprises.models import Industry
        from zonedesk.land.models import IndicatorDefault, LandSetting

        z = Zone.objects.get(code=zone.upper())
        if model == "landsetting":
            return LandSetting.objects.get_or_create(zone=z)[0].pk
        return IndicatorDefault.objects.get_or_create(
            zone=z,
            industry=Industry.objects.get(code="39"),
            defaults={
                "investment_intensity": 1,
                "far_min": 1,
                "far_max": 2,
                "tax_per_mu": 1,
                "energy_per_output": 1,
            },
        )[0].pk


def expect(allowed: dict[str, str], default: str = "404", anon: str = "302L") -> dict[str, str]:
    out = {role: allowed.get(role, default) for role in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def every(roles, status="200") -> dict[str, str]:
    return dict.fromkeys(roles, status)


OWN_READERS = LY_STAFF | {"enterprise"}
CASES = {
    "land:list": ("get", lambda o: reverse("land:list"), None, expect(every(READERS))),
    "land:export": ("get", lambda o: reverse("land:export"), None, expect(every(READERS))),
    "land:reviews": ("get", lambda o: reverse("land:reviews"), None, expect(every(READERS))),
    "land:reviews_export": ("get", lambda o: reverse("land:reviews_export"), None, expect(every(READERS))),
    "land:create": ("get", lambda o: reverse("land:create"), None, expect(every({"investment"}))),
    "land:detail[own]": (
        "get",
        lambda o: reverse("land:detail", args=[o.own.pk]),
        None,
        expect(every(OWN_READERS)),
    ),
    "land:detail[other]": (
        "get",
        lambda o: reverse("land:detail", args=[o.other.pk]),
        None,
        expect(every(LY_STAFF)),
    ),
    "land:detail[jp]": (
        "get",
        lambda o: reverse("land:detail", args=[o.jp.pk]),
        None,
        expect(every({"province", "jp-leader"})),
    ),
    "land:edit": (
        "get",
        lambda o: reverse("land:edit", args=[o.other.pk]),
        None,
        expect(every({"investment"})),
    ),
    "land:sell": (
        "get",
        lambda o: reverse("land:sell", args=[o.other.pk]),
        None,
        expect(every({"investment"})),
    ),
    "land:agreement": (
        "get",
        lambda o: reverse("land:agreement", args=[o.own.pk]),
        None,
        expect(every(OWN_READERS)),
    ),
    "land:review": (
        "get",
        lambda o: reverse("land:review", args=[o.review.pk]),
        None,
        expect(every(OWN_READERS)),
    ),
    "land:review[due]": (
        "get",
        lambda o: reverse("land:review", args=[o.due.pk]),
        None,
        expect(every(OWN_READERS)),
    ),
    "land:review_evidence": (
        "get",
        lambda o: reverse("land:review_evidence", args=[o.review.pk]),
        None,
        expect(every(OWN_READERS)),
    ),
    # Refused actions (a reviewed parcel's indicators and status are final): whoever sees the
    # parcel is sent back with the reason; nobody writes anything.
    "land:indicators": (
        "post",
        lambda o: reverse("land:indicators", args=[o.own.pk]),
        {"investment_intensity": "1", "version": "1"},
        expect(every(OWN_READERS, "302x")),
    ),
    "land:move": (
        "post",
        lambda o: reverse("land:move", args=[o.own.pk]),
        {"to_status": "producing", "version": "1"},
        expect(every(OWN_READERS, "302x")),
    ),
    "api:land_list_parcels": (
        "api-get",
        lambda o: "/api/land/parcels",
        None,
        expect(every(set(ROLES) - {ANON}), anon="401"),
    ),
    "api:land_parcels_geojson": (
        "api-get",
        lambda o: "/api/land/parcels/geojson",
        None,
        expect(every(set(ROLES) - {ANON}), anon="401"),
    ),
    "api:land_get_parcel[own]": (
        "api-get",
        lambda o: f"/api/land/parcels/{o.own.pk}",
        None,
        expect(every(OWN_READERS), anon="401"),
    ),
    "api:land_get_parcel[jp]": (
        "api-get",
        lambda o: f"/api/land/parcels/{o.jp.pk}",
        None,
        expect(every({"province", "jp-leader"}), anon="401"),
    ),
    "api:land_create_parcel": (
        "api-post",
        lambda o: "/api/land/parcels",
        {"code": "M-1", "area_mu": "0"},
        expect({"investment": "422"}, default="403", anon="401"),
    ),
    "api:land_update_parcel": (
        "api-patch",
        lambda o: f"/api/land/parcels/{o.other.pk}",
        {"version": 0, "note": "x"},
        expect({"investment": "409", "leader": "403", "province": "403", "steward": "403"}, anon="401"),
    ),
    "api:land_set_indicators": (
        "api-put",
        lambda o: f"/api/land/parcels/{o.other.pk}/indicators",
        {"version": 0},
        expect({"investment": "409", "leader": "403", "province": "403", "steward": "403"}, anon="401"),
    ),
    "api:land_move_parcel": (
        "api-post",
        lambda o: f"/api/land/parcels/{o.other.pk}/moves",
        {"version": 0, "to_status": "sold"},
        expect({"investment": "409", "leader": "403", "province": "403", "steward": "403"}, anon="401"),
    ),
    "api:land_sell_parcel": (
        "api-post",
        lambda o: f"/api/land/parcels/{o.other.pk}/sale",
        {
            "version": 0,
            "enterprise_id": 1,
            "sold_on": "2026-01-01",
            "price_wan": "1",
            "production_due_on": "2027-01-01",
            "investment_intensity": "1",
            "far_min": "1",
            "far_max": "2",
            "tax_per_mu": "1",
            "energy_per_output": "1",
        },
        expect({"investment": "409", "leader": "403", "province": "403", "steward": "403"}, anon="401"),
    ),
    "api:land_upload_agreement": (
        "api-upload",
        lambda o: f"/api/land/parcels/{o.jp.pk}/sale/agreement",
        None,
        expect({"province": "403", "jp-leader": "403"}, anon="401"),
    ),
    "api:land_list_reviews": (
        "api-get",
        lambda o: "/api/land/reviews",
        None,
        expect(every(set(ROLES) - {ANON}), anon="401"),
    ),
    "api:land_get_review": (
        "api-get",
        lambda o: f"/api/land/reviews/{o.review.pk}",
        None,
        expect(every(OWN_READERS), anon="401"),
    ),
    "api:land_decide_review": (
        "api-post",
        lambda o: f"/api/land/reviews/{o.review.pk}/decision",
        {"version": 0, "investment_wan": "1", "tax_wan": "1"},
        expect(
            {"investment": "409", "leader": "403", "province": "403", "steward": "403", "enterprise": "403"},
            anon="401",
        ),
    ),
}


def _admin_only(status: str = "200") -> dict[str, str]:
    return expect({"admin": status}, default="302L")


# The Django admin's land pages (reference data): the system administrator only; another
# zone's row is answered like a missing one (a redirect).
for _model in ("indicatordefault", "landsetting"):
    for _view in ("changelist", "add"):
        CASES[f"admin:land_{_model}_{_view}"] = (
            "get",
            lambda o, n=f"admin:land_{_model}_{_view}": reverse(n),
            None,
            _admin_only(),
        )
    for _view in ("change", "history", "delete"):
        for _zone in ("ly", "jp"):
            CASES[f"admin:land_{_model}_{_view}[{_zone}]"] = (
                "get",
                lambda o, n=f"admin:land_{_model}_{_view}", m=_model, z=_zone: reverse(n, args=[o.ref(m, z)]),
                None,
                _admin_only("200" if _zone == "ly" else "302"),
            )


def test_every_url_of_this_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("land:")}
    names |= {n for n, route in url_routes().items() if route.startswith(("api/land/", "admin/land/"))}
    assert names == {k.split("[")[0] for k in CASES}


def _ask(c, method: str, url: str, data) -> str:
    if method in ("get", "api-get"):
        r = c.get(url)
    elif method == "post":
        r = c.post(url, data)
    elif method == "api-upload":
        from django.core.files.uploadedfile import SimpleUploadedFile

        r = c.post(url, {"file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")})
    else:
        verb = {"api-post": c.post, "api-patch": c.patch, "api-put": c.put}[method]
        r = verb(url, json.dumps(data), content_type="application/json")
    status = str(r.status_code)
    if status == "302":
        location = r.headers["Location"]
        if location.startswith(("/login", "/accounts/login", "/admin/login")):
            status = "302L"
        elif method == "post":
            status = "302x"
    return status


@pytest.mark.parametrize("case", sorted(CASES))
def test_matrix(client, case) -> None:
    method, path, data, expected = CASES[case]
    o = Objects()
    url = path(o)
    got = {}
    for role in ROLES:
        c = client_for(client, role)
        before = land_counts()
        got[role] = _ask(c, method, url, data)
        if method not in ("get", "api-get"):
            assert land_counts() == before, (case, role)
    assert got == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_park_operator_has_the_investment_officers_scope(client, case) -> None:
    """The park operator (运营方), not a demo login, keeps the land register as the
    investment officer does (issue 10: "the investment officer and park operator edit")."""
    method, path, data, expected = CASES[case]
    url = path(Objects())
    client.cookies.clear()
    client.force_login(park_operator())
    before = land_counts()
    assert _ask(client, method, url, data) == expected["investment"]
    if method not in ("get", "api-get"):
        assert land_counts() == before
