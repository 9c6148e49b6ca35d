"""The API's published contract: OpenAPI 3.1, declared errors, local docs, error shapes."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import chinese_calendar
import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from zonedesk.core.tests.scope import Demo, client_for

pytestmark = pytest.mark.django_db

# Operations anyone may call: the way in, and checking an e-certificate's verification code
# (a third party holding the paper certificate has no account). A new public operation must
# be added here on purpose.
PUBLIC_OPERATIONS = {"POST /api/auth/token", "GET /api/certificates/verify/{code}"}
ERROR_REF = "#/components/schemas/ErrorOut"
VALIDATION_REF = "#/components/schemas/ValidationErrorOut"
ADD = "/api/calendar/add-working-days"


@pytest.fixture
def schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema: dict[str, Any]):
    for path, item in schema["paths"].items():
        for method, op in item.items():
            yield f"{method.upper()} {path}", op


def _ref(op: dict[str, Any], code: str) -> str | None:
    response = op["responses"].get(code)
    if response is None:
        return None
    return response["content"]["application/json"]["schema"].get("$ref")


def _takes_input(op: dict[str, Any]) -> bool:
    # Path parameters are typed in the URL pattern: a bad one never reaches the operation.
    query = [p for p in op.get("parameters", []) if p["in"] != "path"]
    return bool(query or op.get("requestBody"))


def test_openapi_3_1(schema: dict[str, Any]) -> None:
    assert re.fullmatch(r"3\.1\.\d+", schema["openapi"]), schema["openapi"]
    assert schema["info"]["title"] == "zonedesk API"
    assert any(True for _ in operations(schema))


def test_every_operation_declares_its_errors(schema: dict[str, Any]) -> None:
    problems = []
    for name, op in operations(schema):
        if ("security" in op or name == "POST /api/auth/token") and _ref(op, "401") != ERROR_REF:
            problems.append(f"{name}: 401 missing or not ErrorOut")
        if _takes_input(op) and _ref(op, "422") != VALIDATION_REF:
            problems.append(f"{name}: takes input but 422 missing or not ValidationErrorOut")
        if any(p["in"] == "path" for p in op.get("parameters", [])) and _ref(op, "404") != ERROR_REF:
            problems.append(f"{name}: addresses an object but 404 missing or not ErrorOut")
        for code in op["responses"]:
            if code.startswith(("4", "5")) and code != "422" and _ref(op, code) != ERROR_REF:
                problems.append(f"{name}: {code} does not use ErrorOut")
    assert problems == []


def test_error_schemas(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    error = components["ErrorOut"]
    assert error["required"] == ["detail"] and error["properties"]["detail"]["type"] == "string"
    validation = components["ValidationErrorOut"]
    assert validation["required"] == ["detail"]
    assert validation["properties"]["detail"]["type"] == "array"
    item = components["ValidationItem"]
    assert set(item["required"]) == {"loc", "msg"}
    assert item["properties"]["loc"]["type"] == "array"


def test_secured_operations_name_both_schemes(schema: dict[str, Any]) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["BearerToken"] == {"type": "http", "scheme": "bearer"}
    public = {name for name, op in operations(schema) if "security" not in op}
    assert public == PUBLIC_OPERATIONS
    for name, op in operations(schema):
        if name not in public:
            assert {next(iter(s)) for s in op["security"]} == {"BearerToken", "SessionAuth"}, name


def test_docs_page_uses_only_local_static(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), "the docs page must not load anything from a CDN"
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not shipped"
    assert "/api/openapi.json" in html


# --- error shapes --------------------------------------------------------------------------

def _validation(response, where: str) -> list[dict]:
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"detail"} and isinstance(body["detail"], list) and body["detail"]
    for item in body["detail"]:
        assert isinstance(item["loc"], list) and item["loc"][0] == where, item
        assert isinstance(item["msg"], str) and item["msg"], item
    return body["detail"]


def _plain(response, status: int) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"], body
    assert set(body) <= {"detail", "code", "field"}, body
    return body["detail"]


def test_validation_error_of_a_query_parameter(client: Client) -> None:
    items = _validation(client_for(client, "window").get("/api/enterprises/?page=0"), "query")
    assert items[0]["loc"] == ["query", "page"]


def test_validation_error_of_the_body(client: Client) -> None:
    response = client_for(client, "window").post(
        "/api/enterprises/", data=json.dumps({"name": 1}), content_type="application/json")
    locs = [item["loc"] for item in _validation(response, "body")]
    assert any(loc[-1] == "credit_code" for loc in locs)


def test_a_rule_broken_in_the_service_has_the_validation_shape(client: Client) -> None:
    body = {"credit_code": "91211382MA0QZB01X", "name": "测试", "legal_representative": "张三",
            "industry_code": "30"}
    response = client_for(client, "window").post(
        "/api/enterprises/", data=json.dumps(body), content_type="application/json")
    (item,) = _validation(response, "body")
    assert item["loc"] == ["body", "credit_code"] and "18" in item["msg"]


def test_both_validation_layers_locate_a_field_alike(client: Client) -> None:
    response = client_for(client, "window").post(
        "/api/enterprises/", data=json.dumps({"name": 1}), content_type="application/json")
    assert ["body", "name"] in [item["loc"] for item in _validation(response, "body")]


def test_unauthenticated(client: Client) -> None:
    _plain(client.get("/api/auth/me"), 401)
    _plain(client.get("/api/auth/me", HTTP_AUTHORIZATION="Bearer not-a-token"), 401)


def test_not_found_hides_existence(client: Client) -> None:
    jp = Demo().jp
    hidden = _plain(client_for(client, "window").get(f"/api/enterprises/{jp.pk}"), 404)
    missing = _plain(client.get("/api/enterprises/999999999"), 404)
    assert hidden == missing


def test_forbidden_and_conflict(client: Client) -> None:
    demo = Demo()
    reviewer = client_for(client, "reviewer")
    _plain(reviewer.patch(f"/api/enterprises/{demo.ly.pk}", data=json.dumps({"version": 1}),
                          content_type="application/json"), 403)
    window = client_for(client, "window")
    body = window.patch(f"/api/enterprises/{demo.ly.pk}",
                        data=json.dumps({"version": demo.ly.version + 7, "address": "x"}),
                        content_type="application/json")
    assert "版本" in _plain(body, 409) and body.json()["code"] == "stale_version"


def test_token_round_trip(client: Client) -> None:
    response = client.post("/api/auth/token", data=json.dumps(
        {"username": "window", "password": "zonedesk-demo"}), content_type="application/json")
    token = response.json()["token"]
    me = Client().get("/api/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200 and me.json()["username"] == "window"
    _plain(client.post("/api/auth/token", data=json.dumps(
        {"username": "window", "password": "wrong"}), content_type="application/json"), 401)


def test_unknown_api_path_answers_json(client: Client) -> None:
    _plain(client_for(client, "window").get("/api/no-such-endpoint"), 404)


def test_a_malformed_body_is_a_declared_error(client: Client, schema: dict[str, Any]) -> None:
    response = client_for(client, "window").post("/api/enterprises/", data="{not json",
                                                 content_type="application/json")
    assert str(response.status_code) in schema["paths"]["/api/enterprises/"]["post"]["responses"]
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body"]


# --- the working-day calendar over HTTP ---------------------------------------------------

def package_add_working_days(start: dt.date, days: int) -> dt.date:
    """What chinesecalendar itself says: the days-th working day after start."""
    day = start
    while days > 0 or not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            days -= 1
    return day


def test_national_day_2026(client: Client) -> None:
    expected = package_add_working_days(dt.date(2026, 9, 30), 1)
    assert expected in (dt.date(2026, 10, 8), dt.date(2026, 10, 9))  # the brief's two readings
    response = client_for(client, "window").get(ADD, {"start": "2026-09-30", "days": 1})
    assert response.status_code == 200
    assert response.json() == {"start": "2026-09-30", "days": 1, "date": expected.isoformat(),
                               "provisional": False}


@pytest.mark.parametrize("days", [0, 1, 5, 20, 40])
def test_agrees_with_the_package_through_the_golden_week(client: Client, days: int) -> None:
    c = client_for(client, "window")
    for start in (dt.date(2026, 9, 25) + dt.timedelta(n) for n in range(16)):
        got = c.get(ADD, {"start": start.isoformat(), "days": days}).json()["date"]
        assert got == package_add_working_days(start, days).isoformat(), (start, days)


def test_negative_days(client: Client) -> None:
    (item,) = _validation(client_for(client, "window").get(ADD, {"start": "2026-09-30", "days": -1}),
                          "query")
    assert item["loc"] == ["query", "days"] and "负" in item["msg"]


@pytest.mark.parametrize("bad", ["2026-02-30", "2026/09/30", "20260930", "yesterday", ""])
def test_bad_date(client: Client, bad: str) -> None:
    (item,) = _validation(client_for(client, "window").get(ADD, {"start": bad, "days": 1}), "query")
    assert item["loc"] == ["query", "start"] and item["msg"]


def test_messages_follow_the_language(client: Client) -> None:
    c = client_for(client, "window")
    c.cookies["django_language"] = "en"
    (item,) = _validation(c.get(ADD, {"start": "2026-09-30", "days": -1}), "query")
    assert not re.search(r"[\u4e00-\u9fff]", item["msg"]), item["msg"]


def _api_models():
    """Every pydantic model an operation takes or answers, reached through ninja's wrappers
    (BodyParams, QueryParams, NinjaResponseSchema) and nested fields, by identity."""
    import typing

    import pydantic

    from zonedesk.api import api

    seen: dict[int, type] = {}

    def types(annotation) -> list:
        out = [annotation]
        for arg in typing.get_args(annotation):
            out += types(arg)
        return out

    def walk(model) -> None:
        if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)) or id(model) in seen:
            return
        seen[id(model)] = model
        for f in model.model_fields.values():
            for t in types(f.annotation):
                walk(t)

    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for op in view.operations:
                for m in op.models:
                    walk(m)
                for response in (op.response_models or {}).values():
                    for t in types(response):
                        walk(t)
    return seen.values()


NINJA_WRAPPERS = {"BodyParams", "QueryParams", "PathParams", "FormParams", "FileParams", "CookieParams",
                  "HeaderParams", "NinjaResponseSchema"}


def test_no_two_api_models_share_a_name() -> None:
    """OpenAPI components are keyed by class name: two classes of one name would publish one
    of them for both (issue 9: POST /api/approvals/projects documented the pipeline's body)."""
    by_name: dict[str, set[str]] = {}
    for model in _api_models():
        if model.__name__ not in NINJA_WRAPPERS:
            by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert {n: s for n, s in by_name.items() if len(s) > 1} == {}


def test_every_documented_request_body_is_the_one_accepted(schema: dict[str, Any]) -> None:
    """For each operation with a JSON body, the component its requestBody points at has the
    properties and required fields of the model the handler actually validates against."""
    from pydantic import BaseModel

    from zonedesk.api import api

    components = schema["components"]["schemas"]
    checked, problems = 0, []
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for op in view.operations:
                bodies = [m for m in op.models if m.__name__ == "BodyParams"]
                if not bodies:
                    continue
                fields = list(bodies[0].model_fields.values())
                accepted = fields[0].annotation if len(fields) == 1 else None
                if not (isinstance(accepted, type) and issubclass(accepted, BaseModel)):
                    continue  # several body parameters: ninja documents an inline object
                full = re.sub(r"\{\w+:(\w+)\}", r"{\1}", f"/api{prefix}{path}".replace("//", "/"))
                for method in op.methods:
                    documented = schema["paths"][full][method.lower()]["requestBody"]["content"]
                    ref = documented["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                    own = accepted.model_json_schema(ref_template="#/components/schemas/{model}")
                    if ref != accepted.__name__ or set(components[ref].get("properties", {})) != set(
                        own.get("properties", {})
                    ) or set(components[ref].get("required", [])) != set(own.get("required", [])):
                        problems.append(f"{method} {full}: documents {ref}, accepts {accepted.__name__}")
                    checked += 1
    assert checked > 20 and problems == []


def test_schema_component_names_are_unique() -> None:
    """ninja names a component by its class name; a second class of that name silently takes
    the first one's place in the document, and every answer of the first then breaks the
    published schema (schemathesis found ProjectOut and FigureOut twice)."""
    from ninja import Schema

    from zonedesk.core.api import api

    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    components = set(api.get_openapi_schema()["components"]["schemas"])
    modules: dict[str, set[str]] = {}
    for cls in subclasses(Schema):
        if cls.__module__.startswith("zonedesk.") and ".tests" not in cls.__module__:
            modules.setdefault(cls.__name__, set()).add(cls.__module__)
    clashes = {name: sorted(m) for name, m in modules.items() if len(m) > 1 and name in components}
    assert clashes == {}
