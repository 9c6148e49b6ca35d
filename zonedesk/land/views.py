from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.i18n import english_active
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.units import PER_MU, quantity_text, unit_label
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.enterprises.models import Enterprise, Industry
from zonedesk.land import excel, rules, services
from zonedesk.land.forms import IndicatorForm, MoveForm, ParcelFilterForm, ParcelForm, ReviewForm, SaleForm
from zonedesk.land.models import LAND_EDIT_ROLES, LAND_READ_ROLES, ParcelStatus, ProductionReview
from zonedesk.land.selectors import (
    ParcelFilter,
    get_parcel_for,
    get_review_for,
    map_features,
    parcel_list_for,
    review_list_for,
    tax_hint,
)
from zonedesk.organisation.roles import Role
from zonedesk.parks.models import Park
from zonedesk.parks.selectors import may_see_register


def _can_edit(user) -> bool:
    return user.has_role(*LAND_EDIT_ROLES)


def _may_see(user) -> bool:
    return bool(user.roles & (LAND_READ_ROLES | {Role.ENTERPRISE}))


def _require_reader_page(request: AuthedRequest) -> None:
    if not _may_see(request.user):
        raise Http404


def _require_editor_page(request: AuthedRequest) -> None:
    if not _can_edit(request.user):
        raise Http404


def _filtered(request: AuthedRequest):
    parks = Park.objects.filter(zone_id__in=request.user.visible_zone_ids)
    form = ParcelFilterForm(request.GET or None, parks=parks)
    if form.is_bound and not form.is_valid():
        return form, parcel_list_for(user=request.user).none()
    d = form.cleaned_data if form.is_bound else {}
    filters = ParcelFilter(
        status=d.get("status") or "",
        park=d.get("park"),
        q=(d.get("q") or "").strip(),
        sold_from=d.get("sold_from"),
        sold_to=d.get("sold_to"),
    )
    return form, parcel_list_for(user=request.user, filters=filters)


@login_required
def parcel_list(request: AuthedRequest) -> HttpResponse:
    _require_reader_page(request)
    form, qs = _filtered(request)
    page, base = paginate(request, qs)
    # The map shows the filtered parcels that have a boundary (bounded: one query, no rows
    # without geometry).
    mapped = (
        qs.exclude(boundary__isnull=True).select_related(None).only("pk", "code", "status", "boundary")[:500]
    )
    return render(
        request,
        "land/list.html",
        {
            "form": form,
            "page": page,
            "querystring_base": base,
            "can_edit": _can_edit(request.user),
            "export_query": request.GET.urlencode(),
            "features": map_features(mapped),
            "statuses": ParcelStatus.choices,
        },
    )


@login_required
def parcel_export(request: AuthedRequest) -> HttpResponseBase:
    _require_reader_page(request)
    _form, qs = _filtered(request)
    return excel.response(
        excel.parcels_workbook(qs.select_related("indicators").iterator(chunk_size=1000)), "parcels"
    )


def _choices(zone_id: int) -> dict:
    return {"industries": Industry.objects.all(), "parks": Park.objects.filter(zone_id=zone_id)}


