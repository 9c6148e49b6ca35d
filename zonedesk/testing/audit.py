"""Counting the audit rows a change wrote, for "a refused call changes nothing" assertions.

A refused request is itself audited (``access.denied``, issue 16: refused attempts leave a
trace), so the count that must not move is the count of every other row."""

from __future__ import annotations

from zonedesk.audit.models import AuditRecord

DENIED = "access.denied"


def audit_rows() -> int:
    """Audit rows other than the records of refused access."""
    return AuditRecord.objects.exclude(action=DENIED).count()


def after_commit_work(callbacks: list) -> list:
    """The after-commit callbacks a change queued, without the audit's no-op lane markers
    (``LaneHeld``: a transaction's last record on a chain registers one so its next record
    can reuse the lane), so a test counts and runs the change's own work."""
    from zonedesk.audit.services import LaneHeld

    return [c for c in callbacks if not isinstance(c, LaneHeld)]
