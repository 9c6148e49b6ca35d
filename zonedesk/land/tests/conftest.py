"""Scaffolding for the land tests: row counts of what a call may change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.land.models import Parcel, ParcelIndicators, ParcelSale, ProductionReview
from zonedesk.testing.audit import audit_rows

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def land_counts() -> dict[str, int]:
    return {
        "parcels": Parcel.objects.count(),
        "indicators": ParcelIndicators.objects.count(),
        "sales": ParcelSale.objects.count(),
        "reviews": ProductionReview.objects.count(),
        "decided": ProductionReview.objects.exclude(status="due").count(),
        "versions": sum(Parcel.objects.values_list("version", flat=True)),
        "audit": audit_rows(),
    }


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return land_counts


@pytest.fixture
def audits() -> Callable[..., list[AuditRecord]]:
    since = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def get(action: str | None = None) -> list[AuditRecord]:
        qs = AuditRecord.objects.filter(id__gt=since).order_by("id")
        if action:
            qs = qs.filter(action=action)
        return list(qs)

    return get


@pytest.fixture
def tmp_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
