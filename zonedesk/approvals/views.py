"""Pages of the approval workflow: thin, every write goes through a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.approvals import services
from zonedesk.approvals.assessment_api import assessment_list_for
from zonedesk.approvals.catalogue import current_version
from zonedesk.approvals.forms import ApplyForm, ProjectForm, ReasonForm, StageForm, UploadForm
from zonedesk.approvals.models import (
    ApplicationStatus,
    ItemMaterial,
    MaterialRecord,
    ProjectCategory,
    Stage,
    steward_enterprise_ids,
)
from zonedesk.approvals.pipeline_views import pipeline_context
from zonedesk.approvals.project_events import project_events
from zonedesk.approvals.rules import next_stage
from zonedesk.approvals.selectors import (
    INBOX_CLOCKS,
    ProjectFigure,
    get_application_for,
    get_item_for,
    item_materials,
    items_in_order,
    project_list_for,
    review_inbox_ids_for,
    timeline_for,
    window_inbox_for,
    with_clocks,
)
from zonedesk.approvals.services.applications import promise_offer
from zonedesk.approvals.services.stage_forms import field_specs, prefill_for
from zonedesk.approvals.services.supplements import open_supplement_types
from zonedesk.approvals.stage_selectors import item_fields_for, stage_detail_for
from zonedesk.approvals.stage_views import lead_context, uploads_from
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.rateable import rateable_registry
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.core.xlsx import Column, Sheet, xlsx_response
from zonedesk.enterprises.models import Enterprise
from zonedesk.files.selectors import file_response
from zonedesk.organisation.roles import Role
from zonedesk.workdays.selectors import work_calendar


def _require_business(request: AuthedRequest) -> None:
    user = request.user
    if user.is_admin_role or not (user.is_business_staff or user.enterprise_id):
        raise Http404


def _applicant_enterprises(user):
    if user.enterprise_id:
        return Enterprise.objects.filter(pk=user.enterprise_id)
    if user.has_role(Role.STEWARD):
        return Enterprise.objects.visible_to(user).filter(pk__in=steward_enterprise_ids(user))
    return Enterprise.objects.none()


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    """The approvals home: the window's queue, the department's items, or the applicant's projects."""
    _require_business(request)
    user = request.user
    if user.enterprise_id:
        return redirect("approvals:projects")
    ctx: dict = {}
    if user.has_role(Role.WINDOW_CLERK):
        page, base = paginate(request, window_inbox_for(user=user))
        ctx.update(window_page=page, querystring_base=base)
    elif user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD):
        # ?clock=red / yellow: the overdue or nearly due items, where the sweep's digest links.
        clock = request.GET.get("clock", "")
        clock = clock if clock in INBOX_CLOCKS else ""
        page, base = paginate(request, review_inbox_ids_for(user=user, clock=clock))
        rows = with_clocks(items_in_order(list(page.object_list)), zone_id=user.zone_id)
        ctx.update(page=page, rows=rows, querystring_base=base, clock=clock)
    else:
        return redirect("approvals:projects")
    return render(request, "approvals/inbox.html", ctx)


@login_required
def project_list(request: AuthedRequest) -> HttpResponse:
    _require_business(request)
    figure = ProjectFigure.parse(request.GET)  # opened from a dashboard figure
    page, base = paginate(request, project_list_for(user=request.user, figure=figure))
    return render(
        request,
        "approvals/projects.html",
        {"page": page, "querystring_base": base, "can_create": _applicant_enterprises(request.user).exists(),
         "figure": figure, "figure_label": FIGURE_LABELS.get(figure.kind, "") if figure else ""},
    )


FIGURE_LABELS = {
    "in_approval": gettext_lazy("有申请正在审批的项目"),
    "completed": gettext_lazy("竣工验收在期间内办结的项目（平均用时的口径）"),
    "decided": gettext_lazy("有事项在期间内办结的项目（按时办结率的口径）"),
    "on_time": gettext_lazy("有事项在期间内按时办结的项目"),
    "overdue": gettext_lazy("有超期在办事项的项目"),
    "saved": gettext_lazy("期间内申报、由区域评估替代事项节省费用的项目"),
}


