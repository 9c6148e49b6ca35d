"""Counter rows of the per-zone, per-day summary tables, bumped in the writing transaction.

A summary row is keyed by a unique set of columns (zone, day, …) and carries counts. ``bump``
adds to them: an UPDATE … SET n = n + delta, which row-locks the counter until the writer
commits (two writers of one row queue; different rows do not), else an INSERT in a savepoint;
of two first inserts the loser updates the winner's row instead of failing.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F


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
