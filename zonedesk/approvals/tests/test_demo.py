"""The demo data: what the demo logins meet, and a second load adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationStatus,
    ApprovalItem,
    CatalogueVersion,
    ConstructionProject,
    ItemState,
)

pytestmark = pytest.mark.django_db


def test_demo_catalogues_and_states() -> None:
    ly = CatalogueVersion.objects.get(zone__code="LY", is_current=True)
    jp = CatalogueVersion.objects.get(zone__code="JP", is_current=True)
    assert ly.items.count() >= 12
    assert 0 < jp.items.count() < ly.items.count()
    utilities = set(ApprovalItem.objects.filter(version=ly, is_utility=True).values_list("name", flat=True))
    assert utilities == {"供水报装", "供电报装", "供气报装", "供热报装"}
    assert set(ly.categories.values_list("limit_days", flat=True)) >= {40}
    statuses = set(Application.objects.filter(zone__code="LY").values_list("status", flat=True))
    assert {
        ApplicationStatus.COMPLETED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WINDOW_SUPPLEMENT,
    } <= statuses
    assert Application.objects.filter(tolerance=True, status=ApplicationStatus.IN_REVIEW).exists()
    assert ApplicationItem.objects.filter(state=ItemState.SUPPLEMENT).exists()
    assert ConstructionProject.objects.filter(saved_cost_wan__gte=50).exists()


def test_demo_load_is_idempotent() -> None:
    counts = (
        ConstructionProject.objects.count(),
        Application.objects.count(),
        ApplicationItem.objects.count(),
        CatalogueVersion.objects.count(),
    )
    call_command("demo_load", verbosity=0)
    assert counts == (
        ConstructionProject.objects.count(),
        Application.objects.count(),
        ApplicationItem.objects.count(),
        CatalogueVersion.objects.count(),
    )