@login_required
@require_http_methods(["GET", "POST"])
def parcel_create(request: AuthedRequest) -> HttpResponse:
    _require_editor_page(request)
    form = ParcelForm(request.POST or None, **_choices(request.user.zone_id))
    if request.method == "POST" and form.is_valid():
        try:
            p = services.parcel_create(
                actor=Actor.from_request(request), zone=request.user.zone, data=form.data_for_service()
            )
        except ServiceError as exc:
            apply_service_error(form, exc, {"industry_id": "industry", "park_id": "park"})
        else:
            messages.success(request, _("已登记地块 %(code)s") % {"code": p.code})
            return redirect("land:detail", pk=p.pk)
    return render(request, "land/form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def parcel_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_parcel_for(request.user, pk)
    _require_editor_page(request)
    initial = {
        "code": p.code,
        "location": p.location,
        "area_mu": p.area_mu,
        "area_m2": p.area_m2,
        "land_use": p.land_use,
        "industry": p.industry_id,
        "park": p.park_id,
        "boundary": json.dumps(p.boundary, ensure_ascii=False) if p.boundary else "",
        "note": p.note,
        "version": p.version,
    }
    form = ParcelForm(request.POST or None, initial=initial, **_choices(p.zone_id))
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        if data["area_mu"] == p.area_mu and data["area_m2"] != p.area_m2:
            data["area_mu"] = None  # the person changed the ㎡: derive 亩 from it
        elif data["area_m2"] == p.area_m2 and data["area_mu"] != p.area_mu:
            data["area_m2"] = None
        try:
            services.parcel_update(
                actor=Actor.from_request(request),
                parcel_id=p.pk,
                data=data,
                version=form.cleaned_data["version"] or 0,
            )
        except ServiceError as exc:
            apply_service_error(form, exc, {"industry_id": "industry", "park_id": "park"})
        else:
            messages.success(request, _("地块信息已保存"))
            return redirect("land:detail", pk=p.pk)
    return render(request, "land/form.html", {"form": form, "p": p})


def _forecast(user, parcel) -> list:
    """拿地即开工: the approval projects built on this parcel and their schedule forecast."""
    try:
        from zonedesk.approvals.models import ConstructionProject
        from zonedesk.approvals.selectors import timeline_for
    except ImportError:  # approvals not installed
        return []
    out = []
    projects = ConstructionProject.objects.visible_to(user).filter(
        zone_id=parcel.zone_id, parcels__icontains=f'"{parcel.code}"'
    )[:3]
    for cp in projects:
        tl = timeline_for(user=user, project_id=cp.pk)
        stages = [(v.label, v.forecast) for v in tl.stages]
        start = next((v.forecast for v in tl.stages if v.stage == "construct"), None)
        out.append({"project": cp, "stages": stages, "start": start})
    return out


def _references(user, parcel) -> dict:
    """What refers to this parcel by key, as far as the user may see it."""
    out: dict = {"assessments": list(parcel.assessments.all()[:20]) if user.roles & LAND_READ_ROLES else []}
    try:
        from zonedesk.projects.models import Project

        out["pipeline"] = list(Project.objects.visible_to(user).filter(parcel_ref=parcel)[:20])
    except ImportError:
        out["pipeline"] = []
    return out


@login_required
def parcel_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_parcel_for(request.user, pk)
    can_edit = _can_edit(request.user)
    indicators = getattr(p, "indicators", None)
    sale = getattr(p, "sale", None)
    default = services.default_for(p)
    ctx = {
        "p": p,
        "can_see_park": may_see_register(request.user),
        "can_edit": can_edit,
        "indicators": indicators,
        "sale": sale,
        "default": default,
        "reviews": list(p.reviews.all()),
        "next_statuses": [(s, ParcelStatus(s).label) for s in rules.TRANSITIONS.get(p.status, ())],
        "features": map_features([p]),
        "forecasts": _forecast(request.user, p),
        "track": [(s, ParcelStatus(s).label) for s in rules.STATUSES],
        "track_index": rules.STATUSES.index(p.status),
    }
    if can_edit and p.status in (rules.RESERVE, rules.ANNOUNCED):
        values = indicators.values() if indicators else (default.values() if default else {})
        rd = next(
            (e["value"] for e in (indicators.extras if indicators else []) if e["key"] == "rd_ratio"), None
        )
        ctx["indicator_form"] = IndicatorForm(
            initial={
                **values,
                "environment": indicators.environment
                if indicators
                else (default.environment if default else ""),
                "deviation_reason": indicators.deviation_reason if indicators else "",
                "rd_ratio": rd,
                "version": p.version,
            }
        )
    return render(request, "land/detail.html", ctx)


def _error_text(exc: ServiceError) -> str:
    if hasattr(exc, "errors"):
        return "；".join(exc.errors.values())
    return exc.message


@login_required
@require_POST
def parcel_indicators(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_parcel_for(request.user, pk)
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items() if k in form.fields),
        )
        return redirect("land:detail", pk=p.pk)
    data = form.data_for_service()
    try:
        services.parcel_set_indicators(
            actor=Actor.from_request(request), parcel_id=p.pk, data=data, version=data.pop("version")
        )
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("控制指标已保存"))
    return redirect("land:detail", pk=p.pk)


