"""One project from 储备 to 投产: an approval project started from a signed investment project
of the pipeline carries its name, 投资项目代码, enterprise and parcel over and stays linked to
it (one identity), so the approval pages show the pipeline's stewards and the pipeline shows
the approvals."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.approvals.models import ConstructionProject
from zonedesk.approvals.services.applications import project_create
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.roles import Role
from zonedesk.projects import rules as pipeline_rules
from zonedesk.projects.models import Project

# From 签约 on the investment agreement exists and the enterprise applies for approvals.
LINKABLE_STAGES = frozenset(pipeline_rules.STAGES[pipeline_rules.STAGES.index(pipeline_rules.SIGNED):])


def project_create_from_pipeline(
    *, actor: Actor, pipeline_project_id: int, category_id: int, parcels: Sequence[str] | None = None
) -> ConstructionProject:
    """The approval project of a signed pipeline project. The actor must see the pipeline
    project (404 otherwise) and act for its enterprise (``project_create`` checks that: the
    enterprise itself or its steward under an authorisation covering 申报)."""
    user = actor.user
    with transaction.atomic():
        pipeline = (Project.objects.visible_to(user).select_for_update(of=("self",))
                    .filter(pk=pipeline_project_id).first() if user else None)
        if pipeline is None:
            raise NotFound()
        if not user.roles & {Role.ENTERPRISE, Role.STEWARD}:
            raise Forbidden("not_applicant", _("工程建设项目审批由企业或其授权的项目管家申报"))
        errors: dict[str, str] = {}
        if pipeline.stage not in LINKABLE_STAGES:
            errors["pipeline_project_id"] = _("项目签约后才能发起工程建设项目审批（当前阶段：%(s)s）") % {
                "s": pipeline.get_stage_display()}
        # The first unmet condition is named (the stage before the data it will need).
        if pipeline.enterprise_id is None:
            errors.setdefault("pipeline_project_id", _("请先在招商项目中登记项目单位（企业）"))
        if not pipeline.project_code:
            errors.setdefault("pipeline_project_id", _("请先在招商项目中登记投资项目代码"))
        if errors:
            raise ValidationFailed(errors)
        if ConstructionProject.objects.filter(pipeline_project=pipeline).exists():
            raise Conflict("already_linked", _("该招商项目已发起工程建设项目审批"))
        chosen = [p for p in (parcels if parcels is not None else [pipeline.parcel]) if p and p.strip()]
        project = project_create(actor=actor, enterprise_id=pipeline.enterprise_id, name=pipeline.name,
                                 code=pipeline.project_code, category_id=category_id, parcels=chosen)
        project.pipeline_project = pipeline
        project.save(update_fields=["pipeline_project"])
        audit_record(actor=actor, action="approvals.project.link_pipeline", obj=project,
                     after={"pipeline_project": pipeline.pk, "name": pipeline.name})
    return project
