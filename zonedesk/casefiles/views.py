"""The public progress page (no login) and the printed notices of an application."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from zonedesk.casefiles import documents, notices, rules, selectors, throttle
from zonedesk.core.actor import client_ip
from zonedesk.core.requests import AuthedRequest

WRONG = _("办件编号或查询码不正确，请核对后再试")


@never_cache
def progress(request: HttpRequest) -> HttpResponse:
    """Number + second factor → the case's progress. Every wrong answer reads the same whether
    the number exists or not, and counts towards the client's wait."""
    ip = client_ip(request) or "unknown"
    context: dict = {"number": rules.normalise(request.GET.get("n", "")), "error": "", "result": None}
    status = 200
    if request.method == "POST":
        number = rules.normalise(request.POST.get("number", ""))
        code = request.POST.get("code", "")
        context["number"] = number
        wait = throttle.wait_seconds(ip)
        if wait:
            context["error"] = _("尝试次数过多，请 %(s)d 秒后再试") % {"s": wait}
            status = 429
        elif not number or not code.strip():
            context["error"] = _("请填写办件编号和查询码（或申请单位的统一社会信用代码）")
            status = 400
        else:
            case = selectors.case_lookup(number)
            ok = rules.second_factor_matches(
                code, case.query_code if case else "~" * rules.QUERY_LENGTH,
                selectors.credit_code_of(case) if case else "")
            if case is None or not ok:
                throttle.record_failure(ip)
                context["error"] = WRONG
                status = 400
            else:
                context["result"] = (selectors.application_progress(case) if case.kind == "application"
                                     else selectors.appeal_progress(case))
    response = render(request, "casefiles/progress.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def appeal_notice_pdf(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    from zonedesk.appeals.selectors import get_appeal_for

    appeal = get_appeal_for(request.user, pk)  # 404 when not visible
    notice = documents.appeal_notice(appeal, kind, notice_language(request))
    if notice is None:
        raise Http404
    return _pdf(request, notice, kind)


def notice_language(request: AuthedRequest) -> str:
    """The language a notice is printed in: Chinese unless English is asked for."""
    return "en" if request.GET.get("lang") == "en" else "zh-hans"


def _pdf(request: AuthedRequest, notice, kind: str) -> HttpResponse:
    response = HttpResponse(notices.render(notice), content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") == "1" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{kind}-{notice.case_number}.pdf"'
    return response


@login_required
def application_notice_pdf(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    from zonedesk.approvals.selectors import get_application_for

    app = get_application_for(request.user, pk)  # 404 when not visible
    notice = documents.application_notice(app, kind, notice_language(request))
    if notice is None:
        raise Http404
    return _pdf(request, notice, kind)


@login_required
def item_supplement_pdf(request: HttpRequest, pk: int, seq: int) -> HttpResponse:
    """The 补正告知书 of one 补正 request of one approval item (its ``seq``-th)."""
    from zonedesk.approvals.selectors import get_item_for

    ai = get_item_for(request.user, pk)  # 404 when not visible
    notice = documents.item_supplement_notice(ai, seq, notice_language(request))
    if notice is None:
        raise Http404
    return _pdf(request, notice, f"supplement-{ai.pk}-{seq}")
