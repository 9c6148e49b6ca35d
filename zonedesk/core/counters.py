"""Counter rows of the per-zone, per-day summary tables, bumped in the writing transaction.

A summary row is keyed by a unique set of columns (zone, day, …) and carries counts. ``bump``
adds to them: an UPDATE … SET n = n + delta, which row-locks the counter until the writer
commits (two writers of one row queue; different rows do not), else an INSERT in a savepoint;
of two first inserts the loser updates the winner's row instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, QuerySet, Sum


def bump(model: type[models.Model], key: dict[str, Any], **deltas: int) -> None:
    if not any(deltas.values()):
        return
    increments = {name: F(name) + delta for name, delta in deltas.items()}
    if model._default_manager.filter(**key).update(**increments):
        return
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the outer transaction usable
            model._default_manager.create(**key, **deltas)
    except IntegrityError:
        model._default_manager.filter(**key).update(**increments)


def summary_replace(model: type[models.Model], old: QuerySet, recompute: Callable[[], Sequence[models.Model]],
                    *, total: str) -> int:
    """Replace summary rows (``old``, a slice of ``model``'s table) by the recomputed ones, in the
    caller's transaction; the previous total of the ``total`` column is returned for the audit.
    On PostgreSQL the table is locked against ``bump`` first, so a case that ends meanwhile is
    either in the recompute or bumped after it, never lost or counted twice."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("summary_replace must run inside the caller's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute(f"LOCK TABLE {model._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    rows = recompute()
    before = old.aggregate(s=Sum(total))["s"] or 0
    old.delete()
    model._default_manager.bulk_create(rows, batch_size=2000)
    return before
