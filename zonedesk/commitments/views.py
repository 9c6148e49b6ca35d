from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.commitments import rules, services
from zonedesk.commitments.excel import arrears_workbook, commitments_workbook
from zonedesk.commitments.forms import (
    ArrearFilterForm,
    ArrearForm,
    CancelForm,
    CommitmentFilterForm,
    CommitmentForm,
    ConfirmForm,
    DisputeForm,
    EvidenceForm,
    FulfilForm,
    HandoverForm,
    PaymentForm,
)
from zonedesk.commitments.models import (
    DEPARTMENT_ROLES,
    REGISTRAR_ROLES,
    ZONE_READERS,
    CommitmentEvidence,
    CommitmentStatus,
)
from zonedesk.commitments.selectors import (
    ArrearFilter,
    CommitmentFilter,
    arrear_list_for,
    commitment_list_for,
    get_arrear_for,
    get_commitment_for,
)
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.organisation.models import Department, User
from zonedesk.organisation.roles import Role

READERS = ZONE_READERS | DEPARTMENT_ROLES | {Role.ENTERPRISE}


def _may_see_commitments(user) -> bool:
    return bool(user.roles & (READERS | {Role.STEWARD}))


def _may_see_arrears(user) -> bool:
    return bool(user.roles & READERS)


def _registrar(user) -> bool:
    return user.has_role(*REGISTRAR_ROLES)


def _departments(user):
    return Department.objects.filter(zone_id__in=user.visible_zone_ids, is_active=True).order_by(
        "zone_id", "sort"
    )


def _people(zone_id: int):
    return (
        User.objects.filter(zone_id=zone_id, is_active=True, department__isnull=False)
        .exclude(role_grants__role=Role.ENTERPRISE)
        .order_by("department__sort", "username")
    )


def _error_text(exc: ServiceError) -> str:
    return "；".join(exc.errors.values()) if hasattr(exc, "errors") else exc.message


def _form_error_text(form) -> str:
    return "；".join(
        f"{form.fields[k].label if k in form.fields else ''}：{v[0]}" for k, v in form.errors.items()
    )


def _post(request: AuthedRequest, form, call, success: str, back: str, pk: int) -> HttpResponse:
    if form.is_valid():
        try:
            call(Actor.from_request(request), form.cleaned_data)
        except NotFound as exc:
            raise Http404 from exc
        except ServiceError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, success)
    else:
        messages.error(request, _form_error_text(form))
    return redirect(back, pk=pk)


# ---------------------------------------------------------------------------------------------
# Commitments


def _commitment_filtered(request: AuthedRequest):
    user = request.user
    form = CommitmentFilterForm(request.GET or None, departments=_departments(user))
    if form.is_bound and not form.is_valid():
        return form, commitment_list_for(user=user).none()
    d = form.cleaned_data if form.is_bound else {}
    filters = CommitmentFilter(
        view=d.get("view") or "",
        kind=d.get("kind") or "",
        department=d.get("department"),
        project=d.get("project"),
        due_from=d.get("due_from"),
        due_to=d.get("due_to"),
        q=(d.get("q") or "").strip(),
    )
    return form, commitment_list_for(user=user, filters=filters)


