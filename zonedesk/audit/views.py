from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zonedesk.audit.models import Result
from zonedesk.audit.selectors import audit_chain_verify, audit_list_for, get_audit_record_for
from zonedesk.core.views import paginate
from zonedesk.organisation.roles import Role


def _require_auditor(request: HttpRequest) -> None:
    # The page itself is denied as a 404, like any object the user may not see.
    if Role.AUDIT_ADMIN not in request.user.roles:
        raise Http404


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    g = request.GET
    qs = audit_list_for(user=request.user, action=g.get("action", "").strip(),
                        actor=g.get("actor", "").strip(), result=g.get("result", ""),
                        object_type=g.get("object_type", "").strip(),
                        object_id=g.get("object_id", "").strip(),
                        date_from=_date(g.get("from")), date_to=_date(g.get("to")))
    page, base = paginate(request, qs, default=50)
    return render(request, "audit/list.html", {"page": page, "querystring_base": base,
                                               "results": Result.choices, "g": g})


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_auditor(request)
    return render(request, "audit/detail.html", {"r": get_audit_record_for(request.user, pk)})


@login_required
def audit_verify_page(request: HttpRequest) -> HttpResponse:
    _require_auditor(request)
    return render(request, "audit/verify.html", {"problems": audit_chain_verify()})
