"""Pages of the link between the pipeline and the approvals: start the approvals of a signed
pipeline project (its steward, acting for the enterprise), and the stewards shown on the
approval project."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from zonedesk.approvals import services
from zonedesk.approvals.catalogue import current_version
from zonedesk.approvals.models import ConstructionProject, ProjectCategory
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.projects.models import Project, StewardRole


class FromPipelineForm(forms.Form):
    category_id = forms.TypedChoiceField(label=_lazy("项目类别"), coerce=int)
    parcels = forms.CharField(label=_lazy("建设地块编号"), max_length=300, required=False,
                              help_text=_lazy("多个地块用逗号分隔；留空则沿用招商项目的地块"))

    def __init__(self, *args, zone_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        version = current_version(zone_id)
        self.fields["category_id"].choices = [
            (c.pk, str(c)) for c in ProjectCategory.objects.filter(version=version)]


def pipeline_context(user, project: ConstructionProject) -> dict:
    """The linked pipeline project and its 3 stewards + 1 assistant, for the approval page.
    The stewards are shown to whoever sees the approval project (they are the people to call);
    the link to the pipeline page only to those who may open it."""
    stewards = Project.objects.select_related("project_steward", "env_steward", "safety_steward", "assistant")
    pipeline = (stewards.filter(pk=project.pipeline_project_id).first()
                if project.pipeline_project_id else None)
    if pipeline is None:
        return {"pipeline": None, "pipeline_stewards": [], "pipeline_visible": False}
    labels = dict(StewardRole.choices)
    return {
        "pipeline": pipeline,
        "pipeline_stewards": [(labels[r], getattr(pipeline, r)) for r in StewardRole.values],
        "pipeline_visible": Project.objects.visible_to(user).filter(pk=pipeline.pk).exists(),
    }


def from_pipeline_form(user, pipeline: Project) -> FromPipelineForm | None:
    """The form on the pipeline page, when this user may start the approvals now."""
    if (pipeline.stage not in services.pipeline.LINKABLE_STAGES or pipeline.enterprise_id is None
            or ConstructionProject.objects.filter(pipeline_project=pipeline).exists()
            or not user.has_role("steward")):
        return None
    return FromPipelineForm(zone_id=pipeline.zone_id, initial={"parcels": pipeline.parcel})


@login_required
@require_POST
def project_from_pipeline(request: HttpRequest, pipeline_pk: int) -> HttpResponse:
    pipeline = Project.objects.visible_to(request.user).filter(pk=pipeline_pk).first()
    if pipeline is None:
        raise Http404
    form = FromPipelineForm(request.POST, zone_id=pipeline.zone_id)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()))
        return redirect("projects:detail", pk=pipeline.pk)
    parcels = [p.strip() for p in form.cleaned_data["parcels"].replace("，", ",").split(",") if p.strip()]
    try:
        project = services.project_create_from_pipeline(
            actor=Actor.from_request(request), pipeline_project_id=pipeline.pk,
            category_id=form.cleaned_data["category_id"], parcels=parcels or None)
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        errors = getattr(exc, "errors", None)
        messages.error(request, "；".join(errors.values()) if errors else exc.message)
        return redirect("projects:detail", pk=pipeline.pk)
    messages.success(request, _("已发起工程建设项目审批：%(n)s") % {"n": project.name})
    return redirect("approvals:timeline", pk=project.pk)
