"""Pagination that stays fast deep into a long list.

* Keyset (cursor) pages: the next page is "the rows after the last one shown" in the list's
  order — an index range scan of page-size rows however deep — instead of OFFSET, which walks
  every skipped row. The cursor is the last row's order values, opaque to the client.
* Capped counts: above `COUNT_CAP` the total is shown as "10,000+" instead of an exact
  COUNT(*) over the whole range (`SELECT COUNT(*) FROM (… LIMIT cap + 1)`).

Order fields must be non-null and end with a unique one (usually ``id``); ``-name`` sorts
descending. The cursor carries the values as JSON (dates and datetimes as ISO strings).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

COUNT_CAP = 10_000


@dataclass(frozen=True)
class Count:
    value: int
    capped: bool  # more than `value` rows exist

    @property
    def label(self) -> str:
        return f"{self.value:,}+" if self.capped else f"{self.value:,}"


def capped_count(qs: QuerySet, cap: int = COUNT_CAP) -> Count:
    """The exact count up to `cap`, else `cap` flagged as capped: a bounded query."""
    n = qs.order_by()[: cap + 1].count()
    return Count(cap, True) if n > cap else Count(n, False)


class BadCursor(ValueError):
    pass


def _encode_value(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return {"dt": v.isoformat()}
    if isinstance(v, dt.date):
        return {"d": v.isoformat()}
    return v


def _decode_value(v: Any) -> Any:
    if isinstance(v, dict) and "dt" in v:
        return dt.datetime.fromisoformat(v["dt"])
    if isinstance(v, dict) and "d" in v:
        return dt.date.fromisoformat(v["d"])
    return v


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, n: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError) as exc:
        raise BadCursor("cursor") from exc
    if not isinstance(values, list) or len(values) != n:
        raise BadCursor("cursor")
    return [_decode_value(v) for v in values]


def _beyond(field: str, value: Any) -> Q:
    name = field.lstrip("-")
    return Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": value})


@dataclass(frozen=True)
class KeysetPage:
    rows: list[Any]
    next_cursor: str | None


def keyset_page(qs: QuerySet, order: list[str], size: int, cursor: str | None = None,
                prefix: tuple[str, ...] = ()) -> KeysetPage:
    """One page of `qs` in `order`, after `cursor` (None: the first page). Raises BadCursor.

    "After (a, b, c)" is split into its branches — (a = x, b = y, c beyond z), then (a = x,
    b beyond y), then (a beyond x) — each an index range read in order with the rows still
    needed, deepest first, so a page deep in the list costs what the first page costs (one OR
    of the branches would make the planner walk the index from the start). `prefix` names
    leading order columns the query fixes by equality (they lead the index, e.g. the inbox's
    department): they order every branch but are not part of the cursor."""
    ordering = [*prefix, *order]
    if not cursor:
        rows = list(qs.order_by(*ordering)[: size + 1])
    else:
        values = decode_cursor(cursor, len(order))
        rows = []
        for j in range(len(order) - 1, -1, -1):
            equal = Q(**{f.lstrip("-"): v for f, v in zip(order[:j], values[:j], strict=True)})
            need = size + 1 - len(rows)
            rows += list(qs.filter(equal, _beyond(order[j], values[j])).order_by(*ordering)[:need])
            if len(rows) > size:
                break
    more = len(rows) > size
    rows = rows[:size]
    if not more or not rows:
        return KeysetPage(rows, None)
    last = rows[-1]
    return KeysetPage(rows, encode_cursor([_value(last, f.lstrip("-")) for f in order]))


def _value(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row[name]
    for part in name.split("__"):
        row = getattr(row, part if part != "pk" else "pk")
    return row
