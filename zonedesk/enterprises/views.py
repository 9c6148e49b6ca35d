from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.credit_marks import credit_mark_registry
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.enterprises import services
from zonedesk.enterprises.excel import XLSX_TYPE, write_register
from zonedesk.enterprises.forms import EnterpriseFilterForm, EnterpriseForm, FlagForm
from zonedesk.enterprises.models import Enterprise
from zonedesk.enterprises.selectors import (
    EnterpriseFilter,
    enterprise_figures_for,
    enterprise_list_for,
    get_enterprise_for,
)
from zonedesk.parks.models import Park


def _filtered(request: AuthedRequest) -> tuple[EnterpriseFilterForm, QuerySet[Enterprise]]:
    """The filter form and the enterprises it selects.

    A filter that does not validate (a park since removed, a hand-edited link) selects
    nothing and says why on the form: falling back to "no filter" would list, or export,
    the whole registry under a filter the user believes is applied.
    """
    from zonedesk.organisation.selectors import zone_list_for

    parks = Park.objects.visible_to(request.user).select_related("zone")
    zones = list(zone_list_for(user=request.user))
    form = EnterpriseFilterForm(request.GET or None, parks=parks, zones=zones)
    if form.is_bound and not form.is_valid():
        return form, Enterprise.objects.none()
    d = form.cleaned_data if form.is_bound else {}
    filters = EnterpriseFilter(
        q=d.get("q", "").strip(), industry=d.get("industry", ""), park=d.get("park"),
        credit_grade=d.get("credit_grade", ""), growth_tier=d.get("growth_tier", ""),
        flagged={"1": True, "0": False}.get(d.get("flagged") or ""), zone=d.get("zone"))
    return form, enterprise_list_for(user=request.user, filters=filters)


def _can_edit(user) -> bool:
    return user.has_role(*services.EDITOR_ROLES)


def _require_editor_page(request: AuthedRequest) -> None:
    """Staff who may not keep the register do not get its forms (the role × page table in
    core/tests/test_scope_matrix.py: a page a role has no use for is a 404), rather than a
    form that fails only once filled in. The service checks again on every write."""
    if not (request.user.is_business_staff and _can_edit(request.user)):
        raise Http404


@login_required
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    form, qs = _filtered(request)
    page, base = paginate(request, qs)
    return render(request, "enterprises/list.html", {
        "form": form, "page": page, "querystring_base": base, "can_edit": _can_edit(request.user),
        "export_query": request.GET.urlencode(), "multi_zone": len(request.user.visible_zone_ids) > 1,
    })


@login_required
def enterprise_mine(request: AuthedRequest) -> HttpResponse:
    if not request.user.enterprise_id:
        raise Http404
    return redirect("enterprises:detail", pk=request.user.enterprise_id)


@login_required
def enterprise_export(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    _form, qs = _filtered(request)
    # Every filtered row, streamed in chunks (the active-flag prefetch runs per chunk); the
    # figures follow the same filter as a subquery rather than a list of 50,000 ids.
    figures = enterprise_figures_for(user=request.user,
                                     enterprise_ids=qs.order_by().values("pk")).iterator(chunk_size=2000)
    content = write_register(qs.iterator(chunk_size=2000), figures)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"enterprises-{stamp}.xlsx\""
    return response


@login_required
def enterprise_detail(request: AuthedRequest, pk: int) -> HttpResponse:
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
        # Breaches other capabilities recorded (e.g. a missed 容缺 deadline) and their consequence.
        "credit_marks": credit_mark_registry.marks_for(request.user, enterprise.pk),
    })


def _form_data(form: EnterpriseForm) -> dict:
    d = dict(form.cleaned_data)
    d.pop("version", None)
    return d


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request: AuthedRequest) -> HttpResponse:
    _require_editor_page(request)
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
def enterprise_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    e = get_enterprise_for(request.user, pk)
    _require_editor_page(request)
    parks = Park.objects.filter(zone_id=e.zone_id)
    initial = {
        "credit_code": e.credit_code, "name": e.name, "legal_representative": e.legal_representative,
        "industry_code": e.industry.code, "park": e.park_id, "address": e.address,
        "registered_on": e.registered_on, "staff_size": e.staff_size,
        "credit_grade": e.credit_grade, "credit_source": e.credit_source,
        "credit_valid_until": e.credit_valid_until,
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
def flag_add(request: AuthedRequest, pk: int) -> HttpResponse:
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
def flag_remove(request: AuthedRequest, pk: int, flag_id: int) -> HttpResponse:
    e = get_enterprise_for(request.user, pk)
    try:
        services.enterprise_flag_remove(actor=Actor.from_request(request), flag_id=flag_id,
                                        removed_on=timezone.localdate(), enterprise_id=e.pk)
        messages.success(request, "已登记移出名单")
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("enterprises:detail", pk=e.pk)
