from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from zonedesk.audit.models import Result
from zonedesk.audit.selectors import audit_chain_verify, audit_list_for, get_audit_record_for
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import paginate
from zonedesk.organisation.roles import Role


def _require_auditor(request: AuthedRequest) -> None:
    # The page itself is denied as a 404, like any object the user may not see.
    if Role.AUDIT_ADMIN not in request.user.roles:
        raise Http404


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filtered(request: AuthedRequest):
    g = request.GET
    return audit_list_for(user=request.user, action=g.get("action", "").strip(),
                          actor=g.get("actor", "").strip(), result=g.get("result", ""),
                          object_type=g.get("object_type", "").strip(),
                          object_id=g.get("object_id", "").strip(),
                          date_from=_date(g.get("from")), date_to=_date(g.get("to")))


@login_required
def audit_export(request: AuthedRequest) -> HttpResponse:
    """The trail as filtered, as Excel: the audit administrator's alone."""
    from django.utils.translation import gettext_lazy

    from zonedesk.core.xlsx import Column, Sheet, xlsx_response

    _require_auditor(request)
    return xlsx_response("audit", [Sheet("审计日志", [
        Column(gettext_lazy("时间"), lambda r: r.at),
        Column(gettext_lazy("审计链"), lambda r: r.chain, 10),
        Column(gettext_lazy("序号"), lambda r: r.seq, 8),
        Column(gettext_lazy("操作人"), lambda r: r.actor_name, 16),
        Column(gettext_lazy("渠道"), lambda r: r.channel, 8),
        Column(gettext_lazy("操作"), lambda r: r.action, 30),
        Column(gettext_lazy("对象类型"), lambda r: r.object_type, 24),
        Column(gettext_lazy("对象编号"), lambda r: r.object_id, 10),
        Column(gettext_lazy("对象"), lambda r: r.object_repr, 30),
        Column(gettext_lazy("结果"), lambda r: r.get_result_display(), 8),
        Column(gettext_lazy("说明"), lambda r: r.message, 30),
        Column(gettext_lazy("客户端地址"), lambda r: r.ip, 16),
        Column(gettext_lazy("哈希"), lambda r: r.hash, 66),
    ], _filtered(request).iterator(chunk_size=2000))])


@login_required
def audit_list(request: AuthedRequest) -> HttpResponse:
    _require_auditor(request)
    g = request.GET
    qs = _filtered(request)
    page, base = paginate(request, qs, default=50)
    return render(request, "audit/list.html", {"page": page, "querystring_base": base,
                                               "results": Result.choices, "g": g})


@login_required
def audit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    _require_auditor(request)
    return render(request, "audit/detail.html", {"r": get_audit_record_for(request.user, pk)})


@login_required
def audit_verify_page(request: AuthedRequest) -> HttpResponse:
    _require_auditor(request)
    return render(request, "audit/verify.html", {"problems": audit_chain_verify()})
