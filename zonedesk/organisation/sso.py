"""Single sign-on to the province's 统一身份认证: OpenID Connect (mozilla-django-oidc) and CAS
(python-cas), mapped to zone users and audited (issue 16, point 3).

The libraries do the protocol (state, nonce and PKCE, the code exchange, the ID token's
signature and claims; the CAS ticket validation); ``sso_sign_in`` decides who that is here:

1. the provider's subject already linked (``SsoIdentity``) → that user;
2. otherwise the configured claim (``ZONEDESK_OIDC_MATCH`` / ``ZONEDESK_CAS_MATCH``, e.g.
   ``preferred_username:username`` or ``phone_number:phone``) matching exactly one active user,
   who is then linked (audited ``user.sso_link``) — later sign-ins follow the subject, not the
   claim;
3. otherwise nobody: refused, audited, and no account is created (zone users and their roles
   are granted by the system administrator, never by the provider).

A user's roles stay those granted in zonedesk. A signed-in user who must use two factors still
gives the TOTP code (views: the same second step as after a password). A password lockout does
not block single sign-on: no password is involved, and it is one of the ways back in.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from zonedesk.audit.models import Result
from zonedesk.audit.services import audit_event, audit_record
from zonedesk.core.actor import Actor, client_ip
from zonedesk.organisation.models import SsoIdentity, SsoProvider, User
from zonedesk.organisation.services import LoginFailed

log = logging.getLogger(__name__)

SSO_REFUSED = "统一身份认证账号未对应到本平台的有效用户，请联系安全管理员。"
# Fields a claim may be matched against: unique or near-unique, never a role or a flag.
MATCH_FIELDS = {"username", "phone"}


def _match(provider: str) -> tuple[str, str]:
    claim, field = (settings.SSO_OIDC_MATCH if provider == SsoProvider.OIDC
                    else settings.SSO_CAS_MATCH)
    if field not in MATCH_FIELDS:
        raise ValueError(f"SSO match field must be one of {sorted(MATCH_FIELDS)}, not {field!r}")
    return claim, field


def _clean(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) > 255 or any(ord(c) < 32 for c in text):
        return ""
    return text


def sso_sign_in(*, provider: str, subject: Any, claims: Mapping[str, Any], ip: str | None) -> User:
    """The zone user an authenticated 统一身份认证 account signs in as; LoginFailed if none."""
    subject = _clean(subject)
    claim, field = _match(provider)
    value = _clean(claims.get(claim))
    user, reason = None, "统一身份认证未给出账号标识"
    if subject:
        try:
            with transaction.atomic():
                user, reason = _resolve(provider, subject, claim, field, value, ip)
        except IntegrityError:  # two first sign-ins of one account at once: the other linked it
            user, reason = None, "并发关联，请重试"
    if user is None:
        audit_event(actor=Actor(user=None, ip=ip, channel="sso", label="anonymous"),
                    action="auth.sso", object_type="organisation.user",
                    object_repr=f"{provider}:{subject or '?'}"[:150], result=Result.FAILED,
                    message=reason, after={"provider": provider, "subject": subject,
                                           "claim": claim, "value": value})
        raise LoginFailed("sso_unmapped", SSO_REFUSED)
    return user


def _resolve(provider: str, subject: str, claim: str, field: str, value: str,
             ip: str | None) -> tuple[User | None, str]:
    link = (SsoIdentity.objects.select_for_update().select_related("user")
            .filter(provider=provider, subject=subject).first())
    if link is None:
        if not value:
            return None, f"未关联，且统一身份认证未给出 {claim}"
        users = list(User.objects.filter(**{field: value}, is_active=True)[:2])
        if len(users) != 1:
            return None, f"未关联，按 {claim} 找到 {len(users)} 个有效用户"
        user = User.objects.select_for_update().get(pk=users[0].pk)
        if SsoIdentity.objects.filter(provider=provider, user=user).exists():
            return None, "该用户已关联另一个统一身份认证账号"
        if user.zone_id is None:
            return None, "用户不属于任何园区"
        link = SsoIdentity.objects.create(zone_id=user.zone_id, provider=provider, subject=subject,
                                          user=user)
        audit_record(actor=Actor(user=user, ip=ip, channel="sso"), action="user.sso_link", obj=user,
                     after={"provider": provider, "subject": subject, "matched": f"{claim}={value}"})
    user = link.user
    if not user.is_active:
        return None, "关联的用户已停用"
    now = timezone.now()
    link.last_login_at = now
    link.save(update_fields=["last_login_at"])
    user.last_login = now
    user.save(update_fields=["last_login"])
    audit_record(actor=Actor(user=user, ip=ip, channel="sso"), action="auth.login", obj=user,
                 message=f"统一身份认证登录（{SsoProvider(provider).label}）",
                 after={"provider": provider, "subject": subject})
    return user, ""


class ZoneOidcBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow and token checks; the user is decided by sso_sign_in."""

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # The library checks signature, expiry and nonce but not the audience (its own comment
        # says so): an ID token the provider issued to another client must not sign in here.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token audience is not this client")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 5.3.2: the UserInfo sub must be the ID token's.
        if claims.get("sub") != payload.get("sub"):
            log.warning("OIDC userinfo sub differs from the ID token's")
            return None
        try:
            return sso_sign_in(provider=SsoProvider.OIDC, subject=payload.get("sub"), claims=claims,
                               ip=client_ip(self.request))
        except LoginFailed:
            return None
