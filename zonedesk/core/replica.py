"""Reads that may come from a streaming replica (the distributed path, docs/scaling.md).

With ``DATABASE_REPLICA_URL`` set, settings add a ``replica`` database and this router. Only
code inside `replica_reads()` (or a view decorated with `@replica_reads`) reads from it:
dashboards, reports, exports and rate pages — figures over many rows where a lag of a moment
does not matter. Everything else, and every write, uses ``default``, so nobody ever reads their
own write from a replica that has not replayed it yet.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("zonedesk_replica_reads", default=False)

F = TypeVar("F", bound=Callable[..., Any])


def replica_enabled() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def _reads() -> Iterator[None]:
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(fn: F | None = None):  # type: ignore[no-untyped-def]
    """As a decorator: the view's reads go to the replica. As ``with replica_reads():``: the
    block's reads do."""
    if fn is None:
        return _reads()

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with _reads():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    """``db_for_read`` is the replica inside `replica_reads`, else default; writes, relations and
    migrations are the primary's (the replica is a physical copy of it)."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _reading.get() and replica_enabled() else "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
