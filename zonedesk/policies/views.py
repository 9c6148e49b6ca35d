"""Pages of policies: thin — parse, call the service or selector, show its coded error."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import paginate
from zonedesk.core.xlsx import sheet_response
from zonedesk.cultivation.selectors import get_enterprise_for, snapshots
from zonedesk.policies import selectors, services
from zonedesk.policies.forms import AwardFilterForm, PayForm, RuleForm
from zonedesk.policies.matching import explain_matches
from zonedesk.policies.models import ApplicationStatus, AwardStatus, Mode, Outcome
from zonedesk.rules_engine import texts
from zonedesk.rules_engine.benefit import basis_display, compile_benefit
from zonedesk.rules_engine.derive import build_facts
from zonedesk.rules_engine.engine import OUTCOME_NAMES, RuleError, compile_rule
from zonedesk.rules_engine.explain import explain, localized, summary


def _staff(request: AuthedRequest) -> None:
    if not request.user.is_business_staff:
        raise Http404


@login_required
def policy_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not (user.is_business_staff or user.enterprise_id):
        raise Http404
    return render(
        request,
        "policies/list.html",
        {
            "policies": selectors.policy_list_for(user=user),
            "staff": user.is_business_staff,
            "can_recompute": user.has_role(*services.RECOMPUTERS),
        },
    )


@login_required
@require_POST
def recompute(request: AuthedRequest) -> HttpResponse:
    _staff(request)
    if not request.user.has_role(*services.RECOMPUTERS):
        messages.error(request, _("无权重新匹配"))
        return redirect("policies:list")
    counts = services.match_recompute(actor=Actor.from_request(request), zone_id=request.user.zone_id)
    messages.success(
        request,
        _("已完成 %(n)s 次企业×条款评价，%(p)s 项符合。")
        % {"n": counts["evaluations"], "p": counts["passed"]},
    )
    return redirect("policies:list")


@login_required
def clause_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _staff(request)
    clause = selectors.get_clause_for(request.user, pk)
    outcome = request.GET.get("outcome", "passed")
    outcome = outcome if outcome in Outcome.values else "passed"
    page, base = paginate(
        request, selectors.matches_for_clause(user=request.user, clause=clause, outcome=outcome)
    )
    page.object_list = explain_matches(page.object_list)  # summary and trace of the page's rows
    period = timezone.localdate().year - 1
    can_confirm = clause.mode == Mode.AUTO and request.user.has_role(services.ROLE_FOR["confirm"])
    rule = selectors.clause_rule(clause)
    return render(
        request,
        "policies/clause.html",
        {
            "clause": clause,
            "rule": rule,
            "page": page,
            "querystring_base": base,
            "outcome": outcome,
            "outcomes": Outcome.choices,
            "period": period,
            "can_confirm": can_confirm,
            "to_confirm": list(selectors.unawarded_passed(clause, period)[:200]) if can_confirm else [],
            "can_edit": request.user.has_role(*services.RULE_EDITORS),
            "versions": clause.rules.order_by("-number")[:10],
        },
    )


def _preview(zone_id: int, rule: dict, benefit: dict, cap) -> list[dict]:
    """The draft on five real enterprises of the zone (those with figures first)."""
    compiled, formula = compile_rule(rule), compile_benefit(benefit, clause_cap=cap)
    today = timezone.localdate()
    out = []
    for chunk in snapshots(zone_ids=[zone_id], on=today, batch=50):
        for r, snap in chunk:
            if not snap.figures and len(out) < 4:
                continue
            facts = build_facts(snap, today)
            outcome, trace = compiled.evaluate(facts, today)
            amount, how = formula.estimate(facts) if outcome != 0 else (None, "")
            out.append(
                {
                    "name": r["name"],
                    "outcome": OUTCOME_NAMES[outcome],
                    "trace": explain(compiled, trace, facts),
                    "summary": summary(compiled, trace, facts),
                    "benefit": amount,
                    "how": how,
                }
            )
            if len(out) == 5:
                return out
        break
    return out


@login_required
@require_http_methods(["GET", "POST"])
def clause_rule(request: AuthedRequest, pk: int) -> HttpResponse:
    """Staff edit a clause's rule in a form (fact, operator, threshold, unit), preview it on five
    enterprises, then save it as a new version."""
    _staff(request)
    clause = selectors.get_clause_for(request.user, pk)
    if not request.user.has_role(*services.RULE_EDITORS):
        raise Http404
    current = selectors.clause_rule(clause)
    initial = RuleForm.initial_from(current.rule, current.benefit)
    form = RuleForm(request.POST or None, initial=initial or {"kind_0": "all", "benefit_kind": "fixed"})
    preview, errors = None, []
    if request.method == "POST" and form.is_valid():
        # the dated parameters of the current version carry over (a row refers to one as @name)
        rule, benefit, index, outline = form.documents(params=current.rule.get("params"))
        problems = services.validate_clause_rule(rule, benefit, clause.cap)
        if outline:
            errors = outline
        elif problems:
            errors = _readable(problems, index)
        elif request.POST.get("action") == "preview":
            preview = _preview(clause.zone_id, rule, benefit, clause.cap)
        else:
            try:
                services.clause_rule_save(
                    actor=Actor.from_request(request),
                    clause_id=clause.pk,
                    rule=rule,
                    benefit=benefit,
                    version=int(request.POST.get("version", 0)),
                    note=form.cleaned_data.get("note") or "",
                )
            except ValidationFailed as exc:
                errors = _readable(exc.errors, index)
            except ServiceError as exc:
                errors = [exc.message]
            else:
                messages.success(request, _("已保存为新版本；匹配结果正在后台重新计算。"))
                return redirect("policies:clause", pk=clause.pk)
    return render(
        request,
        "policies/rule.html",
        {
            "clause": clause,
            "current": current,
            "form": form,
            "flat": initial is not None,
            "preview": preview,
            "errors": errors,
        },
    )


def _readable(problems: dict[str, str], index: dict[str, int]) -> list[str]:
    """Service paths (rule.when.all[2].any[0].value) as the form's rows (第 4 行): the row of
    the longest condition path the error's path starts with."""
    out = []
    for path, msg in problems.items():
        bare = path.removeprefix("rule.")
        best = max(
            (p for p in index if bare == p or bare.startswith((p + ".", p + "["))),
            key=len,
            default=None,
        )
        where = _("第 %(n)s 行") % {"n": index[best]} if best else _("兑现公式")
        out.append(f"{where}（{path}）：{msg}")
    return out


