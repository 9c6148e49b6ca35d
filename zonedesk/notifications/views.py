"""Pages of the message centre: the inbox, a person's channel choices, the delivery log."""

from __future__ import annotations

import datetime as dt

from django.conf import settings as django_settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.requests import AuthedRequest
from zonedesk.notifications import selectors, services
from zonedesk.notifications.events import EVENTS
from zonedesk.notifications.models import Channel, DeliveryStatus, Preference, QuietMode, UserNotifySettings
from zonedesk.organisation.roles import Role

PAGE = 20


def _time(value: str | None) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value.strip()) if value and value.strip() else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    before = _int(request.GET.get("before"))
    rows = selectors.message_list_for(user=request.user, unread_only=unread_only, before=before,
                                      size=PAGE + 1)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return render(request, "notifications/inbox.html", {
        "rows": rows, "unread_only": unread_only, "before": before,
        "next_before": rows[-1].pk if more else None,
    })


@login_required
@require_POST
def message_open(request: AuthedRequest, pk: int) -> HttpResponse:
    if selectors.get_message_for(request.user, pk) is None:
        raise Http404
    message = services.message_read(actor=Actor.from_request(request), message_id=pk)
    target = message.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: AuthedRequest) -> HttpResponse:
    n = services.message_read_all(actor=Actor.from_request(request))
    flash.success(request, _("已将 %(n)d 条消息标为已读") % {"n": n})
    return redirect("notifications:inbox")


@login_required
def preferences(request: AuthedRequest) -> HttpResponse:
    user = request.user
    channels = [(Channel.EMAIL, Channel.EMAIL.label, user.email),
                (Channel.SMS, Channel.SMS.label, user.phone)]
    saved = {(p.event, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
    own = UserNotifySettings.objects.filter(user=user).first() or UserNotifySettings(user=user, version=0)
    settings_errors: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("part") == "settings":
        mode = request.POST.get("quiet_mode", "")
        start, end = _time(request.POST.get("quiet_start")), _time(request.POST.get("quiet_end"))
        try:
            services.notify_settings_set(
                actor=Actor.from_request(request), quiet_mode=mode, quiet_start=start, quiet_end=end,
                language=request.POST.get("language", ""), version=_int(request.POST.get("version")))
        except ValidationFailed as exc:
            settings_errors = exc.errors
            own.quiet_mode, own.language = mode, request.POST.get("language", "")
            own.quiet_start, own.quiet_end = start, end
        except ServiceError as exc:
            flash.error(request, exc.message)
        else:
            flash.success(request, _("免打扰与消息语言已保存"))
            return redirect("notifications:preferences")
    elif request.method == "POST":
        choices = {(code, ch): f"{code}|{ch}" in request.POST for code in EVENTS
                   for ch, _label, _addr in channels}
        try:
            services.preferences_set(actor=Actor.from_request(request), choices=choices)
        except ServiceError as exc:
            flash.error(request, exc.message)
        else:
            flash.success(request, _("通知偏好已保存"))
            return redirect("notifications:preferences")
    rows = []
    for code, event in EVENTS.items():
        cells = []
        for ch, _label, _addr in channels:
            default = True if ch == Channel.EMAIL else event.urgent
            cells.append({"name": f"{code}|{ch}", "on": saved.get((code, ch), default)})
        rows.append({"event": event, "cells": cells})
    return render(request, "notifications/preferences.html", {
        "rows": rows, "channels": channels, "own": own, "settings_errors": settings_errors,
        "quiet_modes": QuietMode.choices, "default_quiet": django_settings.NOTIFY_QUIET_HOURS,
    }, status=422 if settings_errors else 200)


@login_required
def deliveries(request: AuthedRequest) -> HttpResponse:
    if not request.user.has_role(Role.SYSTEM_ADMIN):
        raise Http404
    status = request.GET.get("status", "")
    if status not in DeliveryStatus.values:
        status = ""
    rows = selectors.delivery_list_for(user=request.user, status=status,
                                       before=_int(request.GET.get("before")), size=51)
    more = len(rows) > 50
    rows = rows[:50]
    return render(request, "notifications/deliveries.html", {
        "rows": rows, "status": status, "statuses": DeliveryStatus.choices,
        "next_before": rows[-1].pk if more else None,
    })
