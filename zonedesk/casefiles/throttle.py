"""Wrong tries at the public lookup, counted per client address in the cache (shared by every
process when REDIS_URL is set): after a few, each further try must wait, doubling."""

from __future__ import annotations

import time

from django.core.cache import cache

from zonedesk.casefiles.rules import throttle_delay

WINDOW_SECONDS = 3600


def _key(ip: str) -> str:
    return f"casefiles:lookup:{ip}"


def wait_seconds(ip: str, now: float | None = None) -> int:
    """How long this client must still wait before it may try (0: it may)."""
    now = now or time.time()
    failures, last = cache.get(_key(ip), (0, 0.0))
    remaining = int(last + throttle_delay(failures) - now)
    return max(0, remaining)


def record_failure(ip: str, now: float | None = None) -> None:
    now = now or time.time()
    failures, _last = cache.get(_key(ip), (0, 0.0))
    cache.set(_key(ip), (failures + 1, now), WINDOW_SECONDS)


def clear(ip: str) -> None:
    cache.delete(_key(ip))
