"""Pages of a stage beyond its items: the lead department's inbox and actions, the applicant's
answer to the stage notice and to an item's 补正 (with files), the stage form, and credit
repair. Thin: every write goes through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.approvals import services
from zonedesk.approvals.forms import JointReviewForm, StageForm
from zonedesk.approvals.models import ApplicationStatus
from zonedesk.approvals.selectors import get_application_for
from zonedesk.approvals.services.stage_forms import field_specs
from zonedesk.approvals.stage_models import JOINT_STAGES, JointKind, StageNotice
from zonedesk.approvals.stage_selectors import credit_events_for, is_lead_of, lead_inbox_for
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.views import apply_service_error, paginate


def uploads_from(request: HttpRequest) -> dict[int, object]:
    """Files posted as ``material_<type id>`` (one input per requested material)."""
    out = {}
    for name, upload in request.FILES.items():
        if name.startswith("material_") and name[9:].isdigit():
            out[int(name[9:])] = upload
    return out


def _service_message(request: HttpRequest, exc: ServiceError) -> None:
    detail = getattr(exc, "errors", None)
    messages.error(request, "；".join(str(v) for v in detail.values()) if detail else exc.message)


@login_required
def lead_inbox(request: HttpRequest) -> HttpResponse:
    """The lead department's stages: collected 补正 requests to send as one notice, joint work
    to organise, stages whose items are all decided to close with a combined result."""
    if not request.user.has_role("reviewer", "department_head"):
        raise Http404
    page, base = paginate(request, lead_inbox_for(user=request.user))
    return render(request, "approvals/lead_inbox.html", {"page": page, "querystring_base": base})


@login_required
@require_POST
def joint_review(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_application_for(request.user, pk)
    form = joint_review_form(app, request.POST)
    if not form.is_valid():
        messages.error(request, _("请完整填写联合审查记录：类别、日期、结论、意见和参加部门"))
        return redirect("approvals:application", pk=pk)
    d = form.cleaned_data
    try:
        services.joint_review_record(
            actor=Actor.from_request(request),
            application_id=pk,
            kind=d["kind"],
            held_on=d["held_on"],
            outcome=d["outcome"],
            conclusion=d["conclusion"],
            department_ids=d["department_ids"],
        )
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        _service_message(request, exc)
    else:
        messages.success(request, _("已记录联合审查"))
    return redirect("approvals:application", pk=pk)


def joint_review_form(app, data=None) -> JointReviewForm:
    kinds = [(k.value, k.label) for k in JointKind if app.stage in JOINT_STAGES[k]]
    departments = {ai.department for ai in app.items.select_related("department")}
    return JointReviewForm(data, kinds=kinds, departments=sorted(departments, key=lambda d: d.pk))


@login_required
@require_POST
def notice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(StageNotice.objects.select_related("application"), pk=pk)
    get_application_for(request.user, notice.application_id)  # scope: 404 when not visible
    try:
        services.stage_notice_answer(
            actor=Actor.from_request(request),
            notice_id=pk,
            answer=request.POST.get("answer", ""),
            uploads=uploads_from(request),
        )
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        _service_message(request, exc)
    else:
        messages.success(request, _("已提交补正，相关事项恢复计时"))
    return redirect("approvals:application", pk=notice.application_id)


@login_required
@require_http_methods(["GET", "POST"])
def form_amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the stage form: before acceptance, or after it while a 补正 is open."""
    app = get_application_for(request.user, pk)
    from zonedesk.approvals.views import _applicant_enterprises

    if not _applicant_enterprises(request.user).filter(pk=app.project.enterprise_id).exists():
        raise Http404
    specs = field_specs(app.version_id, app.stage)
    form = StageForm(request.POST or None, specs=specs, note=False, initial=app.form or {})
    if request.method == "POST" and form.is_valid():
        old = app.form or {}
        changed = {k: v for k, v in form.cleaned_data.items() if (v or None) != (old.get(k) or None)}
        try:
            services.application_form_amend(
                actor=Actor.from_request(request), application_id=pk, values=changed
            )
        except NotFound as exc:
            raise Http404 from exc
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("申请表已修改，修改记录已保存"))
            return redirect("approvals:application", pk=pk)
    locked = app.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.WINDOW_SUPPLEMENT)
    return render(request, "approvals/form_amend.html", {"app": app, "form": form, "locked": locked})


@login_required
@require_POST
def credit_repair(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(credit_events_for(user=request.user), pk=pk)
    try:
        services.credit_event_repair(
            actor=Actor.from_request(request), event_id=pk, note=request.POST.get("note", "")
        )
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        _service_message(request, exc)
    else:
        messages.success(request, _("已登记信用修复，绿色通道恢复"))
    return redirect("enterprises:detail", pk=event.enterprise_id)


def lead_context(request: HttpRequest, app) -> dict:
    """What the application page adds for the lead department."""
    if not is_lead_of(request.user, app):
        return {"is_lead": False}
    kinds = [k for k in JointKind if app.stage in JOINT_STAGES[k]]
    return {
        "is_lead": True,
        "joint_form": joint_review_form(app) if kinds and app.status == ApplicationStatus.IN_REVIEW else None,
    }
