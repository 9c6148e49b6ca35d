from __future__ import annotations

import pytest

from zonedesk.appraisal.models import (
    AppraisalPeriod,
    AppraisalSheet,
    Correction,
    EmploymentDecision,
    Objection,
    Score,
)
from zonedesk.audit.models import AuditRecord


def appraisal_counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            AppraisalPeriod,
            AppraisalSheet,
            Score,
            Objection,
            Correction,
            EmploymentDecision,
            AuditRecord,
        )
    )


@pytest.fixture
def demo_period(db):
    from zonedesk.appraisal.demo import PERIOD

    return AppraisalPeriod.objects.get(name=PERIOD)
