"""A short-lived cache of computed figures (the dashboard's sections, the appeal rates).

A figure is an aggregate over a zone's cases for a period: many readers ask the same one within
a minute, and computing it is most of those pages' cost (dozens of grouped queries and their
Python). The cache is honest about what it serves:

- the key is everything the value depends on — the zones (or, for a reader who sees only part of
  a zone, that reader), the period, the day, the language, and whatever the caller adds — so two
  readers share a value only when they would have computed the same one;
- a value lives at most ``FIGURES_CACHE_SECONDS`` (never more than 60 s; 0 turns the cache off,
  the test profile's default), and is not invalidated by writes: a figure may lag a write by
  that much;
- it comes back with the moment it was computed, which the page shows ("数据截至 HH:MM").

The cache is Django's default cache (per process unless the deployment configures a shared one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

T = TypeVar("T")

MAX_SECONDS = 60


def cache_seconds() -> int:
    return max(0, min(int(getattr(settings, "FIGURES_CACHE_SECONDS", 0)), MAX_SECONDS))


def figures_cached(name: str, parts: tuple, make: Callable[[], T]) -> tuple[T, dt.datetime]:
    """(``make()``'s value, when it was computed): from the cache when the same ``name`` and
    ``parts`` were computed in this language today within the last ``cache_seconds()``."""
    seconds = cache_seconds()
    if seconds <= 0:
        return make(), timezone.now()
    # The day and the language are always part of the key: figures count "until today" and
    # carry translated labels.
    key_text = repr((name, parts, translation.get_language(), timezone.localdate().isoformat()))
    key = "figures:" + hashlib.sha256(key_text.encode()).hexdigest()
    hit = cache.get(key)
    if hit is not None:
        return hit
    value = (make(), timezone.now())
    cache.set(key, value, seconds)
    return value
