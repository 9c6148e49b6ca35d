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
from zonedesk.testing.audit import audit_rows


def appraisal_counts() -> tuple[int, ...]:
    # The refusal itself is audited (access.denied): every other audit row must stay put.
    return (*(m.objects.count() for m in (AppraisalPeriod, AppraisalSheet, Score, Objection, Correction,
                                          EmploymentDecision)),
            audit_rows())


@pytest.fixture
def demo_period(db):
    from zonedesk.appraisal.demo import PERIOD

    return AppraisalPeriod.objects.get(name=PERIOD)
