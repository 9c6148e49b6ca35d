from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from pydantic import ConfigDict, Field

from zonedesk.core.actor import Actor
from zonedesk.core.api import api_actor, errors
from zonedesk.core.requests import ApiRequest
from zonedesk.organisation.models import ApiToken
from zonedesk.organisation.services import (
    LoginFailed,
    api_token_issue,
    api_token_revoke,
    auth_login,
    auth_logout,
    mfa_enrolled,
    mfa_required,
    mfa_verify,
    user_set_large_text,
)

router = Router(tags=["auth"])


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=128)
    # The code from the authenticator (or a recovery code), for users who sign in with two factors.
    otp: str | None = Field(None, min_length=1, max_length=20)


class TokenOut(Schema):
    token: str
    expires_in_days: int


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    zone: str | None
    zone_name: str | None = Field(None, description="园区名称（按 Accept-Language；无英文名称时为中文）")
    zone_short_name: str | None = Field(None, description="园区简称（按 Accept-Language）")
    department: str | None
    enterprise_id: int | None
    roles: list[str]
    large_text: bool


class AuthDisplayIn(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)
    large_text: bool  # 适老化: larger text on every page


class AuthDisplayOut(Schema):
    large_text: bool


@router.post("/token", auth=None, response={200: TokenOut, **errors(401, 422, 429)},
             summary="用户名和密码（及动态口令）换取令牌")
def token(request: ApiRequest, payload: TokenIn):
    from django.conf import settings

    ip = Actor.from_request(request).ip
    user = auth_login(username=payload.username, password=payload.password, ip=ip, channel="api")
    if mfa_required(user):
        if not mfa_enrolled(user):
            raise LoginFailed("mfa_not_enrolled", "该账号须使用动态口令：请先在网页登录并绑定身份验证器")
        if not payload.otp:
            raise LoginFailed("mfa_required", "该账号须使用动态口令：请在 otp 字段提供验证器显示的 6 位数字")
        mfa_verify(user=user, code=payload.otp, ip=ip, channel="api")
    # Asked for from a signed-in web session of the same user: signing out there revokes it.
    session_user = getattr(request, "user", None)
    session_key = (request.session.session_key or "") if (
        session_user is not None and session_user.is_authenticated and session_user.pk == user.pk) else ""
    value = api_token_issue(actor=Actor(user=user, ip=ip, channel="api"), user=user,
                            session_key=session_key)
    return {"token": value, "expires_in_days": settings.API_TOKEN_DAYS}


class LogoutOut(Schema):
    revoked_tokens: int


@router.post("/logout", response={200: LogoutOut, **errors(401)},
             summary="退出：吊销本次请求所用的令牌（及该网页会话申请的令牌）")
def logout(request: ApiRequest):
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header[:7].lower() == "bearer " else None
    session_key = request.session.session_key if not token else None
    revoked = auth_logout(actor=api_actor(request), session_key=session_key, token=token)
    if session_key:
        from django.contrib.auth import logout as session_logout

        session_logout(request)
    return {"revoked_tokens": len(revoked)}


class AuthTokenOut(Schema):
    id: int
    created_at: dt.datetime
    expires_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool


@router.get("/tokens", response={200: list[AuthTokenOut], **errors(401)}, summary="我的接口令牌")
def tokens(request: ApiRequest):
    return list(ApiToken.objects.filter(user=request.auth).order_by("-created_at", "-id")[:100])


@router.delete("/tokens/{token_id}", response={200: AuthTokenOut, **errors(401, 404, 409)},
               summary="吊销接口令牌")
def token_revoke(request: ApiRequest, token_id: int):
    return api_token_revoke(actor=api_actor(request), token_id=token_id)


@router.get("/me", response={200: MeOut, **errors(401)}, summary="当前用户")
def me(request: ApiRequest):
    user = request.auth
    zone = user.zone
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "zone": user.zone.code if user.zone_id else None,
        "zone_name": zone.local_name if zone is not None else None,
        "zone_short_name": zone.local_short_name if zone is not None else None,
        "department": user.department.name if user.department_id else None,
        "enterprise_id": user.enterprise_id,
        "roles": sorted(user.roles),
        "large_text": user.large_text,
    }


@router.put("/me/display", response={200: AuthDisplayOut, **errors(401, 403, 422)},
            summary="显示设置（大字模式）")
def display_set(request: ApiRequest, payload: AuthDisplayIn):
    user = user_set_large_text(actor=api_actor(request), user=request.auth, large_text=payload.large_text)
    return {"large_text": user.large_text}