@login_required
@require_POST
def parcel_move(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_parcel_for(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择要转入的状态"))
        return redirect("land:detail", pk=p.pk)
    try:
        services.parcel_move(
            actor=Actor.from_request(request),
            parcel_id=p.pk,
            to_status=form.cleaned_data["to_status"],
            version=form.cleaned_data["version"],
        )
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("地块状态已变更"))
    return redirect("land:detail", pk=p.pk)


@login_required
@require_http_methods(["GET", "POST"])
def parcel_sell(request: AuthedRequest, pk: int) -> HttpResponse:
    p = get_parcel_for(request.user, pk)
    _require_editor_page(request)
    indicators = getattr(p, "indicators", None)
    enterprises = Enterprise.objects.filter(zone_id=p.zone_id).only("pk", "name").order_by("name")
    initial = {
        **(indicators.values() if indicators else {}),
        "version": p.version,
        "sold_on": timezone.localdate(),
    }
    form = SaleForm(request.POST or None, request.FILES or None, initial=initial, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            services.parcel_sell(
                actor=Actor.from_request(request),
                parcel_id=p.pk,
                data=form.data_for_service(),
                version=form.cleaned_data["version"],
                upload=form.cleaned_data.get("agreement"),
            )
        except ServiceError as exc:
            apply_service_error(form, exc, {"enterprise_id": "enterprise", "file": "agreement"})
        else:
            messages.success(request, _("已登记出让与承诺，达产复核已排期"))
            return redirect("land:detail", pk=p.pk)
    return render(request, "land/sale.html", {"form": form, "p": p, "indicators": indicators})


@login_required
def agreement_download(request: AuthedRequest, pk: int) -> HttpResponse:
    from zonedesk.files.selectors import file_response

    p = get_parcel_for(request.user, pk)
    sale = getattr(p, "sale", None)
    if sale is None or sale.agreement_id is None:
        raise Http404
    return file_response(sale.agreement)


@login_required
def review_list(request: AuthedRequest) -> HttpResponse:
    _require_reader_page(request)
    status = request.GET.get("status", "")
    if status not in ProductionReview.Status.values:
        status = ""
    qs = review_list_for(user=request.user, status=status)
    page, base = paginate(request, qs)
    return render(
        request,
        "land/reviews.html",
        {
            "page": page,
            "querystring_base": base,
            "status": status,
            "statuses": ProductionReview.Status.choices,
            "today": timezone.localdate(),
        },
    )


@login_required
def review_export(request: AuthedRequest) -> HttpResponseBase:
    _require_reader_page(request)
    status = request.GET.get("status", "")
    qs = review_list_for(user=request.user, status=status if status in ProductionReview.Status.values else "")
    return excel.response(excel.reviews_workbook(qs.iterator(chunk_size=1000)), "reviews")


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    r = get_review_for(request.user, pk)
    can_decide = _can_edit(request.user) and r.status == ProductionReview.Status.DUE
    form = None
    if can_decide:
        hint = tax_hint(r)
        initial = {"version": r.version}
        if hint:
            initial.update({"tax_year": hint[0], "tax_wan": hint[1]})
        form = ReviewForm(request.POST or None, request.FILES or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.review_decide(
                    actor=Actor.from_request(request),
                    review_id=r.pk,
                    data=form.data_for_service(),
                    version=form.cleaned_data["version"],
                    upload=form.cleaned_data.get("evidence"),
                )
            except ServiceError as exc:
                apply_service_error(form, exc, {"file": "evidence", "extras_actual": "rd_ratio"})
            else:
                messages.success(request, _("复核结论已记录"))
                return redirect("land:review", pk=r.pk)
    elif request.method == "POST":
        if not _can_edit(request.user):
            raise Http404
        messages.error(request, _("该复核已作出结论"))
        return redirect("land:review", pk=r.pk)
    sale = r.sale
    committed = [(_(ind.label), quantity_text(getattr(sale, ind.key), ind.unit) if ind.unit
                  else getattr(sale, ind.key)) for ind in rules.INDICATORS]
    # The stored result is the record, in Chinese; its lines are shown in the reader's language.
    lines = [_review_line(line) for line in (r.result or {}).get("lines", [])]
    return render(
        request,
        "land/review.html",
        {"r": r, "form": form, "committed": committed, "lines": lines, "sale": sale,
         "today": timezone.localdate()},
    )


def _review_line(line: dict) -> dict:
    """A stored review line as the reader reads it. Chinese shows the record as stored (the
    numbers in the columns, the unit beside the label). English has no 万: money per mu is
    written in each cell ("CNY 3 million per mu") and the figures line with ``core.units``
    ("CNY 12 million ÷ 30.5 mu", not "1200.00 CNY 10k ÷ 30.50 mu")."""
    unit, figures = line.get("unit") or "", line.get("figures") or ""
    shown = {**line, "unit_shown": unit_label(unit), "committed_shown": line.get("committed"),
             "actual_shown": line.get("actual"), "figures_shown": figures}
    if not english_active():
        return shown
    # The FAR line keeps its committed range as its "unit", in full-width brackets.
    if unit.startswith("（") and unit.endswith("）"):
        shown["unit_shown"] = pgettext("value in brackets", "（%(value)s）") % {"value": unit[1:-1]}
    elif unit in PER_MU:
        shown["unit_shown"] = ""
        for key in ("committed", "actual"):
            if line.get(key) is not None:
                shown[f"{key}_shown"] = quantity_text(line[key], unit)
    parsed = rules.figures_parse(figures)
    if parsed:
        (a, a_unit), (b, b_unit) = parsed
        shown["figures_shown"] = f"{quantity_text(a, a_unit)} ÷ {quantity_text(b, b_unit)}"
    return shown


@login_required
def review_evidence(request: AuthedRequest, pk: int) -> HttpResponse:
    from zonedesk.files.selectors import file_response

    r = get_review_for(request.user, pk)
    if r.evidence_id is None:
        raise Http404
    return file_response(r.evidence)
