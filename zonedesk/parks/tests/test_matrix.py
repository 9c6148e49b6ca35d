"""Who may open what in the parks register: every demo login and anonymous × every URL, API
route and admin page of this app. A denied request changes nothing (rows and audit rows).

Cells: the status code; "302L" a redirect to the login page; "302x" a redirect back with an
error message (allowed to see, refused to act: nothing written).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import ANON, ROLES, client_for, url_names, url_routes
from zonedesk.parks.models import Building, Incubation, Lease, Park, Unit
from zonedesk.parks.tests.conftest import parks_counts
from zonedesk.testing.factories import park_operator

pytestmark = pytest.mark.django_db

READERS = {"investment", "leader", "province", "steward", "jp-leader"}
LY_STAFF = {"investment", "leader", "province", "steward"}
JP = {"province", "jp-leader"}


class Objects:
    def __init__(self) -> None:
        self.park = Park.objects.get(zone__code="LY", name="同创产业园")
        self.park_jp = Park.objects.filter(zone__code="JP").first()
        self.incubator = Park.objects.get(zone__code="LY", name="智能制造孵化示范基地")
        self.building = Building.objects.get(park=self.park, name="1号标准厂房")
        self.building_jp = Building.objects.filter(zone__code="JP").first()
        self.unit = Unit.objects.get(building=self.building, code="A105")
        self.own = Lease.objects.get(unit=self.unit)  # 中玻's, the enterprise user's
        self.other = Lease.objects.get(unit__code="B104", unit__building__park=self.park)
        self.jp = Lease.objects.filter(zone__code="JP").first()
        self.incubation = Incubation.objects.filter(park=self.incubator, graduated_on__isnull=True).first()


def expect(allowed: dict[str, str], default: str = "404", anon: str = "302L") -> dict[str, str]:
    out = {role: allowed.get(role, default) for role in ROLES}
    out[ANON] = allowed.get(ANON, anon)
    return out


def every(roles, status="200") -> dict[str, str]:
    return dict.fromkeys(roles, status)


def admin_only(status="200") -> dict[str, str]:
    return expect({"admin": status}, default="302L")


OVERLAP = {
    "enterprise": "",
    "start_on": "2026-01-01",
    "end_on": "2026-12-31",
    "rent_yuan_m2_month": "10",
    "free_months": "0",
}
CASES = {
    "parks:list": ("get", lambda o: reverse("parks:list"), None, expect(every(READERS))),
    "parks:leases": ("get", lambda o: reverse("parks:leases"), None, expect(every(READERS | {"enterprise"}))),
    "parks:leases_export": (
        "get",
        lambda o: reverse("parks:leases_export"),
        None,
        expect(every(READERS | {"enterprise"})),
    ),
    "parks:units_export": ("get", lambda o: reverse("parks:units_export"), None, expect(every(READERS))),
    "parks:buildings_export": (
        "get",
        lambda o: reverse("parks:buildings_export"),
        None,
        expect(every(READERS)),
    ),
    "parks:vacancies": ("get", lambda o: reverse("parks:vacancies"), None, expect(every(READERS))),
    "parks:lease[own]": (
        "get",
        lambda o: reverse("parks:lease", args=[o.own.pk]),
        None,
        expect(every(LY_STAFF | {"enterprise"})),
    ),
    "parks:lease[other]": (
        "get",
        lambda o: reverse("parks:lease", args=[o.other.pk]),
        None,
        expect(every(LY_STAFF)),
    ),
    "parks:lease[jp]": ("get", lambda o: reverse("parks:lease", args=[o.jp.pk]), None, expect(every(JP))),
    "parks:lease_exit": (
        "post",
        lambda o: reverse("parks:lease_exit", args=[o.own.pk]),
        {"exited_on": "2000-01-01", "reason": "moved"},
        expect(every(LY_STAFF | {"enterprise"}, "302x")),
    ),
    "parks:detail[ly]": (
        "get",
        lambda o: reverse("parks:detail", args=[o.park.pk]),
        None,
        expect(every(LY_STAFF)),
    ),
    "parks:detail[incubator]": (
        "get",
        lambda o: reverse("parks:detail", args=[o.incubator.pk]),
        None,
        expect(every(LY_STAFF)),
    ),
    "parks:detail[jp]": (
        "get",
        lambda o: reverse("parks:detail", args=[o.park_jp.pk]),
        None,
        expect(every(JP)),
    ),
    "parks:exits": ("get", lambda o: reverse("parks:exits", args=[o.park.pk]), None, expect(every(LY_STAFF))),
    "parks:building[ly]": (
        "get",
        lambda o: reverse("parks:building", args=[o.building.pk]),
        None,
        expect(every(LY_STAFF)),
    ),
    "parks:building[jp]": (
        "get",
        lambda o: reverse("parks:building", args=[o.building_jp.pk]),
        None,
        expect(every(JP)),
    ),
    "parks:unit": ("get", lambda o: reverse("parks:unit", args=[o.unit.pk]), None, expect(every(LY_STAFF))),
    "parks:building_create": (
        "post",
        lambda o: reverse("parks:building_create", args=[o.park.pk]),
        {"name": "1号标准厂房", "floors": "2"},
        expect(every(LY_STAFF, "302x")),
    ),
    "parks:unit_create": (
        "post",
        lambda o: reverse("parks:unit_create", args=[o.building.pk]),
        {
            "code": "A101",
            "floor": "1",
            "area_m2": "10",
            "kind": "factory",
            "status": "leasable",
            "available_since": "2026-01-01",
        },
        expect(every(LY_STAFF, "302x")),
    ),
    "parks:lease_create": (
        "post",
        lambda o: reverse("parks:lease_create", args=[o.unit.pk]),
        OVERLAP,
        expect(every(LY_STAFF, "302x")),
    ),
    "parks:incubation_start": (
        "post",
        lambda o: reverse("parks:incubation_start", args=[o.incubator.pk]),
        {"enterprise": "", "started_on": "2026-01-01"},
        expect(every(LY_STAFF, "302x")),
    ),
    "parks:graduate": (
        "post",
        lambda o: reverse("parks:graduate", args=[o.incubation.pk]),
        {"graduated_on": "2000-01-01"},
        expect(every(LY_STAFF, "302x")),
    ),
    # API: the register's lists answer an empty list to those who may not see it.
    "api:parks_list_parks": (
        "api-get",
        lambda o: "/api/parks/",
        None,
        expect(every(set(ROLES) - {ANON}), anon="401"),
    ),
    "api:parks_get_park": (
        "api-get",
        lambda o: f"/api/parks/{o.park.pk}",
        None,
        expect(every(LY_STAFF), anon="401"),
    ),
    "api:parks_list_exits": (
        "api-get",
        lambda o: f"/api/parks/{o.park.pk}/exits",
        None,
        expect(every(LY_STAFF), anon="401"),
    ),
    "api:parks_list_units": (
        "api-get",
        lambda o: f"/api/parks/buildings/{o.building.pk}/units",
        None,
        expect(every(LY_STAFF), anon="401"),
    ),
    "api:parks_list_leases": (
        "api-get",
        lambda o: "/api/parks/leases",
        None,
        expect(every(set(ROLES) - {ANON}), anon="401"),
    ),
    "api:parks_get_lease[own]": (
        "api-get",
        lambda o: f"/api/parks/leases/{o.own.pk}",
        None,
        expect(every(LY_STAFF | {"enterprise"}), anon="401"),
    ),
    "api:parks_get_lease[jp]": (
        "api-get",
        lambda o: f"/api/parks/leases/{o.jp.pk}",
        None,
        expect(every(JP), anon="401"),
    ),
    "api:parks_list_vacancies": (
        "api-get",
        lambda o: "/api/parks/vacancies",
        None,
        expect(every(set(ROLES) - {ANON}), anon="401"),
    ),
    "api:parks_create_building": (
        "api-post",
        lambda o: f"/api/parks/{o.park.pk}/buildings",
        {"name": ""},
        expect(
            {
                "investment": "422",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    "api:parks_create_unit": (
        "api-post",
        lambda o: f"/api/parks/buildings/{o.building.pk}/units",
        {"code": "X", "area_m2": "0"},
        expect(
            {
                "investment": "422",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    "api:parks_set_unit_status": (
        "api-post",
        lambda o: f"/api/parks/units/{o.unit.pk}/status",
        {"version": 0, "status": "renovating"},
        expect(
            {
                "investment": "409",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    "api:parks_create_lease": (
        "api-post",
        lambda o: "/api/parks/leases",
        lambda o: {
            "unit_id": o.unit.pk,
            "enterprise_id": o.own.enterprise_id,
            "start_on": "2026-01-01",
            "end_on": "2026-12-31",
            "rent_yuan_m2_month": "10",
        },
        expect(
            {
                "investment": "409",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
                "jp-leader": "422",
                "jp-window": "422",
            },
            anon="401",
        ),
    ),
    "api:parks_exit_lease": (
        "api-post",
        lambda o: f"/api/parks/leases/{o.own.pk}/exit",
        {"exited_on": "2000-01-01", "reason": "moved"},
        expect(
            {
                "investment": "422",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    "api:parks_start_incubation": (
        "api-post",
        lambda o: f"/api/parks/{o.incubator.pk}/incubations",
        {"enterprise_id": 0, "started_on": "2026-01-01"},
        expect(
            {
                "investment": "422",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    "api:parks_graduate": (
        "api-post",
        lambda o: f"/api/parks/incubations/{o.incubation.pk}/graduation",
        {"graduated_on": "2000-01-01"},
        expect(
            {
                "investment": "422",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    # Edit pages: the editors only (a reader gets the 404 of a page it has no use for).
    "parks:building_edit": (
        "get",
        lambda o: reverse("parks:building_edit", args=[o.building.pk]),
        None,
        expect(every({"investment"})),
    ),
    "parks:unit_edit": (
        "get",
        lambda o: reverse("parks:unit_edit", args=[o.unit.pk]),
        None,
        expect(every({"investment"})),
    ),
    "parks:lease_edit": (
        "get",
        lambda o: reverse("parks:lease_edit", args=[o.own.pk]),
        None,
        expect(every({"investment"})),
    ),
    "parks:lease_edit[jp]": (
        "get",
        lambda o: reverse("parks:lease_edit", args=[o.jp.pk]),
        None,
        expect({}),
    ),
    # API corrections with a stale version: a 409 for the editor, nothing written for anyone.
    "api:parks_update_building": (
        "api-patch",
        lambda o: f"/api/parks/buildings/{o.building.pk}",
        {"version": 0, "floors": 3},
        expect(
            {
                "investment": "409",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    "api:parks_update_unit": (
        "api-patch",
        lambda o: f"/api/parks/units/{o.unit.pk}",
        {"version": 0, "area_m2": "10"},
        expect(
            {
                "investment": "409",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    "api:parks_update_lease": (
        "api-patch",
        lambda o: f"/api/parks/leases/{o.own.pk}",
        {"version": 0, "rent_yuan_m2_month": "1"},
        expect(
            {
                "investment": "409",
                "leader": "403",
                "province": "403",
                "steward": "403",
                "enterprise": "403",
                "window": "403",
                "reviewer": "403",
                "depthead": "403",
                "admin": "403",
                "security": "403",
                "auditor": "403",
            },
            anon="401",
        ),
    ),
    # The Django admin's park pages (moved here from the core table): the system administrator only.
    "admin:parks_park_changelist": (
        "get",
        lambda o: reverse("admin:parks_park_changelist"),
        None,
        admin_only(),
    ),
    "admin:parks_park_add": ("get", lambda o: reverse("admin:parks_park_add"), None, admin_only()),
    **{
        f"admin:parks_park_{view}[{zone}]": (
            "get",
            lambda o, view=view, zone=zone: reverse(
                f"admin:parks_park_{view}", args=[(o.park if zone == "ly" else o.park_jp).pk]
            ),
            None,
            admin_only("200" if zone == "ly" else "302"),
        )
        for view in ("change", "history", "delete")
        for zone in ("ly", "jp")
    },
}


def test_every_url_of_this_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("parks:")}
    names |= {n for n, route in url_routes().items() if route.startswith(("api/parks/", "admin/parks/"))}
    assert names == {k.split("[")[0] for k in CASES}


def _ask(c, method: str, url: str, data) -> str:
    if method in ("get", "api-get"):
        r = c.get(url)
    elif method == "post":
        r = c.post(url, data)
    else:
        verb = c.patch if method == "api-patch" else c.post
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
    if callable(data):
        data = data(o)
    got = {}
    for role in ROLES:
        c = client_for(client, role)
        before = parks_counts()
        got[role] = _ask(c, method, url, data)
        if method not in ("get", "api-get"):
            assert parks_counts() == before, (case, role)
    assert got == expected


@pytest.mark.parametrize("case", sorted(CASES))
def test_park_operator_has_the_investment_officers_scope(client, case) -> None:
    """The park operator (运营方), not a demo login: it reads and edits the parks register as
    the investment officer does, and nothing outside it (the admin pages)."""
    method, path, data, expected = CASES[case]
    o = Objects()
    url, data = path(o), data(o) if callable(data) else data
    client.cookies.clear()
    client.force_login(park_operator())
    before = parks_counts()
    assert _ask(client, method, url, data) == expected["investment"]
    if method not in ("get", "api-get"):
        assert parks_counts() == before
