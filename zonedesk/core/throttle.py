"""Rate limits on the shared cache (Redis in production), fixed windows.

``hit(scope, key, limit, window)`` counts one attempt and raises ``Throttled`` (429) once
more than ``limit`` attempts fell in the current window. The count lives in the cache every
worker shares, so the limit holds across processes; a cache outage fails open (the account
lockout in the database still applies).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from zonedesk.core.errors import ServiceError


class Throttled(ServiceError):
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("throttled", f"尝试过于频繁，请 {retry_after} 秒后再试。")
        self.retry_after = retry_after


def _window(scope: str, key: str, window: int) -> tuple[str, int]:
    now = int(time.time())
    start = now - now % window
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # user input never forms a cache key
    return f"zonedesk:throttle:{scope}:{digest}:{start}", start + window - now


def peek(scope: str, key: str | None, window: int) -> tuple[int, int]:
    """(attempts counted in this window, seconds until it ends), counting nothing."""
    if not key:
        return 0, 0
    cache_key, left = _window(scope, key, window)
    try:
        return int(cache.get(cache_key, 0)), left
    except Exception:  # the cache is down: fail open
        return 0, 0


def count(scope: str, key: str, window: int) -> tuple[int, int]:
    """Count one attempt; (attempts in this window, seconds until the window ends)."""
    cache_key, left = _window(scope, key, window)
    try:
        if cache.add(cache_key, 1, timeout=window + 5):
            n = 1
        else:
            n = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window + 5)
        n = 1
    except Exception:  # the cache is down: fail open
        return 0, 0
    return n, left


def reset(scope: str, key: str | None, window: int) -> None:
    """Forget the current window's count (the security administrator unlocking an account)."""
    if not key:
        return
    with contextlib.suppress(Exception):  # the cache is down: nothing to forget
        cache.delete(_window(scope, key, window)[0])


def refuse_over(scope: str, key: str | None, limit: int, window: int) -> None:
    """Raise Throttled when ``limit`` attempts were already counted in this window."""
    n, left = peek(scope, key, window)
    if limit > 0 and n >= limit:
        raise Throttled(max(left, 1))


def hit(scope: str, key: str | None, limit: int, window: int) -> int:
    """Count one attempt and raise Throttled past the limit; returns the attempt's number."""
    if not key or limit <= 0:
        return 0
    n, left = count(scope, key, window)
    if n > limit:
        raise Throttled(max(left, 1))
    return n


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Throttle a page anyone may open without signing in (THROTTLE_PUBLIC_IP per address):
    a scan for valid verification codes gets 429 after the limit."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from zonedesk.core.actor import client_ip

        try:
            hit("public-ip", client_ip(request), *settings.THROTTLE_PUBLIC_IP)
        except Throttled as exc:
            response = HttpResponse(_("请求过于频繁，请 %(s)s 秒后再试。") % {"s": exc.retry_after},
                                    status=429, content_type="text/plain; charset=utf-8")
            response["Retry-After"] = str(exc.retry_after)
            return response
        return view(request, *args, **kwargs)

    return wrapped
