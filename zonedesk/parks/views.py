from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.figures import Period
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.enterprises.models import Enterprise
from zonedesk.land import excel
from zonedesk.parks import selectors, services
from zonedesk.parks.forms import (
    BuildingForm,
    ExitForm,
    GraduateForm,
    IncubationForm,
    LeaseEditForm,
    LeaseForm,
    UnitForm,
)
from zonedesk.parks.models import PARK_EDIT_ROLES, Building, Incubation, ParkKind, Unit


def _can_edit(user) -> bool:
    return user.has_role(*PARK_EDIT_ROLES)


def _require_register(request: AuthedRequest) -> None:
    if not selectors.may_see_register(request.user):
        raise Http404


def _day(request: AuthedRequest) -> dt.date:
    today = timezone.localdate()
    day = parse_date(request.GET.get("on") or "") if request.GET.get("on") else None
    return day if day and day <= today else today


def _enterprises(zone_id: int):
    return Enterprise.objects.filter(zone_id=zone_id).only("pk", "name").order_by("name")


def _error_text(exc: ServiceError) -> str:
    return "；".join(exc.errors.values()) if hasattr(exc, "errors") else exc.message


def _act(request: AuthedRequest, call, success: str, back) -> HttpResponse:
    try:
        call(Actor.from_request(request))
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, success)
    return back


def _form_errors(request: AuthedRequest, form) -> None:
    messages.error(
        request,
        "；".join(
            f"{form.fields[k].label if k in form.fields else ''}：{v[0]}" for k, v in form.errors.items()
        ),
    )


@login_required
def park_list(request: AuthedRequest) -> HttpResponse:
    _require_register(request)
    day = _day(request)
    parks = list(selectors.park_list_for(request.user))
    occ = selectors.park_occupancy(request.user.visible_zone_ids, day)
    ending = selectors.lease_list_for(user=request.user, ending_within=60, day=day).count()
    return render(
        request,
        "parks/list.html",
        {
            "rows": [(p, occ.get(p.pk)) for p in parks],
            "day": day,
            "ending": ending,
            "vacant": selectors.vacancies(user=request.user, day=day).count(),
            "can_edit": _can_edit(request.user),
        },
    )


@login_required
def park_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    park = selectors.get_park_for(request.user, pk)
    day = _day(request)
    year = day.year
    occ = selectors.occupancy(Unit.objects.filter(building__park=park), "building", day)
    total = selectors.park_occupancy([park.zone_id], day).get(park.pk)
    series = selectors.occupancy_series(park, day)
    from zonedesk.land.models import Parcel
    from zonedesk.land.selectors import map_features

    parcels = Parcel.objects.visible_to(request.user).filter(park=park).exclude(boundary__isnull=True)
    ctx = {
        "park": park,
        "day": day,
        "occ": occ,
        "total": total,
        "can_edit": _can_edit(request.user),
        "chart": {
            "labels": [d.strftime("%Y-%m") for d, _r in series],
            "values": [str(r) if r is not None else None for _d, r in series],
        },
        "flows": selectors.flows(park, selectors.quarters(year)),
        "year": year,
        "exits": selectors.exits_of(park)[:10],
        "features": map_features(parcels[:200]),
        "building_form": BuildingForm(),
    }
    if park.kind == ParkKind.INCUBATOR:
        ctx["incubations"] = selectors.incubations_of(park)
        ctx["incubation_form"] = IncubationForm(
            enterprises=_enterprises(park.zone_id), initial={"started_on": timezone.localdate()}
        )
        ctx["graduate_form"] = GraduateForm(initial={"graduated_on": timezone.localdate()})
    return render(request, "parks/detail.html", ctx)


@login_required
def exit_list(request: AuthedRequest, pk: int) -> HttpResponse:
    park = selectors.get_park_for(request.user, pk)
    start, end = parse_date(request.GET.get("from") or ""), parse_date(request.GET.get("to") or "")
    period = Period(start, end, f"{start} — {end}") if start and end and start <= end else None
    rows = selectors.exits_of(park, period)
    page, base = paginate(request, rows)
    return render(
        request, "parks/exits.html", {"park": park, "page": page, "querystring_base": base, "period": period}
    )


@login_required
@require_POST
def building_create(request: AuthedRequest, pk: int) -> HttpResponse:
    park = selectors.get_park_for(request.user, pk)
    form = BuildingForm(request.POST)
    back = redirect("parks:detail", pk=park.pk)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    return _act(
        request,
        lambda a: services.building_create(actor=a, park_id=park.pk, data=form.cleaned_data),
        _("已添加楼栋"),
        back,
    )


