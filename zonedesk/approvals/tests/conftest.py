"""Fixtures for the approval tests."""

from __future__ import annotations

import os

if os.environ.get("ZONEDESK_DEMO_ONLY"):
    # Iterating on one capability while the others' demo loaders are under construction:
    # ZONEDESK_DEMO_ONLY=zonedesk.approvals.demo loads the foundation and only that loader.
    from zonedesk.demo.management.commands import demo_load

    demo_load.CAPABILITY_LOADERS = tuple(os.environ["ZONEDESK_DEMO_ONLY"].split(","))

import itertools
from collections.abc import Callable

import pytest

from zonedesk.approvals import services
from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApplicationMaterial,
    ApplicationStatus,
    ConstructionProject,
    CreditEvent,
    ItemState,
    MaterialRecord,
    MaterialStatus,
    Pause,
    ProjectCategory,
)
from zonedesk.core.actor import Actor
from zonedesk.organisation.models import User
from zonedesk.testing.audit import audit_rows

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
_codes = itertools.count(500)


def counts() -> dict[str, int]:
    """Rows every approval write may touch: equal before and after a refused call. The
    refusal itself is audited (``access.denied``), which is not a change of approval data."""
    return {
        **{m.__name__: m.objects.count()
           for m in (ConstructionProject, Application, ApplicationItem, ApplicationMaterial, MaterialRecord,
                     Pause, CreditEvent)},
        "AuditRecord": audit_rows(),
    }


def actor(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), ip="127.0.0.1", channel="web")


def reviewer_of(ai: ApplicationItem) -> Actor:
    user = (
        User.objects.filter(department_id=ai.department_id, role_grants__role="reviewer")
        .order_by("username")
        .first()
    )
    return Actor(user=user, ip="127.0.0.1", channel="web")


def lead_of(app: Application) -> Actor:
    """A reviewer of the stage's lead department (牵头部门)."""
    from zonedesk.approvals.models import StageLead

    lead = StageLead.objects.get(version_id=app.version_id, stage=app.stage)
    user = (
        User.objects.filter(department_id=lead.department_id, role_grants__role="reviewer")
        .order_by("username")
        .first()
    )
    return Actor(user=user, ip="127.0.0.1", channel="web")


def ask_supplement(ai: ApplicationItem, reason: str, material_type_ids=()) -> None:
    """A department's 补正 request as the applicant gets it: collected, then sent by the lead
    department in the stage's one notice (the item's clock stops then)."""
    services.item_request_supplement(
        actor=reviewer_of(ai), item_id=ai.pk, reason=reason, material_type_ids=list(material_type_ids)
    )
    services.stage_notice_issue(actor=lead_of(ai.application), application_id=ai.application_id)


def new_project(parcels=("LY-TC-05",), name: str = "测试厂房项目") -> ConstructionProject:
    ent = actor("enterprise")
    category = ProjectCategory.objects.get(
        version__zone__code="LY", version__is_current=True, code="industrial_social"
    )
    return services.project_create(
        actor=ent,
        enterprise_id=ent.user.enterprise_id,
        name=name,
        code=f"2026-211382-30-03-{next(_codes):06d}",
        category_id=category.pk,
        parcels=list(parcels),
    )


def stage_values(stage: str, zone_id: int | None = None) -> dict[str, str]:
    """The stage form's entries no register prefills, as the demo applicant types them (zone
    LY unless given)."""
    from zonedesk.approvals.demo import form_values
    from zonedesk.organisation.models import Zone

    return form_values(stage, zone_id or Zone.objects.get(code="LY").pk)


def upload_missing(app: Application, *, skip: tuple[str, ...] = ()) -> None:
    ent = actor("enterprise")
    for row in app.materials.select_related("material_type"):
        if (
            row.status in (MaterialStatus.MISSING, MaterialStatus.TOLERATED)
            and row.material_type.code not in skip
        ):
            services.application_add_material(
                actor=ent,
                application_id=app.pk,
                material_type_id=row.material_type_id,
                upload=(f"{row.material_type.code}.pdf", PDF),
            )


def run_stage(
    project: ConstructionProject, stage: str, *, finish: bool = True, close: bool = True
) -> Application:
    """Submit, accept and (``finish``) decide every item of a stage; ``close``: the lead
    department then records the combined result, which completes the stage."""
    form = stage_values(stage, project.zone_id)
    app = services.application_submit(
        actor=actor("enterprise"), project_id=project.pk, stage=stage, form=form
    )
    upload_missing(app)
    services.application_accept(actor=actor("window"), application_id=app.pk)
    if finish:
        for ai in app.items.filter(state=ItemState.IN_REVIEW):
            services.item_approve(actor=reviewer_of(ai), item_id=ai.pk)
        app.refresh_from_db()
        if close and app.status == ApplicationStatus.LEAD_SUMMARY:
            services.stage_close(
                actor=lead_of(app), application_id=app.pk, result="各事项均已办结，本阶段办结"
            )
    app.refresh_from_db()
    return app


@pytest.fixture
def snapshot_counts() -> Callable[[], dict[str, int]]:
    return counts


@pytest.fixture(autouse=True)
def _tmp_storage(settings, tmp_path):
    """Uploads and certificate PDFs of a test go to its own directory, never to var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return tmp_path / "files"
