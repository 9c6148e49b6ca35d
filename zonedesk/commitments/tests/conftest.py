"""Scaffolding for the commitments tests: row counts of what a call may change."""

from __future__ import annotations

import pytest

from zonedesk.commitments.models import Arrear, ArrearPayment, Commitment, CommitmentEvidence, Handover
from zonedesk.testing.audit import audit_rows

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def register_counts() -> dict[str, int]:
    return {
        "commitments": Commitment.objects.count(),
        "evidence": CommitmentEvidence.objects.count(),
        "handovers": Handover.objects.count(),
        "arrears": Arrear.objects.count(),
        "payments": ArrearPayment.objects.count(),
        "audit": audit_rows(),
    }


@pytest.fixture
def tmp_storage(settings, tmp_path):
    """Uploads of a test go to its own directory, never to var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
