"""Scaffolding for the enterprise registry's tests: counts of what a call may change and the
audit rows it wrote."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.core.models import ImportBatch
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, EnterpriseYearFigure
from zonedesk.testing.audit import audit_rows


def registry_counts() -> dict[str, int]:
    """Row counts of everything a registry write may touch; equal before and after a
    refused call means the call changed nothing."""
    return {
        "enterprises": Enterprise.objects.count(),
        "flags": EnterpriseFlag.objects.count(),
        "figures": EnterpriseYearFigure.objects.count(),
        "batches": ImportBatch.objects.count(),
        "audit": audit_rows(),
    }


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return registry_counts


@pytest.fixture
def audits() -> Callable[..., list[AuditRecord]]:
    """audits(action=None) -> the audit rows written during this test, oldest first."""
    since = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def get(action: str | None = None) -> list[AuditRecord]:
        qs = AuditRecord.objects.filter(id__gt=since).order_by("id")
        if action:
            qs = qs.filter(action=action)
        return list(qs)

    return get
