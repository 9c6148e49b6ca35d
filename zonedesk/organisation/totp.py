"""Time-based one-time passwords (RFC 6238) for the second factor (pure: no Django).

The algorithm is ``cryptography``'s (``hazmat.primitives.twofactor.totp``, a maintained
library already in the requirements): 6 digits, 30-second steps, SHA-1, which every
authenticator app (Google/Microsoft Authenticator, FreeOTP, 阿里云/腾讯身份验证器) reads from
the ``otpauth://`` URI. A code is accepted one step either side of now, and never twice
(the caller stores the last accepted step).
"""

from __future__ import annotations

import base64
import hmac
import secrets

from cryptography.hazmat.primitives.hashes import SHA1
from cryptography.hazmat.primitives.twofactor.totp import TOTP

DIGITS = 6
STEP = 30
WINDOW = 1


def new_secret() -> str:
    """A random 160-bit key, base32 as authenticator apps expect it."""
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def _totp(secret: str) -> TOTP:
    return TOTP(_key(secret), DIGITS, SHA1(), STEP, enforce_key_length=False)


def code_at(secret: str, when: float) -> str:
    return _totp(secret).generate(int(when)).decode()


def matching_step(secret: str, code: str, now: float, last_step: int) -> int | None:
    """The step ``code`` belongs to (within WINDOW of now), if later than ``last_step``."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    current = int(now) // STEP
    for step in range(current - WINDOW, current + WINDOW + 1):
        if step > last_step and hmac.compare_digest(code_at(secret, step * STEP), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    return _totp(secret).get_provisioning_uri(account, issuer)


def new_recovery_codes(n: int = 10) -> list[str]:
    """Single-use codes like ``k7m2-9xq4``: 40 bits each, no look-alike characters."""
    alphabet = "23456789abcdefghjkmnpqrstuvwxyz"
    return ["-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(2))
            for _ in range(n)]


def normalise_recovery_code(code: str) -> str:
    return "".join(code.lower().split()).replace("-", "")
