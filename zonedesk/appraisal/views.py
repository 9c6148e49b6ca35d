"""Appraisal pages. Thin: parse the form, call the service, show its coded error."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zonedesk.appraisal import excel, pdf, rules, selectors, services
from zonedesk.appraisal.models import (
    DecisionKind,
    KpiTemplate,
    PeriodKind,
    PeriodStatus,
    SheetStatus,
    Source,
    TieRule,
    is_manager,
)
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError, ValidationFailed
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import paginate
from zonedesk.core.xlsx import workbook_response
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import ADMIN_ROLES, Role

FIELD_LABELS = {
    "name": gettext_lazy("名称"),
    "applies_to": gettext_lazy("适用岗位"),
    "period_kind": gettext_lazy("考核周期"),
    "indicators": gettext_lazy("指标"),
    "template_id": gettext_lazy("指标模板"),
    "start": gettext_lazy("考核期起"),
    "end": gettext_lazy("考核期止"),
    "members": gettext_lazy("被考核人员"),
    "objection_days": gettext_lazy("公示期"),
    "demote_pct": gettext_lazy("降职降薪比例"),
    "demote_count": gettext_lazy("降职降薪名额"),
    "dismiss_count": gettext_lazy("末位淘汰名额"),
    "tie_rule": gettext_lazy("并列规则"),
    "summary": gettext_lazy("个人自评"),
    "points": gettext_lazy("得分"),
    "evidence": gettext_lazy("依据"),
    "comment": gettext_lazy("评语"),
    "note": gettext_lazy("意见"),
    "reason": gettext_lazy("理由"),
    "kind": gettext_lazy("决定"),
    "effective_on": gettext_lazy("生效日期"),
    "scores": gettext_lazy("评分"),
}


def _error_text(exc: ServiceError) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(f"{FIELD_LABELS.get(k.split('.')[-1], k)}：{v}" for k, v in exc.errors.items())
    return exc.message


def _run(request: AuthedRequest, call, success: str) -> bool:
    try:
        call(Actor.from_request(request))
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, _error_text(exc))
        return False
    messages.success(request, success)
    return True


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _may_use(user) -> bool:
    return user.is_authenticated and user.is_business_staff and not user.has_role(Role.PROVINCIAL)


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user):
        raise Http404
    page, base = paginate(request, selectors.period_list_for(user=request.user))
    mine = (
        selectors.sheets_visible(request.user)
        .filter(person=request.user)
        .select_related("period")
        .order_by("-period__start")[:20]
    )
    todo = (
        selectors.sheets_visible(request.user)
        .filter(
            Q(person=request.user, status=SheetStatus.SELF)
            | Q(assessor=request.user, status=SheetStatus.ASSESSING)
            | Q(reviewer=request.user, status=SheetStatus.REVIEW),
            period__status=PeriodStatus.OPEN,
        )
        .select_related("period", "person")[:50]
    )
    return render(
        request,
        "appraisal/index.html",
        {
            "page": page,
            "querystring_base": base,
            "mine": mine,
            "todo": todo,
            "objections": selectors.objections_to_review(request.user)[:50],
            "manager": is_manager(request.user),
        },
    )


@login_required
def template_list(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user):
        raise Http404
    page, base = paginate(
        request, selectors.template_list_for(user=request.user).prefetch_related("indicators")
    )
    return render(
        request,
        "appraisal/templates.html",
        {"page": page, "querystring_base": base, "manager": is_manager(request.user)},
    )


@login_required
def template_export(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user):
        raise Http404
    return workbook_response(excel.templates(selectors.template_list_for(user=request.user)), "kpi-templates")


@login_required
def template_import_sheet(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user) or not is_manager(request.user):
        raise Http404
    return workbook_response(excel.import_template(), "kpi-templates-import")


@login_required
@require_POST
def template_import(request: AuthedRequest) -> HttpResponse:
    """Upload the sheet: every template in it is created (as a new version), or none is."""
    if not _may_use(request.user) or not is_manager(request.user):
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("请选择要导入的 Excel 文件"))
        return redirect("appraisal:templates")
    # success or the coded error (row, column, rule): the list shows the message either way
    _run(
        request,
        lambda a: excel.templates_import(actor=a, content=upload.read()),
        _("已导入指标模板（各为新版本）"),
    )
    return redirect("appraisal:templates")


ROWS = 10


@login_required
def template_create(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user) or not is_manager(request.user):
        raise Http404
    base: KpiTemplate | None = None
    if request.GET.get("from"):
        base = selectors.get_template_for(request.user, _int(request.GET["from"], 0))
    if request.method == "POST":
        rows = []
        for i in range(ROWS):
            p = f"i{i}-"
            if not request.POST.get(p + "code") and not request.POST.get(p + "name"):
                continue
            rows.append(
                {
                    k: request.POST.get(p + k, "")
                    for k in ("code", "name", "source", "weight", "full_at", "zero_at", "none_pct", "veto_at")
                }
                | {"is_veto": request.POST.get(p + "is_veto") == "on"}
            )
        ok = _run(
            request,
            lambda a: services.template_create(
                actor=a,
                zone_id=request.user.zone_id,
                name=request.POST.get("name", ""),
                applies_to=request.POST.get("applies_to", ""),
                period_kind=request.POST.get("period_kind", ""),
                indicators=rows,
                excellent_at=request.POST.get("excellent_at") or 90,
                pass_at=request.POST.get("pass_at") or 70,
                basic_at=request.POST.get("basic_at") or 60,
                note=request.POST.get("note", ""),
            ),
            _("指标模板已保存（新版本）"),
        )
        if ok:
            return redirect("appraisal:templates")
    indicators = list(base.indicators.all()) if base else []
    slots = indicators + [None] * (ROWS - len(indicators))
    return render(
        request,
        "appraisal/template_form.html",
        {
            "base": base,
            "slots": list(enumerate(slots)),
            "sources": Source.choices,
            "kinds": PeriodKind.choices,
            "post": request.POST if request.method == "POST" else None,
        },
    )


def _candidates(user):
    return (
        User.objects.filter(
            zone_id=user.zone_id, is_active=True, department__isnull=False, enterprise__isnull=True
        )
        .exclude(role_grants__role__in=list(ADMIN_ROLES))
        .select_related("department")
        .order_by("department__sort", "username")
    )


@login_required
def period_create(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user) or not is_manager(request.user):
        raise Http404
    templates = KpiTemplate.objects.filter(zone_id=request.user.zone_id, is_current=True).order_by("name")
    people = list(_candidates(request.user))
    if request.method == "POST":
        ids = [_int(v, 0) for v in request.POST.getlist("people")]
        group = request.POST.get("rank_group", "")
        members = [
            {
                "person_id": pid,
                "assessor_id": _int(request.POST.get("assessor"), 0),
                "reviewer_id": _int(request.POST.get("reviewer"), 0),
                "rank_group": group,
            }
            for pid in ids
        ]
        holder = {}
        ok = _run(
            request,
            lambda a: holder.setdefault(
                "p",
                services.period_create(
                    actor=a,
                    zone_id=request.user.zone_id,
                    name=request.POST.get("name", ""),
                    template_id=_int(request.POST.get("template"), 0),
                    start=_date(request.POST.get("start")),
                    end=_date(request.POST.get("end")),
                    members=members,
                    objection_days=_int(request.POST.get("objection_days"), -1),
                    demote_count=_int(request.POST.get("demote_count"), -1),
                    demote_pct=request.POST.get("demote_pct") or "0",
                    dismiss_count=_int(request.POST.get("dismiss_count"), -1),
                    tie_rule=request.POST.get("tie_rule", ""),
                ),
            ),
            _("考核期已创建，系统数据指标已计算"),
        )
        if ok:
            return redirect("appraisal:period", pk=holder["p"].pk)
    return render(
        request,
        "appraisal/period_form.html",
        {
            "templates": templates,
            "people": people,
            "tie_rules": TieRule.choices,
            "post": request.POST if request.method == "POST" else None,
            "picked": {_int(v, 0) for v in request.POST.getlist("people")},
        },
    )


@login_required
def period_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    period = selectors.get_period_for(request.user, pk)
    sheets = list(selectors.sheet_list_for(user=request.user, period=period))
    groups: dict[str, list] = {}
    for s in sheets:
        groups.setdefault(s.rank_group, []).append(s)
    rule = period.ranking_rule()
    bottoms = {g: rule.bottom(len(m)) for g, m in groups.items()}
    return render(
        request,
        "appraisal/period.html",
        {
            "period": period,
            "groups": [(g, m, bottoms[g]) for g, m in groups.items()],
            "manager": is_manager(request.user) and request.user.zone_id == period.zone_id,
            "indicators": list(period.template.indicators.all()),
        },
    )


@login_required
@require_POST
def period_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    period = selectors.get_period_for(request.user, pk)
    version = _int(request.POST.get("version"))
    calls = {
        "refresh": (
            lambda a: services.period_refresh(actor=a, period_id=period.pk, version=version),
            _("已按最新数据重算"),
        ),
        "publish": (
            lambda a: services.period_publish(actor=a, period_id=period.pk, version=version),
            _("考核结果已公示"),
        ),
        "finalise": (
            lambda a: services.period_finalise(actor=a, period_id=period.pk, version=version),
            _("考核已定档"),
        ),
    }
    if action not in calls:
        raise Http404
    _run(request, *calls[action])
    return redirect("appraisal:period", pk=period.pk)


@login_required
def period_export(request: AuthedRequest, pk: int) -> HttpResponse:
    period = selectors.get_period_for(request.user, pk)
    sheets = selectors.sheet_list_for(user=request.user, period=period)
    return workbook_response(excel.period(period, sheets), f"appraisal-{period.pk}")


@login_required
def sheet_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for(request.user, pk)
    user = request.user
    manager = is_manager(user) and user.zone_id == sheet.zone_id
    return render(
        request,
        "appraisal/sheet.html",
        {
            "sheet": sheet,
            "period": sheet.period,
            "scores": selectors.scores_of(sheet),
            "objections": selectors.objections_of(sheet),
            "corrections": list(sheet.corrections.select_related("score__indicator", "by")),
            "decisions": list(sheet.decisions.select_related("decided_by")),
            "is_person": sheet.person_id == user.pk,
            "is_assessor": sheet.assessor_id == user.pk,
            "is_reviewer": sheet.reviewer_id == user.pk,
            "manager": manager,
            "open": sheet.period.status == PeriodStatus.OPEN,
            "publicised": sheet.period.status == PeriodStatus.PUBLICISED,
            "final": sheet.period.status == PeriodStatus.FINAL,
            "decision_kinds": DecisionKind.choices,
            "rules": rules,
        },
    )


@login_required
def sheet_basis(request: AuthedRequest, pk: int, score_id: int) -> HttpResponse:
    sheet = selectors.get_sheet_for(request.user, pk)
    score = next((s for s in selectors.scores_of(sheet) if s.pk == score_id), None)
    if score is None or score.indicator.is_manual:
        raise Http404
    page, base = paginate(request, selectors.basis_rows(sheet, score))
    return render(
        request,
        "appraisal/basis.html",
        {"sheet": sheet, "score": score, "page": page, "querystring_base": base, "rules": rules},
    )


@login_required
def sheet_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = selectors.get_sheet_for(request.user, pk)
    content = pdf.sheet_pdf(sheet, selectors.scores_of(sheet))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="appraisal-sheet-{sheet.pk}.pdf"'
    return response


@login_required
@require_POST
def sheet_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    sheet = selectors.get_sheet_for(request.user, pk)
    p = request.POST
    version = _int(p.get("version"))
    calls = {
        "self": (
            lambda a: services.sheet_self_assess(
                actor=a, sheet_id=sheet.pk, summary=p.get("summary", ""), version=version
            ),
            _("自评已提交"),
        ),
        "score": (
            lambda a: services.score_enter(
                actor=a,
                sheet_id=sheet.pk,
                indicator_id=_int(p.get("indicator"), 0),
                points=p.get("points"),
                evidence=p.get("evidence", ""),
                comment=p.get("comment", ""),
                veto=p.get("veto") == "on",
                version=version,
            ),
            _("评分已保存"),
        ),
        "submit": (
            lambda a: services.sheet_submit(actor=a, sheet_id=sheet.pk, version=version),
            _("评分已提交部门审核"),
        ),
        "review": (
            lambda a: services.sheet_review(
                actor=a,
                sheet_id=sheet.pk,
                approve=p.get("approve") == "1",
                note=p.get("note", ""),
                version=version,
            ),
            _("审核意见已保存"),
        ),
        "object": (
            lambda a: services.objection_raise(actor=a, sheet_id=sheet.pk, reason=p.get("reason", "")),
            _("异议已提交，将由考核人以外的人员复核"),
        ),
        "decide": (
            lambda a: services.objection_decide(
                actor=a,
                objection_id=_int(p.get("objection"), 0),
                upheld=p.get("upheld") == "1",
                note=p.get("note", ""),
                indicator_id=_int(p.get("indicator")),
                points=p.get("points") or None,
            ),
            _("异议复核完成"),
        ),
        "correct": (
            lambda a: services.score_correct(
                actor=a,
                sheet_id=sheet.pk,
                indicator_id=_int(p.get("indicator"), 0),
                points=p.get("points"),
                reason=p.get("reason", ""),
            ),
            _("更正已记录"),
        ),
        "decision": (
            lambda a: services.decision_record(
                actor=a,
                sheet_id=sheet.pk,
                kind=p.get("kind", ""),
                effective_on=_date(p.get("effective_on")),
                note=p.get("note", ""),
            ),
            _("聘用决定已记录"),
        ),
    }
    if action not in calls:
        raise Http404
    _run(request, *calls[action])
    return redirect("appraisal:sheet", pk=sheet.pk)


@login_required
def decision_list(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user):
        raise Http404
    page, base = paginate(request, selectors.decision_list_for(user=request.user))
    return render(request, "appraisal/decisions.html", {"page": page, "querystring_base": base})


@login_required
def decision_export(request: AuthedRequest) -> HttpResponse:
    if not _may_use(request.user):
        raise Http404
    return workbook_response(
        excel.decisions(selectors.decision_list_for(user=request.user)), "appraisal-decisions"
    )
