"""The one NinjaAPI instance, its authentication and its error format.

Errors are JSON: ``{"detail": [{"loc": [...], "msg": ...}]}`` for validation and
``{"detail": "...", "code": "..."}`` otherwise. Every route declares ERRORS so the schema
lists every code it can answer.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError


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


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


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
)


def api_actor(request: HttpRequest) -> Actor:
    return Actor(user=request.auth, ip=Actor.from_request(request).ip, channel="api")


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError):
    return api.create_response(request, exc.as_detail(), status=exc.status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": "对象不存在或无权查看", "code": "not_found"},
                               status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(request, {"detail": "未登录或令牌无效", "code": "unauthenticated"},
                               status=401)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError):
    items = []
    for err in exc.errors:
        loc = list(err.get("loc", []))
        if len(loc) >= 3 and loc[0] == "body":
            # ninja puts the handler's parameter name second; services name the field alone.
            loc = ["body", *loc[2:]]
        items.append({"loc": loc, "msg": str(err.get("msg", "")), "type": err.get("type")})
    return api.create_response(request, {"detail": items}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # A body that is not JSON is bad input like any other: 422, located at the body.
        item = {"loc": ["body"], "msg": "请求体不是有效的 JSON", "type": "json_invalid"}
        return api.create_response(request, {"detail": [item]}, status=422)
    return api.create_response(request, {"detail": str(exc), "code": "http_error"},
                               status=exc.status_code)