@login_required
def application_export(request: AuthedRequest) -> HttpResponse:
    """Every application and item the person may see, as Excel (two sheets)."""
    from zonedesk.approvals.exports import application_sheets
    from zonedesk.core.xlsx import xlsx_response

    _require_business(request)
    return xlsx_response("applications", application_sheets(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: AuthedRequest) -> HttpResponse:
    enterprises = list(_applicant_enterprises(request.user))
    if not enterprises:
        raise Http404
    version = current_version(enterprises[0].zone_id)
    categories = ProjectCategory.objects.filter(version=version)
    form = ProjectForm(request.POST or None, categories=categories, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            p = services.project_create(
                actor=Actor.from_request(request),
                enterprise_id=d["enterprise_id"],
                name=d["name"],
                code=d["code"],
                category_id=d["category_id"],
                parcels=d["parcels"].replace("，", ",").split(","),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记项目：%(n)s") % {"n": p.name})
            return redirect("approvals:timeline", pk=p.pk)
    return render(request, "approvals/project_form.html", {"form": form})


@login_required
def timeline(request: AuthedRequest, pk: int) -> HttpResponse:
    tl = timeline_for(user=request.user, project_id=pk)
    can_apply = _applicant_enterprises(request.user).filter(pk=tl.project.enterprise_id).exists()
    return render(request, "approvals/timeline.html", {
        "tl": tl, "can_apply": can_apply, "events": project_events(tl.project),
        **pipeline_context(request.user, tl.project),
    })


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: AuthedRequest, pk: int) -> HttpResponse:
    """一张表单: the stage's declared fields (the union of its items'), prefilled from the
    enterprise register, the project and earlier stages."""
    tl = timeline_for(user=request.user, project_id=pk)
    if not _applicant_enterprises(request.user).filter(pk=tl.project.enterprise_id).exists():
        raise Http404
    stage = request.POST.get("stage") or request.GET.get("stage") or _next_stage(tl)
    if stage not in Stage.values:
        stage = Stage.LAND
    version = current_version(tl.project.zone_id)
    specs = field_specs(version.pk, stage) if version else []
    form = ApplyForm(request.POST or None, initial={"stage": stage})
    stage_form = StageForm(request.POST or None, specs=specs, initial=prefill_for(tl.project, stage, specs))
    if request.method == "POST" and form.is_valid() and stage_form.is_valid():
        d = form.cleaned_data
        try:
            app = services.application_submit(
                actor=Actor.from_request(request),
                project_id=pk,
                stage=d["stage"],
                simulated=d["simulated"],
                form=stage_form.values(),
            )
        except NotFound as exc:
            raise Http404 from exc
        except ServiceError as exc:
            # Field errors land under their field; the rest (stage, conflicts) above the form.
            apply_service_error(stage_form, exc)
        else:
            messages.success(request, _("已提交申请；已自动复用材料库中的有效材料，请补充缺少的材料"))
            return redirect("approvals:application", pk=app.pk)
    return render(
        request,
        "approvals/apply.html",
        {
            "form": form,
            "stage_form": stage_form,
            "project": tl.project,
            "stage": stage,
            "stages": Stage.choices,
        },
    )


def _next_stage(tl) -> str:
    """The stage the project can apply for now (rules.next_stage: the first unfiled one whose
    previous stage is completed); failing that the first unfiled stage, then the first."""
    filed = {v.stage: v.application.status if v.application else None for v in tl.stages}
    order = [v.stage for v in tl.stages]
    return next_stage(filed, order) or next((s for s in order if filed[s] is None), Stage.LAND)


@login_required
def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    app = get_application_for(request.user, pk)
    user = request.user
    items = app.items.select_related("item", "department", "waived_by", "certificate").prefetch_related(
        "pauses"
    )
    is_window = user.has_role(Role.WINDOW_CLERK) and user.zone_id == app.zone_id
    is_applicant = _applicant_enterprises(user).filter(pk=app.project.enterprise_id).exists()
    stage = stage_detail_for(app)
    to_correct = open_supplement_types(app) if is_applicant else set()
    return render(
        request,
        "approvals/application.html",
        {
            "app": app,
            "stage": stage,
            **lead_context(request, app),
            "to_correct": to_correct,
            "promise_offered": is_applicant and promise_offer(app).allowed,
            "form_editable": is_applicant
            and (
                app.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.WINDOW_SUPPLEMENT)
                or (app.status == ApplicationStatus.IN_REVIEW and stage.open_notice is not None)
                or bool(to_correct)
            ),
            "rows": with_clocks(items, zone_id=app.zone_id),
            "materials": app.materials.select_related("material_type", "record"),
            "is_window": is_window
            and app.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.WINDOW_SUPPLEMENT),
            "is_applicant": is_applicant,
            "reason_form": ReasonForm(),
            "upload_form": UploadForm(),
            "open": app.status
            not in (ApplicationStatus.COMPLETED, ApplicationStatus.REFUSED, ApplicationStatus.TERMINATED),
            # 一事一评: a completed application is rated once, through the ratings capability.
            "rating": rateable_registry.rating_for("application", app.pk, app.zone_id)
            if app.status == ApplicationStatus.COMPLETED else None,
        },
    )


