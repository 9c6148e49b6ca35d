"""Scaffolding for the pipeline's tests: row counts of what a call may change."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.core.models import ImportBatch
from zonedesk.projects.models import (
    Project,
    ProjectDocument,
    StageMove,
    StewardAssignment,
)
from zonedesk.testing.audit import audit_rows


def pipeline_counts() -> dict[str, int]:
    return {
        "projects": Project.objects.count(),
        "moves": StageMove.objects.count(),
        "assignments": StewardAssignment.objects.count(),
        "documents": ProjectDocument.objects.count(),
        "batches": ImportBatch.objects.count(),
        "audit": audit_rows(),
    }


@pytest.fixture
def counts() -> Callable[[], dict[str, int]]:
    return pipeline_counts


@pytest.fixture
def audits() -> Callable[..., list[AuditRecord]]:
    since = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def get(action: str | None = None) -> list[AuditRecord]:
        qs = AuditRecord.objects.filter(id__gt=since).order_by("id")
        if action:
            qs = qs.filter(action=action)
        return list(qs)

    return get


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


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
    return tmp_path / "files"


@pytest.fixture
def ly_project(db):
    """project(stage) -> a Lingyuan demo project in that stage."""

    def get(stage: str, **filters) -> Project:
        return Project.objects.filter(zone__code="LY", stage=stage, **filters).order_by("pk").first()

    return get
