from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.figures import Period
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User, Zone
from zonedesk.organisation.roles import Role
from zonedesk.parks.models import Park
from zonedesk.projects import rules, services
from zonedesk.projects.excel import XLSX_TYPE, write_register
from zonedesk.projects.forms import (
    DocumentForm,
    MoveForm,
    PartialUseForm,
    ProjectFilterForm,
    ProjectForm,
    StewardForm,
)
from zonedesk.projects.models import (
    PIPELINE_ROLES,
    IndustryChain,
    Project,
    ProjectDocument,
    StewardRole,
)
from zonedesk.projects.selectors import (
    ProjectFilter,
    aging_for,
    get_project_for,
    period_for_year,
    project_list_for,
    worklist_for,
)


def _may_see_pipeline(user) -> bool:
    return bool(user.roles & (PIPELINE_ROLES | {Role.STEWARD}))


def _can_edit(user) -> bool:
    return user.has_role(*services.EDITOR_ROLES)


def _filtered(request: AuthedRequest):
    user = request.user
    zones = list(Zone.objects.filter(pk__in=user.visible_zone_ids).order_by("pk"))
    chains = IndustryChain.objects.filter(zone_id__in=user.visible_zone_ids).order_by("zone_id", "sort")
    # The dashboard links with from/to; a person picks a year or two dates.
    data = request.GET.copy()
    if "from" in data:
        data.setdefault("start", data["from"])
    if "to" in data:
        data.setdefault("end", data["to"])
    form = ProjectFilterForm(data or None, chains=chains, zones=zones)
    if form.is_bound and not form.is_valid():
        # A filter that does not hold selects nothing rather than everything.
        return form, Project.objects.none(), None
    d = form.cleaned_data if form.is_bound else {}
    today = timezone.localdate()
    period = None
    if d.get("start") or d.get("end"):
        start = d.get("start") or dt.date(today.year, 1, 1)
        end = d.get("end") or dt.date(start.year, 12, 31)
        period = Period(start, end, f"{start.isoformat()} — {end.isoformat()}")
    elif d.get("year"):
        period = period_for_year(d["year"])
    elif d.get("view"):
        period = period_for_year(
            user.zone.reporting_year if user.zone and user.zone.reporting_year else today.year
        )
    filters = ProjectFilter(
        view=d.get("view", ""),
        period=period,
        stage=d.get("stage", ""),
        chain=d.get("chain"),
        is_key={"1": True, "0": False}.get(d.get("key") or ""),
        q=(d.get("q") or "").strip(),
        zone=d.get("zone"),
    )
    return form, project_list_for(user=user, filters=filters), period


