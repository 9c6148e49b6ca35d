"""/api/enterprises/ through Django's test client: scope, validation, versions, tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from zonedesk.audit.models import AuditRecord
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, FlagKind
from zonedesk.organisation.models import Zone
from zonedesk.parks.models import Park
from zonedesk.testing.factories import new_credit_code

pytestmark = pytest.mark.django_db

URL = "/api/enterprises/"
ZB = "中玻(朝阳)新材料有限公司"
DEMO_PASSWORD = "zonedesk-demo"


def url(pk: int | None = None) -> str:
    return URL if pk is None else f"{URL}{pk}"


def post(client: Client, body: dict[str, Any], path: str = URL, **extra: Any):
    return client.post(path, body, content_type="application/json", **extra)


def patch(client: Client, pk: int, body: dict[str, Any]):
    return client.patch(url(pk), body, content_type="application/json")


def body(**overrides: Any) -> dict[str, Any]:
    return {"credit_code": new_credit_code(), "name": "接口登记有限公司", "legal_representative": "钱八",
            "industry_code": "C39", **overrides}


def validation_locs(response) -> list[list[Any]]:
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert isinstance(detail, list) and all("msg" in item for item in detail)
    return [item["loc"] for item in detail]


@pytest.fixture
def zb() -> Enterprise:
    return Enterprise.objects.get(name=ZB)


@pytest.fixture
def jp_enterprise() -> Enterprise:
    return Enterprise.objects.filter(zone__code="JP").first()


@pytest.fixture
def api(login_client):
    """api('window') -> a client signed in (session) as that demo login."""
    return login_client


class TestList:
    def test_paginated_in_name_order(self, api) -> None:
        ly = list(Enterprise.objects.filter(zone__code="LY").order_by("name", "id")
                  .values_list("name", flat=True))
        first = api("window").get(URL, {"page_size": 5}).json()
        second = api("window").get(URL, {"page_size": 5, "page": 2}).json()
        assert (first["count"], first["page"], first["page_size"]) == (len(ly), 1, 5)
        assert [e["name"] for e in first["items"]] == ly[:5]
        assert [e["name"] for e in second["items"]] == ly[5:10]
        assert api("window").get(URL, {"page": 99}).json()["items"] == []

    @pytest.mark.parametrize("size", [0, 201, -1, "x"])
    def test_page_size_bounds(self, api, size) -> None:
        assert validation_locs(api("window").get(URL, {"page_size": size})) == [["query", "page_size"]]

    def test_largest_page(self, api) -> None:
        assert api("window").get(URL, {"page_size": 200}).status_code == 200

    def test_filters(self, api, zb) -> None:
        client = api("window")

        def names(**params: Any) -> set[str]:
            response = client.get(URL, {"page_size": 200, **params})
            assert response.status_code == 200, response.content
            return {e["name"] for e in response.json()["items"]}

        assert names(q="中玻") == {ZB}
        assert names(q=zb.credit_code[-8:].lower()) == {ZB}
        assert names(q="陈立群") == {ZB}
        glass = set(Enterprise.objects.filter(zone__code="LY", industry__code="30")
                    .values_list("name", flat=True))
        assert len(glass) >= 2
        assert names(industry="30") == glass == names(industry="C30")
        assert names(industry="C99") == set()
        park = Park.objects.get(zone__code="LY", name="同创产业园")
        assert names(park=park.pk) == set(Enterprise.objects.filter(park=park).values_list("name", flat=True))
        assert names(credit_grade="AAA") == {"辽宁航天凌河汽车有限公司", "凌源钢铁集团有限责任公司"}
        # the tier is the ladder's (cultivation): 阿拉丁 computes to 瞪羚
        gazelles = set(
            Enterprise.objects.filter(zone__code="LY", growth_tier="gazelle").values_list("name", flat=True)
        )
        assert "阿拉丁无人机科技(凌源)有限公司" in gazelles and names(growth_tier="gazelle") == gazelles
        # 农恒 is on the abnormal-operation list; 裕星's judgment-defaulter listing was lifted
        assert names(flagged="true") == {"凌源农恒食品有限公司"}
        unflagged = names(flagged="false")
        assert "凌源农恒食品有限公司" not in unflagged and "凌源裕星精密铸造有限公司" in unflagged
        assert names(q="中玻", credit_grade="AAA") == set()

    def test_items_carry_active_flags(self, api) -> None:
        (item,) = api("window").get(URL, {"q": "农恒"}).json()["items"]
        assert [f["kind"] for f in item["active_flags"]] == ["abnormal_operation"]
        assert item["active_flags"][0]["kind_name"] == "经营异常名录"

    def test_enterprise_user_sees_only_itself(self, api, zb) -> None:
        page = api("enterprise").get(URL, {"page_size": 200}).json()
        assert page["count"] == 1
        assert [e["id"] for e in page["items"]] == [zb.pk]

    def test_province_sees_both_zones_and_filters_by_zone(self, api) -> None:
        client = api("province")
        both = Enterprise.objects.filter(zone__code__in=["LY", "JP"]).count()
        assert client.get(URL).json()["count"] == both
        jp = Zone.objects.get(code="JP")
        assert {e["zone"] for e in client.get(URL, {"zone": jp.pk}).json()["items"]} == {"JP"}

    def test_zone_filter_cannot_widen_the_scope(self, api) -> None:
        jp = Zone.objects.get(code="JP")
        assert api("window").get(URL, {"zone": jp.pk}).json()["count"] == 0


class TestDetail:
    def test_detail_with_figures_as_decimal_strings(self, api, zb) -> None:
        response = api("window").get(url(zb.pk))
        assert response.status_code == 200
        data = response.json()
        assert (data["credit_code"], data["industry_code"], data["park_name"], data["zone"]) == (
            zb.credit_code, "C30", "同创产业园", "LY")
        fig = next(f for f in data["figures"] if f["year"] == 2025)
        # amounts travel as exact decimal text, never as JSON floats
        assert fig["revenue_wan"] == "98500.00" and fig["tax_wan"] == "4120.50"

    @pytest.mark.parametrize("username", ["window", "leader", "enterprise", "investment"])
    def test_another_zones_enterprise_is_not_found(self, api, username, jp_enterprise) -> None:
        response = api(username).get(url(jp_enterprise.pk))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_province_reads_another_zone(self, api, jp_enterprise) -> None:
        assert api("province").get(url(jp_enterprise.pk)).status_code == 200

    def test_enterprise_user_reads_itself_only(self, api, zb) -> None:
        other = Enterprise.objects.filter(zone=zb.zone).exclude(pk=zb.pk).first()
        client = api("enterprise")
        assert client.get(url(zb.pk)).status_code == 200
        assert client.get(url(other.pk)).status_code == 404

    def test_missing_is_not_found(self, api) -> None:
        assert api("window").get(url(10**9)).status_code == 404


class TestCreate:
    def test_created_201_and_audited_on_the_api_channel(self, api, counts) -> None:
        before = counts()
        response = post(api("window"),
                        body(staff_size=12, registered_on="2020-01-05"))
        assert response.status_code == 201, response.content
        data = response.json()
        e = Enterprise.objects.get(pk=data["id"])
        assert (e.name, e.staff_size, e.industry.code, data["version"]) == ("接口登记有限公司", 12, "39", 1)
        assert counts() == {**before, "enterprises": before["enterprises"] + 1, "audit": before["audit"] + 1}
        record = AuditRecord.objects.latest("id")
        assert (record.action, record.channel, record.object_id) == ("enterprise.create", "api", str(e.pk))

    def test_bad_credit_code(self, api, counts) -> None:
        before = counts()
        response = post(api("window"), body(credit_code="91110000600037341M"))
        (loc,) = validation_locs(response)
        assert loc[-1] == "credit_code"
        assert "应为“L”" in response.json()["detail"][0]["msg"]
        assert counts() == before

    def test_duplicate_code(self, api, zb, counts) -> None:
        before = counts()
        response = post(api("window"), body(credit_code=zb.credit_code))
        (loc,) = validation_locs(response)
        assert loc[-1] == "credit_code"
        assert response.json()["detail"][0]["msg"] == "该统一社会信用代码已登记，不能重复添加"
        assert counts() == before

    def test_unknown_field_is_refused(self, api, counts) -> None:
        before = counts()
        locs = validation_locs(post(api("window"), body(nickname="x")))
        assert [loc[-1] for loc in locs] == ["nickname"]
        # the growth tier is the ladder's (cultivation), not an input
        locs = validation_locs(post(api("window"), body(growth_tier="tech_sme")))
        assert [loc[-1] for loc in locs] == ["growth_tier"]
        assert counts() == before

    @pytest.mark.parametrize("field, value", [("staff_size", "12"), ("staff_size", 12.0), ("park_id", "1"),
                                              ("name", 12), ("credit_grade", "E"), ("staff_size", -1)])
    def test_strict_types(self, api, counts, field, value) -> None:
        before = counts()
        locs = validation_locs(post(api("window"), body(**{field: value})))
        assert [loc[-1] for loc in locs] == [field]
        assert counts() == before

    def test_another_zones_park_is_reported_on_park_id(self, api, counts) -> None:
        jp_park = Park.objects.filter(zone__code="JP").first()
        before = counts()
        response = post(api("window"), body(park_id=jp_park.pk))
        assert validation_locs(response) == [["body", "park_id"]]
        assert counts() == before

    @pytest.mark.parametrize("username", ["leader", "enterprise", "province"])
    def test_non_editors_get_403(self, api, username, counts) -> None:
        before = counts()
        response = post(api(username), body())
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert counts() == before

    def test_anonymous_gets_401(self, client, counts) -> None:
        before = counts()
        response = post(client, body())
        assert response.status_code == 401
        assert response.json() == {"detail": "未登录或令牌无效", "code": "unauthenticated"}
        assert counts() == before


class TestUpdate:
    def test_patch_with_the_current_version(self, api, zb) -> None:
        response = patch(api("window"), zb.pk, {"version": zb.version, "staff_size": 470, "park_id": None})
        assert response.status_code == 200, response.content
        data = response.json()
        assert (data["staff_size"], data["park_id"], data["version"]) == (470, None, zb.version + 1)

    def test_stale_version_is_409_and_changes_nothing(self, api, zb, counts) -> None:
        client = api("window")
        assert patch(client, zb.pk, {"version": zb.version, "address": "新地址"}).status_code == 200
        before = counts()
        response = patch(client, zb.pk, {"version": zb.version, "address": "旧版本上的修改"})
        assert response.status_code == 409
        data = response.json()
        assert data["code"] == "stale_version"
        assert "已被他人修改" in data["detail"]
        assert Enterprise.objects.get(pk=zb.pk).address == "新地址"
        assert counts() == before

    def test_version_is_required(self, api, zb) -> None:
        assert validation_locs(patch(api("window"), zb.pk, {"name": "x"}))[0][-1] == "version"

    def test_bad_value_names_the_field(self, api, zb, counts) -> None:
        before = counts()
        response = patch(api("window"), zb.pk, {"version": zb.version, "industry_code": "C99", "name": ""})
        assert sorted(loc[-1] for loc in validation_locs(response)) == ["industry_code", "name"]
        assert counts() == before

    def test_leader_403_other_zone_404(self, api, zb, jp_enterprise, counts) -> None:
        before = counts()
        assert patch(api("leader"), zb.pk, {"version": zb.version, "name": "x"}).status_code == 403
        assert patch(api("window"), jp_enterprise.pk,
                     {"version": jp_enterprise.version, "name": "x"}).status_code == 404
        assert patch(api("enterprise"), zb.pk, {"version": zb.version, "name": "x"}).status_code == 403
        assert counts() == before


class TestFlags:
    def test_list_an_enterprise_then_conflict_on_the_same_list(self, api, zb) -> None:
        client = api("window")
        path = f"{url(zb.pk)}/flags"
        response = post(client, {"kind": "judgment_defaulter", "listed_on": "2026-05-01"}, path=path)
        assert response.status_code == 201, response.content
        assert response.json()["kind_name"] == "失信被执行人"
        again = post(client, {"kind": "judgment_defaulter", "listed_on": "2026-05-02"}, path=path)
        assert (again.status_code, again.json()["code"]) == (409, "flag_exists")
        assert EnterpriseFlag.objects.filter(enterprise=zb, kind=FlagKind.JUDGMENT_DEFAULTER).count() == 1
        assert validation_locs(post(client, {"kind": "blacklist", "listed_on": "2026-05-01"}, path=path))


class TestBearerToken:
    def test_token_from_password_then_bearer_requests(self, client) -> None:
        response = post(client, {"username": "window", "password": DEMO_PASSWORD}, path="/api/auth/token")
        assert response.status_code == 200, response.content
        token = response.json()["token"]
        bearer = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        page = bearer.get(URL)
        assert page.status_code == 200
        assert page.json()["count"] == Enterprise.objects.filter(zone__code="LY").count()
        created = post(bearer, body())
        assert created.status_code == 201
        assert AuditRecord.objects.filter(action="enterprise.create", object_id=str(created.json()["id"]),
                                          actor__username="window", channel="api").exists()

    def test_enterprise_token_is_scoped_to_itself(self, client, zb) -> None:
        token = post(client, {"username": "enterprise", "password": DEMO_PASSWORD},
                     path="/api/auth/token").json()["token"]
        bearer = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert [e["id"] for e in bearer.get(URL).json()["items"]] == [zb.pk]

    def test_a_wrong_token_is_401(self) -> None:
        response = Client(HTTP_AUTHORIZATION="Bearer not-a-token").get(URL)
        assert response.status_code == 401

    def test_a_wrong_password_gets_no_token(self, client) -> None:
        response = post(client, {"username": "window", "password": "wrong"}, path="/api/auth/token")
        assert response.status_code == 401
        assert "token" not in response.json()


def test_dates_in_detail_are_iso(api, zb) -> None:
    data = api("window").get(url(zb.pk)).json()
    assert dt.date.fromisoformat(data["registered_on"]) == zb.registered_on
