"""Writes of case numbers: allocated in the caller's transaction, so a rolled-back submission
gives its number back (the only gap) and a committed one keeps it for ever."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zonedesk.casefiles import rules
from zonedesk.casefiles.models import CaseKind, CaseNumber, CaseSequence
from zonedesk.core.counters import number_next
from zonedesk.organisation.models import Zone


def _next_seq(zone_id: int, kind: str, year: int) -> int:
    # One UPDATE … RETURNING locks the counter row and takes the next number; the year's first
    # case creates the row (a concurrent first case's row wins, ours takes its next number).
    return number_next(CaseSequence, {"zone": zone_id, "kind": kind, "year": year})


def case_number_allocate(*, zone_id: int, object_id: int, kind: str = CaseKind.APPLICATION,
                         new: bool = False, zone_code: str | None = None) -> CaseNumber:
    """Give an application its 办件编号 and query code. Call inside the submitting service's
    transaction; calling it again for the same object returns the number it already has.
    ``new``: the object was created in this transaction, so it has no number yet (no look-up);
    ``zone_code``: the zone's code when the caller has it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_number_allocate must run inside the service's transaction")
    if not new:
        existing = CaseNumber.objects.filter(kind=kind, object_id=object_id).first()
        if existing is not None:
            return existing
    zone = Zone(pk=zone_id, code=zone_code) if zone_code else Zone.objects.only("code").get(pk=zone_id)
    year = timezone.localdate().year
    seq = _next_seq(zone_id, kind, year)
    return CaseNumber.objects.create(zone_id=zone_id, kind=kind, object_id=object_id,
                                     number=rules.format_number(zone.code, year, seq),
                                     query_code=rules.new_query_code())


def case_number_register(*, zone_id: int, object_id: int, number: str,
                         kind: str = CaseKind.APPEAL) -> CaseNumber:
    """Record a number the owning capability already gives (the appeals' SQ numbers) with a
    query code, so the public lookup treats every case alike."""
    existing = CaseNumber.objects.filter(kind=kind, object_id=object_id).first()
    if existing is not None:
        return existing
    return CaseNumber.objects.create(zone_id=zone_id, kind=kind, object_id=object_id, number=number,
                                     query_code=rules.new_query_code())
