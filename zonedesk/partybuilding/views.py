"""党建 pages: an overview with the period's figures and the registers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from zonedesk.core import register_views
from zonedesk.core.requests import AuthedRequest
from zonedesk.partybuilding.figures import partybuilding_figures
from zonedesk.partybuilding.models import VIEWER_ROLES
from zonedesk.partybuilding.registers import REGISTERS
from zonedesk.research.views import _period

NS, SECTION = "partybuilding", "partybuilding"


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    if not request.user.roles & VIEWER_ROLES:
        raise Http404
    period = _period(request.user)
    return render(
        request,
        "partybuilding/index.html",
        {
            "figures": partybuilding_figures(request.user.visible_zone_ids, period),
            "period": period,
            "registers": REGISTERS.values(),
        },
    )


@login_required
def register(request: AuthedRequest, key: str) -> HttpResponse:
    return register_views.list_view(request, REGISTERS, key, NS, SECTION)


@login_required
def register_create(request: AuthedRequest, key: str) -> HttpResponse:
    return register_views.create_view(request, REGISTERS, key, NS, SECTION)


@login_required
def register_export(request: AuthedRequest, key: str) -> HttpResponse:
    return register_views.export_view(request, REGISTERS, key)


@login_required
def register_import(request: AuthedRequest, key: str) -> HttpResponse:
    return register_views.import_view(request, REGISTERS, key, NS)


@login_required
def register_import_template(request: AuthedRequest, key: str) -> HttpResponse:
    return register_views.import_template_view(request, REGISTERS, key, NS)