def _ids(q) -> list[int]:
    return [int(v) for v in q.POST.getlist("material_type_ids") if v.isdigit()]


APPLICATION_ACTIONS = {
    "accept": lambda a, pk, r, q: services.application_accept(actor=a, application_id=pk),
    "accept-tolerance": lambda a, pk, r, q: services.application_accept(
        actor=a, application_id=pk, tolerance=True
    ),
    "refuse": lambda a, pk, r, q: services.application_refuse(actor=a, application_id=pk, reason=r),
    "supplement": lambda a, pk, r, q: services.application_request_supplement(
        actor=a, application_id=pk, note=r, material_type_ids=_ids(q)
    ),
    "resubmit": lambda a, pk, r, q: services.application_resubmit(actor=a, application_id=pk),
    "promise": lambda a, pk, r, q: services.application_sign_promise(actor=a, application_id=pk),
    "notice": lambda a, pk, r, q: services.stage_notice_issue(actor=a, application_id=pk, note=r),
    "close": lambda a, pk, r, q: services.stage_close(actor=a, application_id=pk, result=r),
}
ITEM_ACTIONS = {
    "approve": lambda a, pk, r, q: services.item_approve(actor=a, item_id=pk, note=r),
    "refuse": lambda a, pk, r, q: services.item_refuse(actor=a, item_id=pk, reason=r),
    "supplement": lambda a, pk, r, q: services.item_request_supplement(
        actor=a, item_id=pk, reason=r, material_type_ids=_ids(q)
    ),
    "answer": lambda a, pk, r, q: services.item_answer_supplement(
        actor=a, item_id=pk, answer=r, uploads=uploads_from(q)
    ),
}
DONE = {
    "accept": _("已受理"),
    "accept-tolerance": _("已容缺受理"),
    "refuse": _("已作出不予决定"),
    "supplement": _("已发出补正告知"),
    "resubmit": _("已重新提交"),
    "promise": _("已签署信用承诺书"),
    "approve": _("已准予许可"),
    "answer": _("已提交补正"),
    "notice": _("已汇总各部门补正要求，一次性告知申请人"),
    "close": _("已出具本阶段办结意见"),
}


def _act(request: AuthedRequest, table: dict, action: str, pk: int, target: str) -> HttpResponse:
    if action not in table:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        table[action](Actor.from_request(request), pk, reason, request)
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        detail = getattr(exc, "errors", None)
        messages.error(request, "；".join(str(v) for v in detail.values()) if detail else exc.message)
    else:
        messages.success(request, DONE.get(action, _("已办理")))
    return redirect(target, pk=pk)


@login_required
@require_POST
def items_approve(request: AuthedRequest) -> HttpResponse:
    """准予许可 for the items ticked in the reviewer's inbox, in one step."""
    _require_business(request)
    ids = [int(v) for v in request.POST.getlist("item") if v.isdigit()]
    try:
        done = services.item_approve_many(actor=Actor.from_request(request), item_ids=ids,
                                          note=request.POST.get("reason", ""))
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        certificates = sum(1 for ai in done if ai.certificate_id)
        messages.success(
            request,
            _("已准予许可 %(n)d 个事项，核发电子证照 %(c)d 份；每个事项的决定已分别记录。")
            % {"n": len(done), "c": certificates},
        )
    return redirect("approvals:inbox")


