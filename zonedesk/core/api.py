"""The one NinjaAPI instance, its authentication and its error format.

Errors are JSON: ``{"detail": [{"loc": [...], "msg": ...}]}`` for validation and
``{"detail": "...", "code": "..."}`` otherwise. Every route declares ERRORS so the schema
lists every code it can answer.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from typing import Any

from django.db import DataError
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, django_auth

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError
from zonedesk.core.requests import ApiRequest


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from zonedesk.organisation.services import api_token_user

        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class ErrorOut(Schema):
    detail: str
    code: str | None = None


class ValidationItem(Schema):
    loc: list[str | int]
    msg: str
    type: str | None = None


class ValidationErrorOut(Schema):
    detail: list[ValidationItem]


class InternalErrorOut(Schema):
    detail: str
    code: str
    request_id: str


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
    500: InternalErrorOut,
}

log = logging.getLogger("zonedesk.api")

# C0 controls other than tab, line feed and carriage return, DEL, and UTF-16 surrogates (a
# lone surrogate is valid JSON but no valid text): NUL breaks PostgreSQL text, the others have
# no business in a form field.
_BAD_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


class BadText(ValueError):
    def __init__(self, loc: list[str | int]) -> None:
        super().__init__("control character")
        self.loc = loc


def _bad_text_item(loc: list[str | int]) -> dict[str, Any]:
    return {"loc": loc, "msg": _("不能包含控制字符或无效的 Unicode 字符"), "type": "control_character"}


def _check_text(value: Any, loc: list[str | int]) -> None:
    if isinstance(value, str):
        if _BAD_TEXT.search(value):
            raise BadText(loc)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(k, str) and _BAD_TEXT.search(k):
                raise BadText(loc)
            _check_text(v, [*loc, k])
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_text(v, [*loc, i])


class StrictTextParser(Parser):
    """JSON bodies and query strings with control characters are refused (422 naming the
    field) before any handler sees them."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _check_text(data, ["body"])
        return data

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        for key, value in result.items():
            try:
                _check_text(key, ["query"])
                _check_text(value, ["query", key])
            except BadText as exc:
                raise NinjaValidationError([_bad_text_item(exc.loc)]) from exc
            limit = MAX_PAGE if key == "page" else MAX_QUERY_INT
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and _INT.match(v) and abs(int(v)) > limit:
                    raise NinjaValidationError([{"loc": ["query", key], "type": "less_than_equal",
                                                 "msg": f"不能大于 {limit}"}])
        return result


# Every page of every list is bounded (an offset past bigint is a database error, not an
# empty page), and no integer in a query string may exceed what JSON clients represent.
MAX_PAGE = 100_000
MAX_QUERY_INT = 2**53 - 1
_INT = re.compile(r"^\s*[+-]?\d{1,4300}\s*$")


class ZoneTimeEncoder(NinjaJSONEncoder):
    """Every datetime leaves the API with its offset. The pure clocks (workdays/clock.py) work
    in the zone's local time without tzinfo; a naive value read as UTC by a client would be
    8 hours late, so it is given the zone's time zone here, once for every route."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_naive(o):
            o = timezone.make_aware(o)
        return super().default(o)


class ZoneTimeRenderer(JSONRenderer):
    encoder_class = ZoneTimeEncoder


def errors(*codes: int) -> dict[int, Any]:
    return {c: ERRORS[c] for c in codes}


api = NinjaAPI(
    title="zonedesk API",
    version="1.0",
    description=(
        "营商环境服务平台接口。令牌：`POST /api/auth/token`，然后 `Authorization: Bearer <token>`。"
    ),
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    parser=StrictTextParser(),
    renderer=ZoneTimeRenderer(),
)


def api_actor(request: ApiRequest) -> Actor:
    return Actor(user=request.auth, ip=Actor.from_request(request).ip, channel="api")


@api.exception_handler(ServiceError)
def _service_error(request: ApiRequest, exc: ServiceError):
    response = api.create_response(request, exc.as_detail(), status=exc.status)
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _not_found(request: ApiRequest, exc: Http404):
    return api.create_response(request, {"detail": _("对象不存在或无权查看"), "code": "not_found"},
                               status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: ApiRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": _("未登录或令牌无效"), "code": "unauthenticated"},
                               status=401)


@api.exception_handler(NinjaValidationError)
def _invalid(request: ApiRequest, exc: NinjaValidationError):
    if exc.errors and all(list(err.get("loc", []))[:1] == ["path"] for err in exc.errors):
        # A path that does not parse as an object's address (an id that is not a number)
        # addresses nothing: 404, as a well-formed id of no visible object does. Every
        # operation with a path parameter declares 404; not every one takes other input.
        return _not_found(request, Http404())
    items = []
    for err in exc.errors:
        loc = list(err.get("loc", []))
        if len(loc) >= 3 and loc[0] == "body":
            # ninja puts the handler's parameter name second; services name the field alone.
            loc = ["body", *loc[2:]]
        items.append({"loc": loc, "msg": str(err.get("msg", "")), "type": err.get("type")})
    return api.create_response(request, {"detail": items}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: ApiRequest, exc: HttpError):
    if isinstance(exc.__cause__, BadText):
        return api.create_response(request, {"detail": [_bad_text_item(exc.__cause__.loc)]}, status=422)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # A body that is not JSON is bad input like any other: 422, located at the body.
        item = {"loc": ["body"], "msg": _("请求体不是有效的 JSON"), "type": "json_invalid"}
        return api.create_response(request, {"detail": [item]}, status=422)
    return api.create_response(request, {"detail": str(exc), "code": "http_error"},
                               status=exc.status_code)


@api.exception_handler(DataError)
def _out_of_range(request: ApiRequest, exc: DataError):
    # The database refused a value (a page number or id beyond bigint, a NUL it cannot store):
    # bad input, not a server fault.
    log.info("API input refused by the database: %s %s: %s", request.method, request.path, exc)
    item = {"loc": ["query" if request.method == "GET" else "body"],
            "msg": _("数值超出允许范围或含有数据库无法保存的字符"), "type": "out_of_range"}
    return api.create_response(request, {"detail": [item]}, status=422)


@api.exception_handler(OverflowError)
def _overflow(request: ApiRequest, exc: OverflowError):
    # SQLite's driver refuses integers beyond 64 bits with OverflowError.
    return _out_of_range(request, DataError(str(exc)))


_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id(request: ApiRequest) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


@api.exception_handler(Exception)
def _unhandled(request: ApiRequest, exc: Exception):
    # Whatever escaped every other handler: logged with its traceback under a request id, and
    # answered in JSON with that id and nothing internal.
    rid = request_id(request)
    log.exception("unhandled API error [request %s] %s %s", rid, request.method, request.path)
    body = {"detail": _("服务器内部错误，请把请求编号告诉管理员"), "code": "internal_error",
            "request_id": rid}
    response = api.create_response(request, body, status=500)
    response["X-Request-ID"] = rid
    return response
