"""The one statement every range sweep marks its batch with.

A sweep's batch is the first ``limit`` rows of an indexed range (``due < now AND open AND not
yet marked``), locked, marked and read back. Done as SELECT → Python ids → UPDATE it costs two
round trips and a Python list of ids per batch, and the caller then loads the rows again to
tell anybody. Here it is one statement:

    UPDATE t SET <marks> WHERE id = ANY(ARRAY(SELECT id FROM t WHERE <range> ORDER BY <order>
                                              LIMIT n FOR UPDATE OF t SKIP LOCKED))
    RETURNING <what the audit and the warnings need>

(``id IN (SELECT …)`` on SQLite.)

On PostgreSQL the subquery skips rows another worker holds, so workers share the range and
none waits; a marked row leaves the range (its own predicate says so), so a repeated call
reaches every row exactly once and the loop ends on an empty batch. SQLite has no row locks
(Django leaves FOR UPDATE out there): its single writer takes the database's write lock at this
UPDATE, before reading the range, so a second worker waits for the first to commit and then
finds the marked rows out of its range — the same exactly-once with no sharing.

The SET clause is compiled by Django (``F``, ``Subquery`` with ``OuterRef``, ``Value`` all
work, as in ``QuerySet.update``); only RETURNING is added by hand, in the column names the
caller lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from django.db import connections
from django.db.models import BooleanField, Field, Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.sql.subqueries import UpdateQuery


def mark_batch(
    queryset: QuerySet[Any],
    *,
    limit: int,
    marks: Mapping[str, Any],
    returning: Sequence[str],
) -> list[tuple]:
    """Mark the first ``limit`` rows of ``queryset`` (filtered and ordered as the sweep's range
    index is) with ``marks`` and return each marked row's ``returning`` columns, in no
    particular order. Must run inside the sweep's transaction (the lock lasts until commit)."""
    model: type[Model] = queryset.model
    using = queryset.db
    conn = connections[using]
    if not conn.in_atomic_block:
        raise RuntimeError("mark_batch must run inside the sweep's transaction")
    picked = queryset.select_for_update(skip_locked=True, of=("self",)).values("pk")[:limit]
    picked_sql, picked_params = picked.query.sql_with_params()
    pk = f"{conn.ops.quote_name(model._meta.db_table)}.{conn.ops.quote_name(model._meta.pk.column)}"
    if conn.vendor == "postgresql":
        # = ANY(ARRAY(…)): the batch is picked once (an InitPlan) and the rows to update are
        # reached through the primary key; as IN (…) the planner may hash the batch and scan
        # the whole table for it on every batch (it did for the appeals: a sequential scan of
        # 200,000 rows per batch, and JIT compilation on top).
        where = RawSQL(f"{pk} = ANY(ARRAY({picked_sql}))", picked_params, output_field=BooleanField())
    else:
        where = RawSQL(f"{pk} IN ({picked_sql})", picked_params, output_field=BooleanField())
    target = model._default_manager.using(using).filter(where)
    query = cast(UpdateQuery, target.query.chain(UpdateQuery))
    query.add_update_values(dict(marks))
    sql, params = query.get_compiler(using).as_sql()
    table = conn.ops.quote_name(model._meta.db_table)
    fields = [cast(Field, model._meta.get_field(name)) for name in returning]
    columns = ", ".join(f"{table}.{conn.ops.quote_name(f.column)}" for f in fields)
    with conn.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {columns}", params)
        rows = cursor.fetchall()
    # A raw cursor returns what the driver gives (SQLite: dates as text); convert as a queryset
    # would, and only the columns that need it.
    convert = []
    for i, f in enumerate(fields):
        col = f.get_col(model._meta.db_table)
        if fns := conn.ops.get_db_converters(col) + cast(Any, f).get_db_converters(conn):
            convert.append((i, col, fns))
    if not convert:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for i, col, fns in convert:
            for fn in fns:
                values[i] = fn(values[i], col, conn)
        out.append(tuple(values))
    return out