@login_required
@require_POST
def application_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    get_application_for(request.user, pk)
    return _act(request, APPLICATION_ACTIONS, action, pk, "approvals:application")


@login_required
@require_POST
def material_upload(request: AuthedRequest, pk: int, material_type_id: int) -> HttpResponse:
    get_application_for(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件"))
        return redirect("approvals:application", pk=pk)
    try:
        services.application_add_material(
            actor=Actor.from_request(request),
            application_id=pk,
            material_type_id=material_type_id,
            upload=form.cleaned_data["file"],
        )
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        detail = getattr(exc, "errors", None)
        messages.error(request, "；".join(detail.values()) if detail else exc.message)
    else:
        messages.success(request, _("材料已上传并存入材料库"))
    return redirect("approvals:application", pk=pk)


@login_required
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    ai = get_item_for(request.user, pk)
    materials = item_materials(ai)
    row = with_clocks([ai], zone_id=ai.zone_id)[0]
    from zonedesk.approvals.clocks import clock_for

    clock = clock_for(ai, ai.pauses.all())
    user = request.user
    requests = list(
        ai.supplement_requests.select_related("department").prefetch_related("material_types").order_by("requested_at")
    )
    return render(
        request,
        "approvals/item.html",
        {
            "ai": ai,
            "fields": item_fields_for(ai),
            "requests": requests,
            "asked_files": [t for r in requests if r.status == "notified" for t in r.material_types.all()],
            "item_materials": ItemMaterial.objects.filter(item_id=ai.item_id).select_related("material_type"),
            "moved": ai.deadline_changes.order_by("changed_at"),
            "row": row,
            "explain": clock.explain(work_calendar(), _naive_now()) if clock else [],
            "pauses": ai.pauses.all(),
            # The deadline of the 补正 the applicant owes now (the open pause's).
            "supplement_due": next((p for p in ai.pauses.all() if p.end is None and p.due_on), None),
            "materials": materials,
            "reason_form": ReasonForm(),
            "is_reviewer": user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD)
            and user.department_id == ai.department_id,
            "is_applicant": _applicant_enterprises(user)
            .filter(pk=ai.application.project.enterprise_id)
            .exists(),
        },
    )


def _naive_now():
    from django.utils import timezone

    return timezone.localtime().replace(tzinfo=None)


@login_required
@require_POST
def item_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    get_item_for(request.user, pk)
    return _act(request, ITEM_ACTIONS, action, pk, "approvals:item")


@login_required
def material_file(request: AuthedRequest, pk: int) -> HttpResponse:
    """A library document, for whoever may see the enterprise's applications."""
    record = get_object_or_404(
        MaterialRecord.objects.visible_to(request.user).select_related("stored_file", "certificate__pdf"),
        pk=pk,
    )
    if request.user.is_business_staff and not request.user.enterprise_id:
        from zonedesk.approvals.models import ConstructionProject

        if (
            not ConstructionProject.objects.visible_to(request.user)
            .filter(enterprise_id=record.enterprise_id)
            .exists()
        ):
            raise Http404
    stored = record.stored_file or (record.certificate.pdf if record.certificate else None)
    if stored is None:
        raise Http404
    return file_response(stored)


@login_required
def assessment_list(request: AuthedRequest) -> HttpResponse:
    _require_business(request)
    return render(request, "approvals/assessments.html", {"rows": assessment_list_for(request.user)})


@login_required
def assessment_export(request: AuthedRequest) -> HttpResponse:
    _require_business(request)
    return xlsx_response("assessments", [Sheet(_("区域评估"), [
        Column(_("园区"), lambda a: a.zone.short_name or a.zone.name, 14),
        Column(_("评估类别"), lambda a: a.get_kind_display(), 18),
        Column(_("名称"), lambda a: a.title, 36),
        Column(_("覆盖地块"), lambda a: "、".join(a.parcels), 40),
        Column(_("有效期自"), lambda a: a.valid_from, 12),
        Column(_("有效期至"), lambda a: a.valid_until, 12),
        Column(_("单个项目节省费用（万元）"), lambda a: a.cost_wan, 14),
    ], assessment_list_for(request.user))])
