"""Every operation of the OpenAPI, as four roles, with hostile input: ids and pages beyond
bigint, control characters and lone surrogates in every query and body field, numbers where
text is due. No answer may be a 5xx or anything but JSON (issue 16, point 5).

The fixed inputs that broke the API before, on every operation as four roles; the generated
inputs and the schema conformance of every answer are test_schemathesis.py's.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from django.test import Client

from zonedesk.core.api import api

pytestmark = pytest.mark.django_db

ROLES = ["leader", "window", "enterprise", "province"]
HUGE = 2**70
HOSTILE_TEXT = ["a\u0000b", "\ud800", "\u0007"]
# The same on the wire in a query string (a lone surrogate as the UTF-8 bytes that encode it).
HOSTILE_QUERY = ["a%00b", "%ED%A0%80", "%07"]


@functools.cache
def openapi() -> dict:
    return api.get_openapi_schema()


def operations() -> list[tuple[str, str, dict]]:
    schema = openapi()
    out = []
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                out.append((method, path, op))
    return sorted(out, key=lambda o: (o[1], o[0]))


def _body_properties(op: dict) -> dict[str, Any]:
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = content.get("schema", {})
    ref = schema.get("$ref")
    if ref:
        schema = openapi()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema.get("properties", {})


def variants(method: str, path: str, op: dict) -> list[tuple[str, str, str | None]]:
    """(url, raw query string, json body) triples."""
    params = [p for p in op.get("parameters", []) if p["in"] == "path"]
    url = path
    for p in params:
        url = url.replace("{" + p["name"] + "}", str(HUGE))
    queries = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
    # ids beyond bigint; every query parameter NUL / a lone surrogate / BEL; the page beyond bigint
    out: list[tuple[str, str, str | None]] = []
    for text in HOSTILE_QUERY:
        out.append((url, "&".join(f"{q}={str(HUGE) if q == 'page' else text}" for q in queries), None))
    props = _body_properties(op)
    if method in {"post", "put", "patch"} and props:
        # every body field: each hostile text, a number beyond bigint, and 0 (no lax coercion)
        for text in HOSTILE_TEXT:
            out.append((url, "", json.dumps({k: text for k in props})))
        out.append((url, "", json.dumps({k: HUGE for k in props})))
        out.append((url, "", json.dumps({k: 0 for k in props})))
    return out


CASES = [(m, p, o) for m, p, o in operations()]


def test_the_schema_has_operations_to_fuzz() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("role", ROLES)
def test_no_operation_answers_5xx_or_non_json(client: Client, demo_user, role: str) -> None:
    client.force_login(demo_user(role))
    client.raise_request_exception = False
    bad: list[str] = []
    sent = 0
    for method, path, op in CASES:
        for url, query, body in variants(method, path, op):
            caller = getattr(client, method)
            target = f"{url}?{query}" if query else url
            if body is None:
                response = caller(target)
            else:
                response = caller(target, body, content_type="application/json")
            sent += 1
            ctype = response.get("Content-Type", "")
            if response.status_code >= 500 or not ctype.startswith("application/json"):
                bad.append(f"{method.upper()} {url} q={query!r} body={body!r} -> "
                           f"{response.status_code} {ctype} {response.content[:120]!r}")
    assert sent > 50
    assert bad == [], "\n".join(bad[:30])