@login_required
def building_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    b = selectors.get_building_for(request.user, pk)
    day = _day(request)
    units = list(selectors.units_of(b, day))
    return render(
        request,
        "parks/building.html",
        {
            "b": b,
            "units": units,
            "day": day,
            "can_edit": _can_edit(request.user),
            "occ": next(iter(selectors.occupancy(Unit.objects.filter(building=b), "building", day)), None),
            "unit_form": UnitForm(initial={"available_since": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def unit_create(request: AuthedRequest, pk: int) -> HttpResponse:
    b = selectors.get_building_for(request.user, pk)
    form = UnitForm(request.POST)
    back = redirect("parks:building", pk=b.pk)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    return _act(
        request,
        lambda a: services.unit_create(actor=a, building_id=b.pk, data=form.cleaned_data),
        _("已添加单元"),
        back,
    )


def _get_unit(request: AuthedRequest, pk: int) -> Unit:
    _require_register(request)
    return get_object_or_404(
        Unit.objects.filter(zone_id__in=request.user.visible_zone_ids).select_related("building__park"), pk=pk
    )


@login_required
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    u = _get_unit(request, pk)
    return render(
        request,
        "parks/unit.html",
        {
            "u": u,
            "leases": u.leases.select_related("enterprise").order_by("-start_on"),
            "can_edit": _can_edit(request.user),
            "today": timezone.localdate(),
            "lease_form": LeaseForm(enterprises=_enterprises(u.zone_id)),
        },
    )


@login_required
@require_POST
def lease_create(request: AuthedRequest, pk: int) -> HttpResponse:
    u = _get_unit(request, pk)
    form = LeaseForm(request.POST, enterprises=_enterprises(u.zone_id))
    back = redirect("parks:unit", pk=u.pk)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    return _act(
        request,
        lambda a: services.lease_create(actor=a, unit_id=u.pk, data=form.data_for_service()),
        _("租约已登记"),
        back,
    )


@login_required
def lease_list(request: AuthedRequest) -> HttpResponse:
    if not selectors.may_see_parks(request.user):
        raise Http404
    day = timezone.localdate()
    within = request.GET.get("ending")
    within = int(within) if within and within.isdigit() and int(within) <= 3650 else None
    park = request.GET.get("park")
    park = int(park) if park and park.isdigit() else None
    qs = selectors.lease_list_for(
        user=request.user, park=park, ending_within=within, day=day, active=request.GET.get("active") == "1"
    )
    page, base = paginate(request, qs)
    return render(
        request,
        "parks/leases.html",
        {
            "page": page,
            "querystring_base": base,
            "ending": within,
            "today": day,
            "export_query": request.GET.urlencode(),
            "parks": selectors.park_list_for(request.user),
            "park": park,
        },
    )


@login_required
def lease_export(request: AuthedRequest) -> HttpResponseBase:
    if not selectors.may_see_parks(request.user):
        raise Http404
    qs = selectors.lease_list_for(user=request.user, day=timezone.localdate())
    columns = [
        ("产业园", lambda r: r.unit.building.park.name, "text"),
        ("楼栋", lambda r: r.unit.building.name, "text"),
        ("单元", lambda r: r.unit.code, "text"),
        ("面积（平方米）", lambda r: r.unit.area_m2, "num"),
        ("承租企业", lambda r: r.enterprise.name, "text"),
        ("统一社会信用代码", lambda r: r.enterprise.credit_code, "text"),
        ("合同编号", lambda r: r.contract_no, "text"),
        ("起租日", lambda r: r.start_on, "date"),
        ("到期日", lambda r: r.end_on, "date"),
        ("提前退租日", lambda r: r.ended_on, "date"),
        ("租金（元/平方米/月）", lambda r: r.rent_yuan_m2_month, "num"),
        ("免租期（月）", lambda r: r.free_months, "num"),
        ("押金（元）", lambda r: r.deposit_yuan, "num"),
    ]
    return excel.response(excel.workbook("租约", columns, qs.iterator(chunk_size=1000)), "leases")


@login_required
def unit_export(request: AuthedRequest) -> HttpResponseBase:
    _require_register(request)
    qs = (
        Unit.objects.filter(zone_id__in=request.user.visible_zone_ids)
        .select_related("building__park")
        .order_by("building__park__name", "building__name", "floor", "code")
    )
    columns = [
        ("产业园", lambda u: u.building.park.name, "text"),
        ("楼栋", lambda u: u.building.name, "text"),
        ("单元", lambda u: u.code, "text"),
        ("楼层", lambda u: u.floor, "num"),
        ("可租面积（平方米）", lambda u: u.area_m2, "num"),
        ("类型", lambda u: u.get_kind_display(), "text"),
        ("状态", lambda u: u.get_status_display(), "text"),
        ("可出租起始日", lambda u: u.available_since, "date"),
    ]
    return excel.response(excel.workbook("单元", columns, qs.iterator(chunk_size=1000)), "units")


@login_required
def building_export(request: AuthedRequest) -> HttpResponseBase:
    _require_register(request)
    qs = (
        Building.objects.filter(zone_id__in=request.user.visible_zone_ids)
        .select_related("park")
        .order_by("park__name", "name")
    )
    columns = [
        ("产业园", lambda b: b.park.name, "text"),
        ("楼栋", lambda b: b.name, "text"),
        ("层数", lambda b: b.floors, "num"),
        ("说明", lambda b: b.note, "text"),
    ]
    return excel.response(excel.workbook("楼栋", columns, qs.iterator(chunk_size=1000)), "buildings")


@login_required
def lease_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = selectors.get_lease_for(request.user, pk)
    exit_row = getattr(lease, "exit", None) if hasattr(lease, "exit") else None
    can_edit = _can_edit(request.user)
    return render(
        request,
        "parks/lease.html",
        {
            "lease": lease,
            "exit": exit_row,
            "can_edit": can_edit and exit_row is None,
            "exit_form": ExitForm(
                enterprises=_enterprises(lease.zone_id), initial={"exited_on": timezone.localdate()}
            ),
        },
    )


@login_required
@require_POST
def lease_exit(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = selectors.get_lease_for(request.user, pk)
    form = ExitForm(request.POST, enterprises=_enterprises(lease.zone_id))
    back = redirect("parks:lease", pk=lease.pk)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    d = form.cleaned_data
    return _act(
        request,
        lambda a: services.lease_exit(
            actor=a,
            lease_id=lease.pk,
            exited_on=d["exited_on"],
            reason=d["reason"],
            replacement_id=d["replacement"],
            note=d["note"],
        ),
        _("已登记退出"),
        back,
    )


@login_required
def vacancy_list(request: AuthedRequest) -> HttpResponse:
    _require_register(request)
    day = _day(request)
    page, base = paginate(request, selectors.vacancies(user=request.user, day=day))
    rows = [(u, selectors.vacant_since(u), (day - selectors.vacant_since(u)).days) for u in page.object_list]
    return render(
        request, "parks/vacancies.html", {"page": page, "rows": rows, "querystring_base": base, "day": day}
    )


@login_required
@require_POST
def incubation_start(request: AuthedRequest, pk: int) -> HttpResponse:
    park = selectors.get_park_for(request.user, pk)
    form = IncubationForm(request.POST, enterprises=_enterprises(park.zone_id))
    back = redirect("parks:detail", pk=park.pk)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    d = form.cleaned_data
    return _act(
        request,
        lambda a: services.incubation_start(
            actor=a, park_id=park.pk, enterprise_id=d["enterprise"], started_on=d["started_on"]
        ),
        _("已登记入孵"),
        back,
    )


@login_required
@require_POST
def incubation_graduate(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_register(request)
    row = get_object_or_404(Incubation.objects.filter(zone_id__in=request.user.visible_zone_ids), pk=pk)
    form = GraduateForm(request.POST)
    back = redirect("parks:detail", pk=row.park_id)
    if not form.is_valid():
        _form_errors(request, form)
        return back
    return _act(
        request,
        lambda a: services.incubation_graduate(
            actor=a, incubation_id=row.pk, graduated_on=form.cleaned_data["graduated_on"]
        ),
        _("已登记毕业"),
        back,
    )


# --- edit pages: a prefilled form with the version the user saw --------------------------------


def _edit(
    request: AuthedRequest, *, obj, form_class, initial: dict, save, title: str, back: str
) -> HttpResponse:
    if not _can_edit(request.user):
        raise Http404
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = -1
        try:
            save(Actor.from_request(request), form.cleaned_data, version)
        except NotFound as exc:
            raise Http404 from exc
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(back)
    return render(
        request,
        "parks/edit.html",
        {"form": form, "obj": obj, "title": title, "back": back},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def building_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    b = selectors.get_building_for(request.user, pk)
    return _edit(
        request,
        obj=b,
        form_class=BuildingForm,
        initial={"name": b.name, "floors": b.floors, "note": b.note},
        save=lambda a, d, v: services.building_update(actor=a, building_id=b.pk, data=d, version=v),
        title=_("编辑楼栋：%(b)s") % {"b": b},
        back=reverse("parks:building", args=[b.pk]),
    )


@login_required
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    u = _get_unit(request, pk)
    return _edit(
        request,
        obj=u,
        form_class=UnitForm,
        initial={f: getattr(u, f) for f in ("code", "floor", "area_m2", "kind", "status", "available_since")},
        save=lambda a, d, v: services.unit_update(actor=a, unit_id=u.pk, data=d, version=v),
        title=_("编辑单元：%(u)s") % {"u": u},
        back=reverse("parks:unit", args=[u.pk]),
    )


@login_required
def lease_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    lease = selectors.get_lease_for(request.user, pk)
    return _edit(
        request,
        obj=lease,
        form_class=LeaseEditForm,
        initial={f: getattr(lease, f) for f in services.LEASE_EDIT_FIELDS},
        save=lambda a, d, v: services.lease_update(actor=a, lease_id=lease.pk, data=d, version=v),
        title=_("编辑租约：%(e)s · %(u)s") % {"e": lease.enterprise.name, "u": lease.unit},
        back=reverse("parks:lease", args=[lease.pk]),
    )
