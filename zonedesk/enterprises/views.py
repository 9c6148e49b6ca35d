from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.enterprises import services
from zonedesk.enterprises.excel import write_register
from zonedesk.enterprises.forms import EnterpriseFilterForm, EnterpriseForm, FlagForm, ImportForm
from zonedesk.enterprises.models import Enterprise, ImportBatch
from zonedesk.enterprises.selectors import (
    EnterpriseFilter,
    enterprise_figures_for,
    enterprise_list_for,
    get_enterprise_for,
)
from zonedesk.parks.models import Park


def _filters(request: HttpRequest) -> tuple[EnterpriseFilterForm, EnterpriseFilter]:
    parks = Park.objects.visible_to(request.user)
    form = EnterpriseFilterForm(request.GET or None, parks=parks)
    if form.is_valid():
        d = form.cleaned_data
        flagged = {"1": True, "0": False}.get(d.get("flagged") or "")
        return form, EnterpriseFilter(q=d["q"].strip(), industry=d["industry"], park=d["park"],
                                      credit_grade=d["credit_grade"], growth_tier=d["growth_tier"],
                                      flagged=flagged)
    return form, EnterpriseFilter()


def _can_edit(user) -> bool:
    return user.has_role(*services.EDITOR_ROLES)


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    form, filters = _filters(request)
    page, base = paginate(request, enterprise_list_for(user=request.user, filters=filters))
    return render(request, "enterprises/list.html", {
        "form": form, "page": page, "querystring_base": base, "can_edit": _can_edit(request.user),
        "export_query": request.GET.urlencode(),
    })


@login_required
def enterprise_mine(request: HttpRequest) -> HttpResponse:
    if not request.user.enterprise_id:
        raise Http404
    return redirect("enterprises:detail", pk=request.user.enterprise_id)


@login_required
def enterprise_export(request: HttpRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    _form, filters = _filters(request)
    rows = list(enterprise_list_for(user=request.user, filters=filters)[:50_000])
    figures = enterprise_figures_for(user=request.user, enterprise_ids=[e.pk for e in rows])
    content = write_register(rows, figures)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f"attachment; filename=\"enterprises-{stamp}.xlsx\""
    return response


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_for(request.user, pk)
    today = timezone.localdate()
    flags = list(enterprise.flags.all())
    return render(request, "enterprises/detail.html", {
        "e": enterprise,
        "flags": flags,
        "active_flags": [f for f in flags if f.active_on(today)],
        "figures": enterprise.figures.all(),
        "grade_valid": enterprise.credit_grade_valid_on(today),
        "can_edit": _can_edit(request.user) and request.user.is_business_staff,
        "flag_form": FlagForm(),
    })


def _form_data(form: EnterpriseForm) -> dict:
    d = dict(form.cleaned_data)
    d.pop("version", None)
    return d


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    parks = Park.objects.visible_to(request.user).filter(zone_id=request.user.zone_id)
    form = EnterpriseForm(request.POST or None, parks=parks)
    if request.method == "POST" and form.is_valid():
        try:
            e = services.enterprise_create(actor=Actor.from_request(request),
                                           zone=request.user.zone, data=_form_data(form))
        except ServiceError as exc:
            apply_service_error(form, exc, {"industry_id": "industry_code", "park_id": "park"})
        else:
            messages.success(request, f"已添加企业：{e.name}")
            return redirect("enterprises:detail", pk=e.pk)
    return render(request, "enterprises/form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    e = get_enterprise_for(request.user, pk)
    if not request.user.is_business_staff:
        raise Http404
    parks = Park.objects.filter(zone_id=e.zone_id)
    initial = {
        "credit_code": e.credit_code, "name": e.name, "legal_representative": e.legal_representative,
        "industry_code": e.industry.code, "park": e.park_id, "address": e.address,
        "registered_on": e.registered_on, "staff_size": e.staff_size,
        "credit_grade": e.credit_grade, "credit_source": e.credit_source,
        "credit_valid_until": e.credit_valid_until, "growth_tier": e.growth_tier,
        "contact_name": e.contact_name, "contact_phone": e.contact_phone, "version": e.version,
    }
    form = EnterpriseForm(request.POST or None, initial=initial, parks=parks)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(actor=Actor.from_request(request), enterprise_id=e.pk,
                                       data=_form_data(form),
                                       version=form.cleaned_data["version"] or 0)
        except ServiceError as exc:
            apply_service_error(form, exc, {"industry_id": "industry_code", "park_id": "park"})
        else:
            messages.success(request, "企业信息已保存")
            return redirect("enterprises:detail", pk=e.pk)
    return render(request, "enterprises/form.html", {"form": form, "e": e})


@login_required
@require_POST
def flag_add(request: HttpRequest, pk: int) -> HttpResponse:
    e = get_enterprise_for(request.user, pk)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            services.enterprise_flag_add(actor=Actor.from_request(request), enterprise_id=e.pk,
                                         **form.cleaned_data)
            messages.success(request, "已登记名单记录")
        except ServiceError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items()))
    return redirect("enterprises:detail", pk=e.pk)


@login_required
@require_POST
def flag_remove(request: HttpRequest, pk: int, flag_id: int) -> HttpResponse:
    e = get_enterprise_for(request.user, pk)
    try:
        services.enterprise_flag_remove(actor=Actor.from_request(request), flag_id=flag_id,
                                        removed_on=timezone.localdate())
        messages.success(request, "已登记移出名单")
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("enterprises:detail", pk=e.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.enterprise_import_check(
                actor=Actor.from_request(request), zone=request.user.zone,
                file_name=upload.name, content=upload.read())
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            return redirect("enterprises:import_review", batch_id=batch.pk)
    return render(request, "enterprises/import.html", {"form": form})


@login_required
def import_review(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id, created_by=request.user)
    creates = sum(1 for r in batch.rows if r.get("import_action") == "create")
    return render(request, "enterprises/import_review.html", {
        "batch": batch, "creates": creates, "updates": len(batch.rows) - creates,
        "bad_rows": len({p["row"] for p in batch.report if p.get("sheet", "企业") == "企业"}),
        "preview": batch.rows[:50],
    })


@login_required
@require_POST
def import_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    action = request.POST.get("action")
    try:
        if action == "discard":
            services.enterprise_import_discard(actor=Actor.from_request(request), batch_id=batch_id)
            messages.info(request, "已放弃本次导入，企业库未作任何改动")
            return redirect("enterprises:list")
        result = services.enterprise_import_confirm(actor=Actor.from_request(request),
                                                    batch_id=batch_id)
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("enterprises:import_review", batch_id=batch_id)
    messages.success(request, f"导入完成：新增 {result['created']} 家，更新 {result['updated']} 家，"
                              f"无变化 {result['unchanged']} 家，年度数据 {result['figures']} 条，"
                              f"跳过有问题的行 {result['skipped']} 行")
    return redirect("enterprises:list")


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    content = write_register(Enterprise.objects.none(), [])
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="enterprise-register-template.xlsx"'
    return response
