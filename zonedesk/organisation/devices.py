"""Known devices: why a password guesser cannot lock a real user out (issue 16, point 4).

After a complete sign-in (password and, where required, the second factor) the browser gets a
signed cookie naming the user and a random device id. The account lockout and the per-account
throttle only guard sign-ins *without* such a cookie: an attacker guessing from anywhere locks
the unknown-device path of the account, while the user's own browser signs in as before, under
a throttle of its own (THROTTLE_LOGIN_DEVICE, per device). This is OWASP's "device cookie"
defence against lockout abuse. The cookie is bound to the password: changing the password
(or a reset by the security administrator) makes every earlier device cookie worthless.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

COOKIE = "zonedesk_device"
_SALT = "zonedesk.organisation.devices"


def _password_tag(user) -> str:
    # A keyed digest of the stored password hash: a new password retires the device cookies.
    return salted_hmac(_SALT, user.password).hexdigest()[:20]


def device_issue(user) -> str:
    """The cookie value for a browser that just completed a sign-in of ``user``."""
    return signing.dumps({"u": user.pk, "d": secrets.token_hex(8), "p": _password_tag(user)},
                         salt=_SALT, compress=False)


def device_trusted(value: str | None, user) -> str | None:
    """The device id when ``value`` is a valid, unexpired device cookie of ``user``."""
    if not value or user is None or len(value) > 300:
        return None
    try:
        data = signing.loads(value, salt=_SALT, max_age=settings.LOGIN_DEVICE_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk or data.get("p") != _password_tag(user):
        return None
    return f"{user.pk}:{data.get('d')}"


def device_remember(response, user) -> None:
    response.set_cookie(COOKIE, device_issue(user), max_age=settings.LOGIN_DEVICE_DAYS * 86400,
                        httponly=True, secure=settings.SESSION_COOKIE_SECURE, samesite="Lax")