@login_required
@require_POST
def auto_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    _staff(request)
    clause = selectors.get_clause_for(request.user, pk)
    try:
        ids = [int(v) for v in request.POST.getlist("enterprise")]
        period = int(request.POST.get("period", 0))
        awards = services.auto_award_confirm(
            actor=Actor.from_request(request), clause_id=clause.pk, period=period, enterprise_ids=ids
        )
    except ValueError:
        messages.error(request, _("企业或年度无效"))
    except ValidationFailed as exc:
        for msg in exc.errors.values():
            messages.error(request, msg)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认 %(n)s 家企业免申即享，待领导审批。") % {"n": len(awards)})
    return redirect("policies:clause", pk=clause.pk)


@login_required
def enterprise(request: AuthedRequest, pk: int) -> HttpResponse:
    e = get_enterprise_for(request.user, pk)
    results = selectors.enterprise_evaluations(e, timezone.localdate())
    missing = sorted({row["missing"] for r in results for row in r["trace"] if row.get("missing")})
    return render(
        request,
        "policies/enterprise.html",
        {
            "e": e,
            "results": results,
            "missing": missing,
            "staff": request.user.is_business_staff,
            "passed": [r for r in results if r["outcome"] == "passed"],
        },
    )


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    if not request.user.enterprise_id:
        raise Http404
    return redirect("policies:enterprise", pk=request.user.enterprise_id)


def _awards(request: AuthedRequest):
    form = AwardFilterForm(request.GET or None)
    d = form.cleaned_data if form.is_valid() else {}
    qs = selectors.award_list_for(
        user=request.user, status=d.get("status") or "", mode=d.get("mode") or "", period=d.get("period")
    )
    return form, qs


