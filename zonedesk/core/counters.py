"""Counter rows of the per-zone, per-day summary tables, bumped in the writing transaction.

A summary row is keyed by a unique set of columns (zone, day, …) and carries counts. ``bump``
adds to them: an UPDATE … SET n = n + delta, which row-locks the counter until the writer
commits (two writers of one row queue; different rows do not), else an INSERT in a savepoint;
of two first inserts the loser updates the winner's row instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

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


def summary_table_rebuild(model: type[models.Model], *, zones: list[int] | None,
                    recompute: Callable[[], Sequence[models.Model]], total: str,
                    actor: Any = None, action: str = "", label: str = "",
                    after: Callable[[], dict[str, Any]] = dict, old: QuerySet | None = None) -> None:
    """One summary table's rebuild, shared by every table's ``*_rebuild``: the zones' rows (or
    ``old``, a narrower slice) replaced by ``summary_replace`` in one transaction, and, when an
    actor asked for it, audited in that transaction with the previous total of ``total`` and
    ``after()`` (read once the recompute has run) plus the zones."""
    from zonedesk.audit.services import audit_record  # audit writes through core: import late

    if old is None:
        old = model._default_manager.all()
    if zones is not None:
        old = old.filter(zone_id__in=zones)
    with transaction.atomic():
        before = summary_replace(model, old, recompute, total=total)
        if actor is not None:
            audit_record(actor=actor, action=action, object_type=model._meta.label_lower,
                         object_repr=label, before={total: before},
                         after={**after(), "zones": zones or "all"})


def _field(model: type[models.Model], name: str) -> models.Field:
    return cast(models.Field, model._meta.get_field(name))


def number_next(model: type[models.Model], key: dict[str, Any], *, field: str = "last") -> int:
    """Take the next number of a counter row (a case number's or a certificate's sequence) in the
    caller's transaction: one ``UPDATE … SET last = last + 1 … RETURNING last`` (PostgreSQL and
    SQLite ≥ 3.35 both return it), which row-locks the counter until commit, so two writers never
    get the same number and a rollback gives it back. The key's first number inserts the row in
    a savepoint (``last`` = 1); of two first inserts the loser takes the next number from the
    winner's row. ``key`` maps field names to plain values (a foreign key: its id)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next must run inside the caller's transaction")
    meta = model._meta
    qn = connection.ops.quote_name
    column = qn(_field(model, field).column)
    where = " AND ".join(f"{qn(_field(model, name).column)} = %s" for name in key)
    sql = f"UPDATE {qn(meta.db_table)} SET {column} = {column} + 1 WHERE {where} RETURNING {column}"
    params = list(key.values())

    def update() -> int | None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return None if row is None else int(row[0])

    taken = update()
    if taken is not None:
        return taken
    values = {(f"{name}_id" if meta.get_field(name).is_relation else name): v for name, v in key.items()}
    try:
        with transaction.atomic():  # a savepoint: a lost race leaves the outer transaction usable
            model._default_manager.create(**values, **{field: 1})
        return 1
    except IntegrityError:
        taken = update()
        if taken is None:  # the winner's row must exist once its insert conflicted with ours
            raise
        return taken
