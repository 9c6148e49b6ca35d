"""Pure rules of delivery: quiet hours, back-off, the idempotency key. No ORM, no settings."""

from __future__ import annotations

import datetime as dt
import hashlib


def parse_quiet_hours(text: str) -> tuple[dt.time, dt.time] | None:
    """"22:00-07:00" → (22:00, 07:00); empty → None. A bad value raises ValueError naming it."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        start, end = (dt.time.fromisoformat(part.strip()) for part in text.split("-", 1))
    except ValueError as exc:
        raise ValueError(f"quiet hours must look like 22:00-07:00, not {text!r}") from exc
    if start == end:
        return None
    return start, end


def in_quiet(moment: dt.time, quiet: tuple[dt.time, dt.time] | None) -> bool:
    if quiet is None:
        return False
    start, end = quiet
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end  # wraps midnight


def release_at(local_now: dt.datetime, quiet: tuple[dt.time, dt.time] | None) -> dt.datetime:
    """When a non-urgent message may go out: now, or the end of the quiet hours it falls in."""
    if not in_quiet(local_now.timetz().replace(tzinfo=None), quiet):
        return local_now
    assert quiet is not None
    end = quiet[1]
    candidate = local_now.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if candidate <= local_now:
        candidate += dt.timedelta(days=1)
    return candidate


def backoff(attempts: int, *, base_seconds: int = 60, cap_seconds: int = 6 * 3600) -> dt.timedelta:
    """Wait after the ``attempts``-th failure: 1, 2, 4, 8 ... minutes, at most six hours."""
    return dt.timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempts - 1)))


def dedupe_key(event: str, object_key: str, state: str) -> str:
    """One message per (event, object, state): a sweep that sees the same state again finds
    the key taken. Hashed so long states fit the column."""
    raw = f"{event}|{object_key}|{state}"
    if len(raw) <= 120:
        return raw
    return f"{event}|{object_key}|#" + hashlib.sha256(raw.encode()).hexdigest()[:40]


def quiet_for(mode: str, start: dt.time | None, end: dt.time | None,
              default: tuple[dt.time, dt.time] | None) -> tuple[dt.time, dt.time] | None:
    """A person's quiet hours: the deployment's default, their own, or none."""
    if mode == "off":
        return None
    if mode == "custom" and start is not None and end is not None and start != end:
        return start, end
    return default