@login_required
def award_list(request: AuthedRequest) -> HttpResponse:
    if not (request.user.is_business_staff or request.user.enterprise_id):
        raise Http404
    form, qs = _awards(request)
    page, base = paginate(request, qs)
    return render(
        request,
        "policies/awards.html",
        {
            "form": form,
            "page": page,
            "querystring_base": base,
            "totals": selectors.award_totals(qs),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
def award_export(request: AuthedRequest) -> HttpResponse:
    if not (request.user.is_business_staff or request.user.enterprise_id):
        raise Http404
    _form, qs = _awards(request)

    def rows():
        for a in qs.iterator(chunk_size=2000):
            yield [
                a.enterprise.name,
                a.enterprise.credit_code,
                a.clause.policy.title,
                f"{a.clause.code} {a.clause.title}",
                a.period,
                a.get_mode_display(),
                a.amount,
                a.get_status_display(),
                timezone.localtime(a.confirmed_at).date(),
                a.paid_on,
                a.payment_ref,
                basis_display(a.basis),
            ]

    return sheet_response(
        "awards",
        _("兑现"),
        [
            _("企业名称"),
            _("统一社会信用代码"),
            _("政策"),
            _("条款"),
            _("年度"),
            _("兑现方式"),
            _("金额（万元）"),
            _("状态"),
            _("确认日期"),
            _("拨付日期"),
            _("拨付凭证号"),
            _("计算依据"),
        ],
        rows(),
    )


@login_required
def award_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    award = selectors.get_award_for(request.user, pk)
    user = request.user
    acts = {a: user.has_role(services.ROLE_FOR[a]) for a in ("approve", "pay", "cancel")}
    return render(
        request,
        "policies/award.html",
        {
            "award": award,
            "trace": localized(award.trace),
            # a basis stored as text before the code was written in the confirming reader's language
            "basis": basis_display(award.basis),
            "basis_lang": texts.ZH
            if texts.english() and texts.HAN.search(basis_display(award.basis))
            else "",
            "acts": acts,
            "pay_form": PayForm(initial={"paid_on": timezone.localdate()}),
            "Status": AwardStatus,
        },
    )


@login_required
@require_POST
def award_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    award = selectors.get_award_for(request.user, pk)
    if action not in ("approve", "pay", "cancel"):
        raise Http404
    paid_on, ref = None, ""
    if action == "pay":
        form = PayForm(request.POST)
        if form.is_valid():
            paid_on, ref = form.cleaned_data["paid_on"], form.cleaned_data["payment_ref"]
    try:
        services.award_act(
            actor=Actor.from_request(request),
            award_id=award.pk,
            action=action,
            version=int(request.POST.get("version") or 0),
            paid_on=paid_on,
            payment_ref=ref,
            reason=request.POST.get("reason", ""),
        )
    except ValidationFailed as exc:
        for msg in exc.errors.values():
            messages.error(request, msg)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已处理。"))
    return redirect("policies:award", pk=award.pk)


# -- 申报 -------------------------------------------------------------------------------------------


def _material_choices(enterprise_id: int):
    from zonedesk.approvals.models import MaterialRecord

    return (
        MaterialRecord.objects.filter(enterprise_id=enterprise_id)
        .select_related("material_type")
        .order_by("pk")
    )


def _ids(request: AuthedRequest, name: str) -> list[int]:
    try:
        return [int(v) for v in request.POST.getlist(name)]
    except ValueError:
        return [-1]  # refused by the service as not in the library


@login_required
@require_POST
def apply(request: AuthedRequest, pk: int) -> HttpResponse:
    if not request.user.enterprise_id:
        raise Http404
    clause = selectors.get_clause_for(request.user, pk)
    try:
        app = services.application_submit(
            actor=Actor.from_request(request),
            clause_id=clause.pk,
            period=int(request.POST.get("period") or 0),
            statement=request.POST.get("statement", ""),
            material_ids=_ids(request, "material"),
        )
    except ValueError:
        messages.error(request, _("年度无效"))
    except ValidationFailed as exc:
        for msg in exc.errors.values():
            messages.error(request, msg)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已申报，审核期限 %(d)s。") % {"d": app.due_on.isoformat()})
        return redirect("policies:application", pk=app.pk)
    return redirect("policies:enterprise", pk=request.user.enterprise_id)


@login_required
def application_list(request: AuthedRequest) -> HttpResponse:
    if not (request.user.is_business_staff or request.user.enterprise_id):
        raise Http404
    qs = selectors.application_list_for(user=request.user, status=request.GET.get("status", ""))
    page, base = paginate(request, qs)
    return render(
        request,
        "policies/applications.html",
        {
            "page": page,
            "querystring_base": base,
            "today": timezone.localdate(),
            "statuses": ApplicationStatus.choices,
            "status": request.GET.get("status", ""),
        },
    )


@login_required
def application_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    app = selectors.get_application_for(request.user, pk)
    user = request.user
    return render(
        request,
        "policies/application.html",
        {
            "app": app,
            "can_review": user.has_role(services.REVIEWER) and app.status == ApplicationStatus.SUBMITTED,
            "can_resubmit": user.enterprise_id == app.enterprise_id
            and app.status == ApplicationStatus.SUPPLEMENT,
            "materials": _material_choices(app.enterprise_id)
            if user.enterprise_id == app.enterprise_id
            else [],
            "Status": ApplicationStatus,
        },
    )


@login_required
@require_POST
def application_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    app = selectors.get_application_for(request.user, pk)
    if action not in ("accept", "supplement", "refuse", "resubmit"):
        raise Http404
    try:
        version = int(request.POST.get("version") or 0)
        if action == "resubmit":
            services.application_resubmit(
                actor=Actor.from_request(request),
                application_id=app.pk,
                version=version,
                statement=request.POST.get("statement", ""),
                material_ids=_ids(request, "material"),
            )
        else:
            services.application_review(
                actor=Actor.from_request(request),
                application_id=app.pk,
                decision=action,
                version=version,
                reason=request.POST.get("reason", ""),
            )
    except ValueError:
        messages.error(request, _("版本无效，请刷新"))
    except ValidationFailed as exc:
        for msg in exc.errors.values():
            messages.error(request, msg)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已处理。"))
    return redirect("policies:application", pk=app.pk)


__all__ = ["RuleError"]
