"""产学研 pages: an overview with the figures, the registers, and a challenge's workflow."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.core import register_views
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError, ValidationFailed
from zonedesk.core.figures import Period
from zonedesk.core.requests import AuthedRequest
from zonedesk.research import services
from zonedesk.research.figures import research_figures
from zonedesk.research.models import EDITOR_ROLES, VIEWER_ROLES, Challenge, Institution
from zonedesk.research.registers import REGISTERS

NS, SECTION = "research", "research"


def _period(user) -> Period:
    zone = user.zone
    if zone is not None and zone.reporting_period():
        start, end = zone.reporting_period()
    else:
        today = timezone.localdate()
        start, end = dt.date(today.year, 1, 1), today
    return Period(start, end, f"{start.isoformat()} — {end.isoformat()}")


@login_required
def index(request: AuthedRequest) -> HttpResponse:
    if not request.user.roles & VIEWER_ROLES:
        raise Http404
    period = _period(request.user)
    return render(
        request,
        "research/index.html",
        {
            "figures": research_figures(request.user.visible_zone_ids, period),
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


def _challenge(user, pk: int) -> Challenge:
    if not user.roles & VIEWER_ROLES:
        raise Http404
    c = (
        Challenge.objects.filter(pk=pk, zone_id__in=user.visible_zone_ids)
        .select_related("lead_enterprise", "alliance", "team_institution")
        .first()
    )
    if c is None:
        raise Http404
    return c


@login_required
def challenge_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    c = _challenge(request.user, pk)
    return render(
        request,
        "research/challenge.html",
        {
            "c": c,
            "milestones": list(c.milestones.all()),
            "today": timezone.localdate(),
            "can_edit": bool(request.user.roles & EDITOR_ROLES) and request.user.zone_id == c.zone_id,
            "institutions": Institution.objects.filter(zone_id=c.zone_id).order_by("name"),
        },
    )


def _date(v: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(v) if v else None
    except ValueError:
        return None


@login_required
@require_POST
def challenge_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    c = _challenge(request.user, pk)
    p = request.POST
    version = int(p["version"]) if p.get("version", "").isdigit() else None
    calls = {
        "take": lambda a: services.challenge_take(
            actor=a,
            challenge_id=c.pk,
            team=p.get("team", ""),
            team_institution_id=int(p["institution"]) if p.get("institution", "").isdigit() else None,
            taken_on=_date(p.get("taken_on")),
            version=version,
        ),
        "milestone": lambda a: services.milestone_add(
            actor=a, challenge_id=c.pk, title=p.get("title", ""), due_on=_date(p.get("due_on"))
        ),
        "done": lambda a: services.milestone_done(
            actor=a,
            milestone_id=int(p["milestone"]) if p.get("milestone", "").isdigit() else 0,
            done_on=_date(p.get("done_on")),
        ),
        "accept": lambda a: services.challenge_accept(
            actor=a,
            challenge_id=c.pk,
            passed=p.get("passed") == "1",
            result=p.get("result", ""),
            accepted_on=_date(p.get("accepted_on")),
            version=version,
        ),
    }
    if action not in calls:
        raise Http404
    try:
        calls[action](Actor.from_request(request))
    except NotFound as exc:
        raise Http404 from exc
    except ValidationFailed as exc:
        messages.error(request, "；".join(exc.errors.values()))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存"))
    return redirect("research:challenge", pk=c.pk)


@login_required
def register_import(request: AuthedRequest, key: str) -> HttpResponse:
    return register_views.import_view(request, REGISTERS, key, NS)


@login_required
def register_import_template(request: AuthedRequest, key: str) -> HttpResponse:
    return register_views.import_template_view(request, REGISTERS, key, NS)
