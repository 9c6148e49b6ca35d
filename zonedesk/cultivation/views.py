"""Pages of the ladder: counts over years, moves, who is closest; one enterprise's trace."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import paginate
from zonedesk.core.xlsx import sheet_response
from zonedesk.cultivation import selectors, services
from zonedesk.cultivation.forms import CertificateForm, FactForm
from zonedesk.cultivation.ladder import TIER_LABELS
from zonedesk.cultivation.rules import TIERS, missing_lines
from zonedesk.rules_engine.explain import localized


def _staff(request: AuthedRequest) -> None:
    if not request.user.is_business_staff:
        raise Http404


def _can_edit(user) -> bool:
    return user.has_role(*services.EDITOR_ROLES)


@login_required
def ladder(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    zones = list(request.user.visible_zone_ids)
    counts = selectors.tier_counts(zones)
    years = sorted(counts)
    year = years[-1] if years else None
    tier = request.GET.get("tier")
    tier = tier if tier in ("", *TIERS) else None
    qs = selectors.assessment_list_for(user=request.user, year=year, tier=tier)
    page, base = paginate(request, qs)
    page.object_list = list(page.object_list)
    closest = list(selectors.closest(zones, year)) if year else []
    for a in [*page.object_list, *closest]:
        a.missing_text = missing_lines(a.traces, a.next_tier, a.missing)
    table = [(t, TIER_LABELS[t], [counts[y].get(t, 0) for y in years]) for t in ("", *TIERS)]
    return render(
        request,
        "cultivation/ladder.html",
        {
            "years": years,
            "year": year,
            "table": table,
            "tier": tier,
            "tier_label": TIER_LABELS.get(tier or "", ""),
            "moves": list(selectors.moves(zones, year)[:50]) if year else [],
            "closest": closest,
            "page": page,
            "querystring_base": base,
            "can_edit": _can_edit(request.user),
            "tier_labels": TIER_LABELS,
        },
    )


@login_required
def export(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    zones = list(request.user.visible_zone_ids)
    year = selectors.latest_year(zones)
    qs = selectors.assessment_list_for(user=request.user, year=year)

    def rows():
        for a in qs.iterator(chunk_size=2000):
            yield [
                a.enterprise.name,
                a.enterprise.credit_code,
                a.year,
                str(TIER_LABELS[a.tier]),
                str(TIER_LABELS[a.computed_tier]),
                _("是") if a.certified else _("否"),
                str(TIER_LABELS[a.next_tier]) if a.next_tier else "",
                a.distance,
                "；".join(missing_lines(a.traces, a.next_tier, a.missing)),
                a.computed_at.strftime("%Y-%m-%d %H:%M"),
            ]

    return sheet_response(
        "ladder",
        _("梯度培育"),
        [
            _("企业名称"),
            _("统一社会信用代码"),
            _("数据年度"),
            _("层级"),
            _("按数据计算层级"),
            _("以证书认定"),
            _("下一层级"),
            _("差几项"),
            _("还差什么"),
            _("计算时间"),
        ],
        rows(),
    )


@login_required
@require_POST
def recompute(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    try:
        services.require_editor(Actor.from_request(request), request.user.zone_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("cultivation:ladder")
    counts = services.tier_recompute(actor=Actor.from_request(request), zone_id=request.user.zone_id)
    messages.success(
        request,
        _("已重新计算 %(n)s 家企业的层级，%(c)s 家层级有变化。")
        % {"n": counts["enterprises"], "c": counts["changed"]},
    )
    return redirect("cultivation:ladder")


@login_required
def enterprise(request: AuthedRequest, pk: int) -> HttpResponse:
    e = selectors.get_enterprise_for(request.user, pk)
    a = selectors.get_assessment_for(request.user, e.pk)
    staff = request.user.is_business_staff
    traces = []
    missing: list[str] = []
    if a is not None:
        for t in TIERS:
            rows = localized(a.traces.get(t, []))
            outcome = rows[0]["result"] if rows else "unknown"
            traces.append((t, TIER_LABELS[t], outcome, rows))
        missing = missing_lines(a.traces, a.next_tier, a.missing)
    return render(
        request,
        "cultivation/enterprise.html",
        {
            "e": e,
            "a": a,
            "traces": traces,
            "missing": missing,
            "tier_labels": TIER_LABELS,
            "facts": selectors.facts_for(e.pk),
            "certificates": selectors.certificates_for(e.pk),
            "fact_form": FactForm(),
            "cert_form": CertificateForm(),
            "can_edit": staff and _can_edit(request.user),
            "history": list(
                selectors.assessment_list_for(user=request.user).filter(enterprise=e).order_by("year")
            ),
        },
    )


def _post(request: AuthedRequest, pk: int, form_class, call) -> HttpResponse:
    e = selectors.get_enterprise_for(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errs in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}：{errs[0]}")
        return redirect("cultivation:enterprise", pk=e.pk)
    try:
        call(Actor.from_request(request), e.pk, form.cleaned_data)
    except ValidationFailed as exc:
        for msg in exc.errors.values():
            messages.error(request, msg)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存；层级与政策匹配将在后台重新计算。"))
    return redirect("cultivation:enterprise", pk=e.pk)


@login_required
@require_POST
def fact_record(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        FactForm,
        lambda actor, eid, d: services.enterprise_fact_record(
            actor=actor, enterprise_id=eid, key=d["key"], year=d["year"], value=d["value"], source=d["source"]
        ),
    )


@login_required
@require_POST
def certificate_record(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        CertificateForm,
        lambda actor, eid, d: services.tier_certificate_record(
            actor=actor,
            enterprise_id=eid,
            tier=d["tier"],
            number=d["number"],
            issuer=d["issuer"],
            issued_on=d["issued_on"],
            valid_until=d["valid_until"],
        ),
    )
