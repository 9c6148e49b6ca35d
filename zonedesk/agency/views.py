from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.agency import services
from zonedesk.agency.forms import GrantForm
from zonedesk.agency.selectors import authorisation_list_for
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error, paginate
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role


def _stewards(user):
    return User.objects.filter(zone_id=user.zone_id, is_active=True,
                               role_grants__role=Role.STEWARD).order_by("full_name")


def _allowed(user) -> bool:
    return bool(user.roles & {Role.ENTERPRISE, Role.STEWARD}) or user.sees_whole_zone


@login_required
def authorisation_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not _allowed(user):
        raise Http404
    is_enterprise = Role.ENTERPRISE in user.roles
    form = None
    if is_enterprise:
        today = timezone.localdate()
        form = GrantForm(request.POST or None, stewards=_stewards(user), initial={
            "valid_from": today, "valid_until": today + dt.timedelta(days=180), "mode": "act"})
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.authorisation_grant(
                    actor=Actor.from_request(request), agent_id=d["agent"], mode=d["mode"],
                    actions=d["actions"], valid_from=d["valid_from"], valid_until=d["valid_until"],
                    note=d["note"])
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已授权"))
                return redirect("agency:list")
    elif request.method == "POST":
        raise Http404
    page, base = paginate(request, authorisation_list_for(user=user))
    return render(request, "agency/list.html", {
        "page": page, "querystring_base": base, "form": form, "is_enterprise": is_enterprise,
        "today": timezone.localdate(),
    })


@login_required
@require_POST
def authorisation_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        services.authorisation_revoke(actor=Actor.from_request(request), authorisation_id=pk)
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤销授权"))
    return redirect("agency:list")