@login_required
def commitment_list(request: AuthedRequest) -> HttpResponse:
    if not _may_see_commitments(request.user):
        raise Http404
    form, qs = _commitment_filtered(request)
    page, base = paginate(request, qs)
    return render(
        request,
        "commitments/list.html",
        {
            "form": form,
            "page": page,
            "querystring_base": base,
            "today": timezone.localdate(),
            "can_edit": _registrar(request.user),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def commitment_export(request: AuthedRequest) -> HttpResponseBase:
    if not _may_see_commitments(request.user):
        raise Http404
    _form, qs = _commitment_filtered(request)
    return commitments_workbook(qs.iterator(chunk_size=2000))


def _commitment_form(request: AuthedRequest, zone_id: int, **kwargs) -> CommitmentForm:
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.projects.models import Project

    return CommitmentForm(
        request.POST or None,
        request.FILES or None,
        enterprises=Enterprise.objects.filter(zone_id=zone_id).only("pk", "name").order_by("name"),
        projects=Project.objects.filter(zone_id=zone_id, signed_on__isnull=False)
        .only("pk", "name")
        .order_by("name"),
        departments=Department.objects.filter(zone_id=zone_id, is_active=True).order_by("sort"),
        people=_people(zone_id),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: AuthedRequest) -> HttpResponse:
    if not _registrar(request.user):
        raise Http404
    zone_id = request.user.zone_id
    initial = {"promised_on": timezone.localdate()}
    project_id = request.GET.get("project")
    if project_id and project_id.isdigit():
        initial["project"] = int(project_id)
    form = _commitment_form(request, zone_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.commitment_create(
                actor=Actor.from_request(request),
                zone_id=zone_id,
                data=form.data_for_service(),
                source_file=form.cleaned_data.get("source_file"),
            )
        except ServiceError as exc:
            apply_service_error(form, exc, {"source_file": "source_file", "file": "source_file"})
        else:
            messages.success(request, _("已登记承诺：%(n)s") % {"n": c.number})
            return redirect("commitments:detail", pk=c.pk)
    from zonedesk.projects.models import Project

    signed = Project.objects.filter(zone_id=zone_id, signed_on__isnull=False).only("pk", "name", "signed_on")
    return render(
        request,
        "commitments/form.html",
        {"form": form, "creating": True, "agreement_projects": signed.order_by("-signed_on", "pk")[:200]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    c = get_commitment_for(request.user, pk)
    if not _registrar(request.user):
        raise Http404
    initial = {
        "title": c.title,
        "kind": c.kind,
        "enterprise": c.enterprise_id,
        "project": c.project_id,
        "beneficiary": c.beneficiary,
        "source_kind": c.source_kind,
        "source_title": c.source_title,
        "promised_on": c.promised_on,
        "due_on": c.due_on,
        "amount_yuan": c.amount_yuan,
        "promised_by": c.promised_by,
        "detail": c.detail,
        "version": c.version,
    }
    form = _commitment_form(request, c.zone_id, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_update(
                actor=Actor.from_request(request),
                commitment_id=c.pk,
                data=form.data_for_service(),
                version=form.cleaned_data["version"] or 0,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("承诺信息已保存"))
            return redirect("commitments:detail", pk=c.pk)
    return render(request, "commitments/form.html", {"form": form, "c": c})


@login_required
def commitment_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    c = get_commitment_for(request.user, pk)
    user = request.user
    today = timezone.localdate()
    handler = _registrar(user) or (user.has_role(*DEPARTMENT_ROLES) and user.department_id == c.department_id)
    return render(
        request,
        "commitments/detail.html",
        {
            "c": c,
            "today": today,
            "overdue": c.is_overdue(today),
            "days_overdue": (today - c.due_on).days,
            "on_time": rules.on_time(c.due_on, c.fulfilled_on),
            "evidence": c.evidence.select_related("file", "uploaded_by"),
            "handovers": c.handovers.select_related(
                "from_user", "to_user", "from_department", "to_department", "by"
            ),
            "amount_text": rules.wan_text(c.amount_yuan),
            "is_open": c.status == CommitmentStatus.OPEN,
            "handler": handler,
            "can_edit": _registrar(user),
            "fulfil_form": FulfilForm(initial={"fulfilled_on": today, "version": c.version}),
            "evidence_form": EvidenceForm(),
            "handover_form": HandoverForm(
                people=_people(c.zone_id),
                departments=Department.objects.filter(zone_id=c.zone_id, is_active=True),
                initial={"on": today, "version": c.version, "to_department": c.department_id},
            ),
            "cancel_form": CancelForm(initial={"version": c.version}),
        },
    )


@login_required
@require_POST
def commitment_fulfil(request: AuthedRequest, pk: int) -> HttpResponse:
    c = get_commitment_for(request.user, pk)
    return _post(
        request,
        FulfilForm(request.POST),
        lambda a, d: services.commitment_fulfil(
            actor=a, commitment_id=c.pk, fulfilled_on=d["fulfilled_on"], note=d["note"], version=d["version"]
        ),
        _("已登记兑现"),
        "commitments:detail",
        c.pk,
    )


@login_required
@require_POST
def commitment_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    c = get_commitment_for(request.user, pk)
    return _post(
        request,
        EvidenceForm(request.POST, request.FILES),
        lambda a, d: services.commitment_evidence_add(
            actor=a, commitment_id=c.pk, title=d["title"], upload=d["file"]
        ),
        _("佐证材料已上传"),
        "commitments:detail",
        c.pk,
    )


@login_required
@require_POST
def commitment_handover(request: AuthedRequest, pk: int) -> HttpResponse:
    c = get_commitment_for(request.user, pk)
    form = HandoverForm(
        request.POST,
        people=_people(c.zone_id),
        departments=Department.objects.filter(zone_id=c.zone_id, is_active=True),
    )
    return _post(
        request,
        form,
        lambda a, d: services.commitment_handover(
            actor=a,
            commitment_id=c.pk,
            to_user_id=d["to_user"],
            to_department_id=d["to_department"],
            on=d["on"],
            note=d["note"],
            version=d["version"],
        ),
        _("责任交接已记录，承诺随之移交"),
        "commitments:detail",
        c.pk,
    )


@login_required
@require_POST
def commitment_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    c = get_commitment_for(request.user, pk)
    return _post(
        request,
        CancelForm(request.POST),
        lambda a, d: services.commitment_cancel(
            actor=a, commitment_id=c.pk, reason=d["reason"], version=d["version"]
        ),
        _("承诺已撤销"),
        "commitments:detail",
        c.pk,
    )


@login_required
def evidence_download(request: AuthedRequest, pk: int, evidence_id: int) -> HttpResponse:
    from zonedesk.files.selectors import file_response

    c = get_commitment_for(request.user, pk)
    ev = get_object_or_404(CommitmentEvidence.objects.select_related("file"), pk=evidence_id, commitment=c)
    return file_response(ev.file)


@login_required
def source_download(request: AuthedRequest, pk: int) -> HttpResponse:
    from zonedesk.files.selectors import file_response

    c = get_commitment_for(request.user, pk)
    if c.source_file is None:
        raise Http404
    return file_response(c.source_file)


# ---------------------------------------------------------------------------------------------
# Arrears


def _arrear_filtered(request: AuthedRequest):
    user = request.user
    form = ArrearFilterForm(request.GET or None, departments=_departments(user))
    if form.is_bound and not form.is_valid():
        return form, arrear_list_for(user=user).none()
    d = form.cleaned_data if form.is_bound else {}
    filters = ArrearFilter(
        status=d.get("status") or "",
        bucket=d.get("bucket") or "",
        department=d.get("department"),
        confirm_state=d.get("confirm_state") or "",
        q=(d.get("q") or "").strip(),
        paid_from=d.get("paid_from"),
        paid_to=d.get("paid_to"),
    )
    return form, arrear_list_for(user=user, filters=filters)


@login_required
def arrear_list(request: AuthedRequest) -> HttpResponse:
    if not _may_see_arrears(request.user):
        raise Http404
    from zonedesk.commitments.figures import arrear_figures
    from zonedesk.dashboard.periods import year_period

    form, qs = _arrear_filtered(request)
    page, base = paginate(request, qs)
    figures = None
    if request.user.roles & (ZONE_READERS | DEPARTMENT_ROLES):
        figures = arrear_figures(request.user.visible_zone_ids, year_period(timezone.localdate().year))
    return render(
        request,
        "commitments/arrears.html",
        {
            "form": form,
            "page": page,
            "querystring_base": base,
            "can_edit": _registrar(request.user),
            "export_query": request.GET.urlencode(),
            "figures": figures,
        },
    )


@login_required
def arrear_export(request: AuthedRequest) -> HttpResponseBase:
    if not _may_see_arrears(request.user):
        raise Http404
    _form, qs = _arrear_filtered(request)
    return arrears_workbook(qs.iterator(chunk_size=2000))


@login_required
@require_http_methods(["GET", "POST"])
def arrear_create(request: AuthedRequest) -> HttpResponse:
    from zonedesk.enterprises.models import Enterprise

    if not _registrar(request.user):
        raise Http404
    zone_id = request.user.zone_id
    form = ArrearForm(
        request.POST or None,
        enterprises=Enterprise.objects.filter(zone_id=zone_id).only("pk", "name").order_by("name"),
        departments=Department.objects.filter(zone_id=zone_id, is_active=True).order_by("sort"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            a = services.arrear_create(
                actor=Actor.from_request(request),
                zone_id=zone_id,
                enterprise_id=d["enterprise"],
                department_id=d["department"],
                data=d,
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已登记账款：%(n)s") % {"n": a.number})
            return redirect("commitments:arrear_detail", pk=a.pk)
    return render(request, "commitments/arrear_form.html", {"form": form})


@login_required
def arrear_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    a = get_arrear_for(request.user, pk)
    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "commitments/arrear_detail.html",
        {
            "a": a,
            "payments": a.payments.select_related("recorded_by"),
            "bucket": rules.bucket_of(a.due_on, today) if a.status == "outstanding" else "",
            "bucket_label": dict((b.key, b.label) for b in rules.BUCKETS),
            "amount_text": rules.wan_text(a.amount_yuan),
            "outstanding_text": rules.wan_text(a.outstanding_yuan),
            "payer": _registrar(user)
            or (user.has_role(*DEPARTMENT_ROLES) and user.department_id == a.department_id),
            "owner": user.has_role(Role.ENTERPRISE) and user.enterprise_id == a.enterprise_id,
            "payment_form": PaymentForm(
                initial={"paid_on": today, "version": a.version, "amount_yuan": a.outstanding_yuan}
            ),
            "confirm_form": ConfirmForm(initial={"version": a.version}),
            "dispute_form": DisputeForm(initial={"version": a.version}),
        },
    )


@login_required
@require_POST
def arrear_pay(request: AuthedRequest, pk: int) -> HttpResponse:
    a = get_arrear_for(request.user, pk)
    return _post(
        request,
        PaymentForm(request.POST),
        lambda act, d: services.arrear_pay(
            actor=act,
            arrear_id=a.pk,
            amount_yuan=d["amount_yuan"],
            paid_on=d["paid_on"],
            voucher=d["voucher"],
            version=d["version"],
        ),
        _("还款已登记"),
        "commitments:arrear_detail",
        a.pk,
    )


@login_required
@require_POST
def arrear_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    a = get_arrear_for(request.user, pk)
    return _post(
        request,
        ConfirmForm(request.POST),
        lambda act, d: services.arrear_confirm(actor=act, arrear_id=a.pk, version=d["version"]),
        _("已确认该笔账款"),
        "commitments:arrear_detail",
        a.pk,
    )


@login_required
@require_POST
def arrear_dispute(request: AuthedRequest, pk: int) -> HttpResponse:
    a = get_arrear_for(request.user, pk)
    return _post(
        request,
        DisputeForm(request.POST),
        lambda act, d: services.arrear_dispute(
            actor=act, arrear_id=a.pk, reason=d["reason"], version=d["version"]
        ),
        _("异议已作为诉求提交，园区将按诉求流程办理"),
        "commitments:arrear_detail",
        a.pk,
    )


@login_required
@require_POST
def commitments_from_agreement(request: AuthedRequest) -> HttpResponse:
    """Register the zone's 要素保障 duties of a signed agreement in one step."""
    if not _registrar(request.user):
        raise Http404
    raw = request.POST.get("project", "")
    if not raw.isdigit():
        messages.error(request, _("招商项目：请选择已签约的项目"))
        return redirect("commitments:create")
    try:
        created = services.commitments_for_agreement(actor=Actor.from_request(request), project_id=int(raw))
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, _error_text(exc))
        return redirect("commitments:create")
    messages.success(request, _("已按投资协议登记 %(n)s 项要素保障承诺") % {"n": len(created)})
    return redirect(f"{reverse('commitments:list')}?project={raw}")
