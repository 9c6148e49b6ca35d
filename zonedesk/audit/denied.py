"""Refused requests leave a trace: who asked for what, and got 403 or 404.

A scan must not flood the trail, so refusals are aggregated per actor and minute: a chained
audit record (action ``access.denied``, result ``denied``) is written for the 1st, 2nd, 4th,
8th … refusal of that actor in that minute, each carrying the running count. 10,000 refused
requests in a minute thus leave 14 rows, the last one saying "at least 8,192".
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from zonedesk.audit.models import Result
from zonedesk.core.actor import Actor

log = logging.getLogger(__name__)

DENIED = (403, 404)


def _is_power_of_two(n: int) -> bool:
    return n > 0 and n & (n - 1) == 0


def audit_denied(*, actor: Actor, method: str, path: str, status: int) -> int:
    """Count one refusal of ``actor``; write an audit record when the count is a power of two.
    Returns the count of this actor's refusals in the current minute."""
    from zonedesk.audit.services import audit_event

    minute = timezone.now().strftime("%Y%m%d%H%M")
    key = f"zonedesk:audit-denied:{actor.user.pk if actor.user else actor.ip}:{minute}"
    if cache.add(key, 1, timeout=120):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=120)
            count = 1
    if _is_power_of_two(count):
        audit_event(actor=actor, action="access.denied", object_type="http.request",
                    object_repr=f"{method} {path}"[:200], result=Result.DENIED,
                    after={"method": method, "path": path[:500], "status": status, "count": count,
                           "minute": minute},
                    message=f"{method} {path[:300]} → {status}（本分钟内第 {count} 次被拒绝）")
    return count


class DeniedAccessAuditMiddleware:
    """After the view: a 403 or 404 answered to a signed-in user (session or API token) is
    audited (aggregated as above). Anonymous 404s are not: they name nobody."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in DENIED:
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(settings.STATIC_URL):
            return response
        channel = "api" if request.path.startswith("/api/") else "web"
        try:
            audit_denied(actor=Actor(user=user, ip=Actor.from_request(request).ip, channel=channel),
                         method=request.method or "", path=request.get_full_path(),
                         status=response.status_code)
        except Exception:  # the refusal stands even if its trace cannot be written
            log.exception("could not audit a refused request")
        return response
