"""One project from 储备 to 投产: approvals started from a signed pipeline project carry its data
over, stay linked to it, and show its stewards; the pipeline page shows the approvals."""

from __future__ import annotations

import pytest

from zonedesk.approvals.models import ConstructionProject, ProjectCategory
from zonedesk.approvals.services import project_create_from_pipeline
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, ValidationFailed
from zonedesk.projects.models import Project
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def _category() -> int:
    return ProjectCategory.objects.get(
        version__zone__code="LY", version__is_current=True, code="industrial_social"
    ).pk


def test_the_steward_starts_the_approvals_of_a_signed_project(client) -> None:
    pipeline = Project.objects.select_related("project_steward").get(
        zone__code="LY", name="中玻硅基负极材料项目"
    )
    steward = pipeline.project_steward  # authorised by 中玻 in the demo (pipeline_demo)
    project = project_create_from_pipeline(
        actor=Actor(user=steward),
        pipeline_project_id=pipeline.pk,
        category_id=_category(),
        parcels=["LY-TC-10"],
    )
    assert (project.name, project.code, project.enterprise_id, project.pipeline_project_id) == (
        pipeline.name,
        pipeline.project_code,
        pipeline.enterprise_id,
        pipeline.pk,
    )
    with pytest.raises(Conflict):
        project_create_from_pipeline(
            actor=Actor(user=steward), pipeline_project_id=pipeline.pk, category_id=_category()
        )

    client.force_login(steward)
    page = client.get(f"/approvals/projects/{project.pk}/").content.decode()
    assert 'id="pipeline-link"' in page and steward.display_name in page and 'id="event-log"' in page
    assert "关联招商项目" in page and "登记项目" in page  # the event log, from the audit trail
    page = client.get(f"/projects/{pipeline.pk}/").content.decode()
    assert f"/approvals/projects/{project.pk}/" in page


def test_refusals_name_the_reason_and_write_nothing() -> None:
    from zonedesk.organisation.models import User

    signed = Project.objects.select_related("project_steward").get(
        zone__code="LY", name="中玻硅基负极材料项目"
    )
    reserve = Project.objects.filter(zone__code="LY", stage="reserve").order_by("pk").first()
    Project.objects.filter(pk=reserve.pk).update(project_steward=signed.project_steward)  # theirs to see
    leader = User.objects.get(username="leader")
    before = (ConstructionProject.objects.count(), audit_rows())
    with pytest.raises(Forbidden):
        project_create_from_pipeline(
            actor=Actor(user=leader), pipeline_project_id=signed.pk, category_id=_category()
        )
    with pytest.raises(ValidationFailed) as exc:
        project_create_from_pipeline(
            actor=Actor(user=signed.project_steward), pipeline_project_id=reserve.pk, category_id=_category()
        )
    assert "签约后" in exc.value.errors["pipeline_project_id"]
    assert (ConstructionProject.objects.count(), audit_rows()) == before


def test_the_demo_links_one_project() -> None:
    linked = ConstructionProject.objects.get(zone__code="LY", pipeline_project__isnull=False)
    assert linked.name == linked.pipeline_project.name and linked.code == linked.pipeline_project.project_code
