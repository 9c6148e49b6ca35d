"""Demo of one project from 储备 to 投产: the demo steward starts the approvals of a signed
pipeline project of 中玻 from the pipeline page's service, so the approval project carries
its name, code and parcel and shows its stewards. Runs after the pipeline's demo; idempotent."""

from __future__ import annotations

from zonedesk.approvals.models import ConstructionProject, ProjectCategory
from zonedesk.approvals.services import project_create_from_pipeline
from zonedesk.approvals.services.pipeline import LINKABLE_STAGES
from zonedesk.core.actor import Actor
from zonedesk.organisation.models import User, Zone


def load(*, zones: dict[str, Zone]) -> None:
    import datetime as dt

    from zonedesk.agency.models import AgentAction, AgentAuthorisation
    from zonedesk.agency.services import authorisation_grant
    from zonedesk.projects.models import Project

    zone = zones["LY"]
    if ConstructionProject.objects.filter(zone=zone, pipeline_project__isnull=False).exists():
        return
    owner = User.objects.filter(username="enterprise").first()
    if owner is None:
        return
    taken = ConstructionProject.objects.filter(zone=zone)
    pipeline = (
        Project.objects.filter(zone=zone, enterprise_id=owner.enterprise_id, stage__in=LINKABLE_STAGES,
                               project_steward__isnull=False)
        .exclude(project_code="")
        .exclude(name__in=taken.values("name"))
        .exclude(project_code__in=taken.values("code"))
        .select_related("project_steward")
        .order_by("-signed_on", "pk")
        .first()
    )
    if pipeline is None:
        return
    steward = pipeline.project_steward
    # 中玻 authorises its project steward to apply for it (代办), as it did the demo steward.
    if not AgentAuthorisation.objects.filter(enterprise_id=owner.enterprise_id, agent=steward).exists():
        authorisation_grant(
            actor=Actor(user=owner, channel="command", label="demo_load"), agent_id=steward.pk, mode="act",
            actions=[AgentAction.APPROVALS_APPLY, AgentAction.APPROVALS_SUPPLEMENT],
            valid_from=dt.date(2026, 6, 1), valid_until=dt.date(2027, 5, 31),
            note="中玻(朝阳)新材料有限公司授权委托书（2026）第 2 号",
        )
    category = ProjectCategory.objects.get(version__zone=zone, version__is_current=True,
                                           code="industrial_social")
    project_create_from_pipeline(actor=Actor(user=steward, channel="command", label="demo_load"),
                                 pipeline_project_id=pipeline.pk, category_id=category.pk,
                                 parcels=[pipeline.parcel or "LY-TC-08"])
