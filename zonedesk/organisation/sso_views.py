"""Pages of single sign-on (organisation/sso.py): OpenID Connect through mozilla-django-oidc's
views, CAS through python-cas. Both end like a password sign-in: the second factor where the
user must give one, then the session and the known-device cookie."""

from __future__ import annotations

import time
from typing import Any

import requests
from cas import CASClient
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from zonedesk.core.actor import client_ip
from zonedesk.core.errors import ServiceError
from zonedesk.organisation.models import SsoProvider
from zonedesk.organisation.services import mfa_required
from zonedesk.organisation.sso import sso_sign_in


def _finish(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    from zonedesk.organisation.views import MFA_PENDING, _sign_in

    if not (next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()})):
        next_url = ""
    if mfa_required(user):
        request.session.cycle_key()
        request.session[MFA_PENDING] = {"user": user.pk, "at": time.time(), "next": next_url}
        return redirect("login_mfa")
    return _sign_in(request, user, next_url)


def _refused(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("统一身份认证账号未对应到本平台的有效用户，请联系安全管理员。"))
    return redirect("login")


class OidcStart(OIDCAuthenticationRequestView):
    def get(self, request):
        if not settings.SSO_OIDC_ENABLED:
            raise Http404
        return super().get(request)


class OidcCallback(OIDCAuthenticationCallbackView):
    def get(self, request):
        if not settings.SSO_OIDC_ENABLED:
            raise Http404
        return super().get(request)

    def login_success(self):
        next_url = self.request.session.pop("oidc_login_next", None) or ""
        return _finish(self.request, self.user, next_url)

    def login_failure(self):
        return _refused(self.request)


class _TimeoutSession(requests.Session):
    # python-cas makes its validation request without a timeout; a hung CAS server must not
    # hold a worker for ever.
    def request(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("timeout", 10)
        return super().request(*args, **kwargs)


def _cas_client(request: HttpRequest) -> CASClient:
    return CASClient(version=3, server_url=settings.SSO_CAS_SERVER_URL,
                     service_url=request.build_absolute_uri(reverse("sso_cas_callback")),
                     session=_TimeoutSession())


CAS_NEXT = "zonedesk_cas_next"


def cas_start(request: HttpRequest) -> HttpResponse:
    if not settings.SSO_CAS_ENABLED:
        raise Http404
    # The service URL must be the same at validation, so where to go next waits in the session.
    request.session[CAS_NEXT] = request.GET.get("next", "")[:500]
    return redirect(_cas_client(request).get_login_url())


def cas_callback(request: HttpRequest) -> HttpResponse:
    if not settings.SSO_CAS_ENABLED:
        raise Http404
    ticket = request.GET.get("ticket", "")
    if not ticket or len(ticket) > 256:
        return _refused(request)
    try:
        subject, attributes, _pgtiou = _cas_client(request).verify_ticket(ticket)
    except (requests.RequestException, ValueError):
        subject = None
    if not subject:
        return _refused(request)
    claims = {**(attributes or {}), "user": subject}
    try:
        user = sso_sign_in(provider=SsoProvider.CAS, subject=subject, claims=claims,
                           ip=client_ip(request))
    except ServiceError:
        return _refused(request)
    return _finish(request, user, request.session.pop(CAS_NEXT, ""))