@login_required
def project_list(request: AuthedRequest) -> HttpResponse:
    if not _may_see_pipeline(request.user):
        raise Http404
    form, qs, period = _filtered(request)
    page, base = paginate(request, qs)
    aging = aging_for(page.object_list)
    rows = [(p, aging[p.pk]) for p in page.object_list]
    from django.db.models import Sum

    total = qs.aggregate(t=Sum("total_investment"))["t"]
    return render(
        request,
        "projects/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "querystring_base": base,
            "period": period,
            "total_text": rules.amount_text(total) if total is not None else "—",
            "can_edit": _can_edit(request.user),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def project_export(request: AuthedRequest) -> HttpResponse:
    if not _may_see_pipeline(request.user):
        raise Http404
    _form, qs, _period = _filtered(request)
    qs = qs.select_related("parent", "env_steward", "safety_steward", "assistant")
    content = write_register(qs.iterator(chunk_size=2000))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="projects-{stamp}.xlsx"'
    return response


@login_required
def worklist(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.STEWARD):
        raise Http404
    items = worklist_for(request.user)
    return render(
        request,
        "projects/worklist.html",
        {
            "items": items,
            "red": sum(1 for i in items if i.aging.state == "red"),
            "yellow": sum(1 for i in items if i.aging.state == "yellow"),
            "blocked": sum(1 for i in items if i.missing),
        },
    )


def _on_behalf(project: Project) -> list[AuditRecord]:
    """Actions stewards took for the project's enterprise (the audit rows name both)."""
    if not project.enterprise_id:
        return []
    marker = f"（代{project.enterprise.name}）"
    return list(
        AuditRecord.objects.filter(zone_id=project.zone_id, actor_name__endswith=marker).order_by("-at")[:20]
    )


def _authorisations(user, project: Project) -> list:
    if not project.enterprise_id:
        return []
    try:
        from zonedesk.agency.selectors import authorisation_list_for
    except ImportError:  # agent handling not installed
        return []
    return list(authorisation_list_for(user=user, enterprise_id=project.enterprise_id)[:20])


@login_required
def project_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_project_for(request.user, pk)
    user = request.user
    handler = _can_edit(user) or (user.has_role(Role.STEWARD) and services.is_steward_of(user, p))
    following = rules.TRANSITIONS.get(p.stage, ())
    nxt = following[0] if following else None
    docs = list(p.documents.select_related("file", "uploaded_by"))
    missing = []
    if nxt:
        from zonedesk.projects.cleaning import gate_values

        missing = [_(m) for m in rules.missing_for(nxt, rules.present_fields(gate_values(p)),
                                                   {d.kind for d in docs})]
    stewards = User.objects.filter(zone_id=p.zone_id, role_grants__role=Role.STEWARD, is_active=True)
    labels = dict(StewardRole.choices)
    chain_projects = list(p.chain_projects.all())
    return render(
        request,
        "projects/detail.html",
        {
            "p": p,
            "aging": aging_for([p])[p.pk],
            "moves": p.moves.select_related("actor"),
            "assignments": p.assignments.select_related("user", "assigned_by"),
            "documents": docs,
            "next_stage": nxt,
            "next_label": _(rules.STAGE_LABELS[nxt]) if nxt else "",
            "missing_text": _("、").join(missing),
            "missing": missing,
            "handler": handler,
            "can_edit": _can_edit(user),
            "steward_rows": [(labels[r], getattr(p, r)) for r in StewardRole.values],
            "move_form": MoveForm(initial={"to_stage": nxt, "on": timezone.localdate()}),
            "partial_form": PartialUseForm(initial={"on": timezone.localdate()}),
            "steward_form": StewardForm(stewards=stewards, initial={"on": timezone.localdate()}),
            "document_form": DocumentForm(),
            "authorisations": _authorisations(user, p),
            "on_behalf": _on_behalf(p),
            "chain_projects": chain_projects,
            "chain_total": rules.amount_text(sum((c.total_investment for c in chain_projects), Decimal(0))),
            "track": [(s, _(rules.STAGE_LABELS[s]), getattr(p, rules.STAGE_DATE[s])) for s in rules.STAGES],
            "today": timezone.localdate(),
            "output_text": rules.amount_text(p.expected_output),
            "tax_text": rules.amount_text(p.expected_tax),
            **_approvals_link(user, p),
        },
    )


def _approvals_link(user, p: Project) -> dict:
    """One project from 储备 to 投产: its approval project (linked to the page when this user
    may open it), or the form that starts it from here."""
    from zonedesk.approvals.models import ConstructionProject
    from zonedesk.approvals.pipeline_views import from_pipeline_form

    linked = ConstructionProject.objects.filter(pipeline_project=p).first()
    return {
        "approval_project": linked,
        "approval_visible": bool(linked) and ConstructionProject.objects.visible_to(user).filter(
            pk=linked.pk).exists(),
        "from_pipeline_form": None if linked else from_pipeline_form(user, p),
    }


def _form_choices(user, zone_id: int, exclude: int | None = None) -> dict:
    return {
        "chains": IndustryChain.objects.filter(zone_id=zone_id, is_active=True),
        "parks": Park.objects.filter(zone_id=zone_id),
        "enterprises": Enterprise.objects.filter(zone_id=zone_id).only("pk", "name"),
        "parents": Project.objects.filter(zone_id=zone_id)
        .exclude(pk=exclude)
        .only("pk", "name")
        .order_by("name"),
    }


def _require_editor_page(request: AuthedRequest) -> None:
    if not _can_edit(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: AuthedRequest) -> HttpResponse:
    _require_editor_page(request)
    form = ProjectForm(request.POST or None, **_form_choices(request.user, request.user.zone_id))
    if request.method == "POST" and form.is_valid():
        try:
            p = services.project_create(
                actor=Actor.from_request(request), zone=request.user.zone, data=form.data_for_service()
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记项目：%(name)s") % {"name": p.name})
            return redirect("projects:detail", pk=p.pk)
    return render(request, "projects/form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_project_for(request.user, pk)
    _require_editor_page(request)
    initial = {
        "name": p.name,
        "investor_name": p.investor_name,
        "enterprise": p.enterprise_id,
        "self_built": p.self_built,
        "chain": p.chain_id,
        "total_investment": p.total_investment,
        "yearly_investment": p.yearly_investment,
        "lead_source": p.lead_source,
        "park": p.park_id,
        "parcel": p.parcel,
        "expected_output": p.expected_output,
        "expected_tax": p.expected_tax,
        "expected_jobs": p.expected_jobs,
        "project_code": p.project_code,
        "is_key": p.is_key,
        "expected_completion": p.expected_completion,
        "parent": p.parent_id,
        "note": p.note,
        "version": p.version,
    }
    form = ProjectForm(request.POST or None, initial=initial, **_form_choices(request.user, p.zone_id, p.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                actor=Actor.from_request(request),
                project_id=p.pk,
                data=form.data_for_service(),
                version=form.cleaned_data["version"] or 0,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("项目信息已保存"))
            return redirect("projects:detail", pk=p.pk)
    return render(request, "projects/form.html", {"form": form, "p": p})


def _post_action(
    request: HttpRequest, pk: int, form_class, call, success: str, **form_kwargs
) -> HttpResponse:
    p = get_project_for(request.user, pk)
    form = form_class(request.POST, request.FILES or None, **form_kwargs)
    if form.is_valid():
        try:
            call(Actor.from_request(request), p, form.cleaned_data)
        except NotFound as exc:
            raise Http404 from exc
        except ServiceError as exc:
            detail = "；".join(exc.errors.values()) if hasattr(exc, "errors") else exc.message
            messages.error(request, detail)
        else:
            messages.success(request, success)
    else:
        messages.error(
            request,
            "；".join(
                f"{form.fields[k].label if k in form.fields else ''}：{v[0]}" for k, v in form.errors.items()
            ),
        )
    return redirect("projects:detail", pk=p.pk)


@login_required
@require_POST
def project_move(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        MoveForm,
        lambda a, p, d: services.project_move(
            actor=a, project_id=p.pk, to_stage=d["to_stage"], on=d["on"], note=d["note"]
        ),
        _("阶段已变更"),
    )


@login_required
@require_POST
def project_partial_use(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        PartialUseForm,
        lambda a, p, d: services.project_partial_use(actor=a, project_id=p.pk, on=d["on"]),
        _("已登记部分投用"),
    )


@login_required
@require_POST
def project_steward(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_project_for(request.user, pk)
    stewards = User.objects.filter(zone_id=p.zone_id, role_grants__role=Role.STEWARD, is_active=True)
    return _post_action(
        request,
        pk,
        StewardForm,
        lambda a, p, d: services.project_steward_assign(
            actor=a, project_id=p.pk, role=d["role"], user_id=d["user"], on=d["on"], note=d["note"]
        ),
        _("管家分配已记录"),
        stewards=stewards,
    )


@login_required
@require_POST
def project_document(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(
        request,
        pk,
        DocumentForm,
        lambda a, p, d: services.project_document_add(
            actor=a, project_id=p.pk, kind=d["kind"], title=d["title"], upload=d["file"]
        ),
        _("材料已上传"),
    )


@login_required
def document_download(request: AuthedRequest, pk: int, doc_id: int) -> HttpResponse:
    from zonedesk.files.selectors import file_response

    p = get_project_for(request.user, pk)
    doc = get_object_or_404(ProjectDocument.objects.select_related("file"), pk=doc_id, project=p)
    return file_response(doc.file)
