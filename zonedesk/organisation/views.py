from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zonedesk.core.actor import Actor, client_ip
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.views import apply_service_error
from zonedesk.organisation import totp
from zonedesk.organisation.devices import COOKIE, device_remember
from zonedesk.organisation.forms import LoginForm, MfaCodeForm, PasswordChangeForm
from zonedesk.organisation.services import (
    auth_login,
    auth_logout,
    mfa_enrol_confirm,
    mfa_enrol_start,
    mfa_enrolled,
    mfa_required,
    mfa_reset,
    mfa_verify,
    user_change_password,
    user_set_large_text,
)
from zonedesk.organisation.workbench import workbench_for


# HEAD answers like GET (monitors and link checkers probe the sign-in page with HEAD).
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("workbench")
    status = 200
    form = LoginForm(request.POST or None)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            user = auth_login(username=form.cleaned_data["username"],
                              password=form.cleaned_data["password"], ip=client_ip(request),
                              device=request.COOKIES.get(COOKIE))
        except ServiceError as exc:
            form.add_error(None, exc.message)
            status = exc.status if exc.status == 429 else 200
        else:
            if mfa_required(user):
                # The password was right; the session is not signed in until the second factor is.
                request.session.cycle_key()
                request.session[MFA_PENDING] = {"user": user.pk, "at": time.time(), "next": next_url}
                return redirect("login_mfa")
            return _sign_in(request, user, next_url)
    from zonedesk.organisation.models import Zone

    default_zone = Zone.objects.filter(is_default=True).first()
    from django.conf import settings

    return render(request, "organisation/login.html",
                  {"form": form, "next": next_url, "default_zone": default_zone,
                   "sso_oidc": settings.SSO_OIDC_ENABLED, "sso_cas": settings.SSO_CAS_ENABLED,
                   "sso_label": settings.SSO_LABEL or _("统一身份认证")}, status=status)


MFA_PENDING = "zonedesk_mfa_pending"
MFA_PENDING_SECONDS = 300


def _sign_in(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        response = redirect(next_url)
    else:
        response = redirect("workbench")
    # A complete sign-in makes this browser a known device (devices.py: no lockout abuse).
    device_remember(response, user)
    return response


@require_http_methods(["GET", "POST"])
def login_mfa(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator (or a recovery code); a
    user who must use two factors but has no authenticator yet enrols one here."""
    from zonedesk.organisation.models import User

    if request.user.is_authenticated:
        return redirect("workbench")
    pending = request.session.get(MFA_PENDING)
    if not pending or time.time() - pending["at"] > MFA_PENDING_SECONDS:
        request.session.pop(MFA_PENDING, None)
        if pending:
            messages.info(request, _("验证超时，请重新登录。"))
        return redirect("login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("login")
    form = MfaCodeForm(request.POST or None)
    status = 200
    enrolled = mfa_enrolled(user)
    actor = Actor(user=user, ip=client_ip(request), channel="web")
    device = None
    if not enrolled:
        from zonedesk.organisation.models import MfaDevice

        device = MfaDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
        if device is None:
            device = mfa_enrol_start(actor=actor, user=user)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if enrolled:
                mfa_verify(user=user, code=code, ip=actor.ip, device=request.COOKIES.get(COOKIE))
            else:
                codes = mfa_enrol_confirm(actor=actor, user=user, code=code)
        except ServiceError as exc:
            apply_service_error(form, exc)
            status = exc.status if exc.status == 429 else 200
        else:
            request.session.pop(MFA_PENDING, None)
            response = _sign_in(request, user, pending.get("next") or "")
            if enrolled:
                return response
            page = render(request, "organisation/mfa_recovery_codes.html",
                          {"codes": codes, "next": response["Location"]})
            device_remember(page, user)
            return page
    context = {"form": form, "enrolled": enrolled, "who": user}
    if device is not None:
        import segno
        from django.conf import settings

        uri = totp.provisioning_uri(device.secret, user.username, settings.MFA_ISSUER)
        context.update(secret=device.secret, qr=segno.make(uri, error="m").svg_inline(scale=4))
    return render(request, "organisation/login_mfa.html", context, status=status)


@login_required
@require_POST
def security_mfa_reset(request: AuthedRequest, pk: int) -> HttpResponse:
    from django.http import Http404

    from zonedesk.organisation.roles import Role
    from zonedesk.organisation.selectors import user_list_for

    if Role.SECURITY_ADMIN not in request.user.roles:
        raise Http404
    target = user_list_for(user=request.user).filter(pk=pk).first()
    if target is None:
        raise Http404
    mfa_reset(actor=Actor.from_request(request), user=target)
    messages.success(request, _("已重置动态口令：%(name)s（下次登录时重新绑定）")
                     % {"name": target.display_name})
    return redirect("security_users")


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(actor=Actor.from_request(request), session_key=request.session.session_key)
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("login")


@login_required
def workbench(request: AuthedRequest) -> HttpResponse:
    return render(request, "organisation/workbench.html", workbench_for(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_change_password(actor=Actor.from_request(request), user=request.user,
                                 old_password=form.cleaned_data["old_password"],
                                 new_password=form.cleaned_data["new_password"])
        except ValidationFailed as exc:
            for field, msg in exc.errors.items():
                form.add_error(field if field in form.fields else None, msg)
        else:
            from django.contrib.auth import update_session_auth_hash

            request.user.refresh_from_db()
            update_session_auth_hash(request, request.user)
            messages.success(request, _("密码已修改。"))
            return redirect("workbench")
    return render(request, "organisation/password_change.html", {"form": form})


@login_required
def account_tokens(request: AuthedRequest) -> HttpResponse:
    """The signed-in user's API tokens, newest first (at most 100), each revocable."""
    from django.utils import timezone

    from zonedesk.organisation.models import ApiToken

    rows = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id")[:100]
    return render(request, "organisation/account_tokens.html", {"tokens": rows, "now": timezone.now()})


@login_required
@require_POST
def account_token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    from django.http import Http404

    from zonedesk.core.errors import NotFound
    from zonedesk.organisation.services import api_token_revoke

    try:
        api_token_revoke(actor=Actor.from_request(request), token_id=pk, own_only=True)
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("令牌已吊销。"))
    return redirect("account_tokens")


@login_required
@require_POST
def account_large_text(request: AuthedRequest) -> HttpResponse:
    """The large-text switch (适老化) in the top bar: kept with the account, back to the page."""
    user_set_large_text(actor=Actor.from_request(request), user=request.user,
                        large_text=request.POST.get("large_text") == "1")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return redirect(target)


@login_required
def security_users(request: AuthedRequest) -> HttpResponse:
    from django.utils import timezone

    from zonedesk.core.views import paginate
    from zonedesk.organisation.roles import Role
    from zonedesk.organisation.selectors import user_list_for

    if Role.SECURITY_ADMIN not in request.user.roles:
        from django.http import Http404

        raise Http404
    qs = user_list_for(user=request.user, q=request.GET.get("q", "").strip(),
                       locked_only=request.GET.get("locked") == "1").select_related("mfa_device")
    page, base = paginate(request, qs, default=50)
    return render(request, "organisation/security_users.html",
                  {"page": page, "querystring_base": base, "now": timezone.now(),
                   "g": request.GET})


@login_required
@require_POST
def security_unlock(request: AuthedRequest, pk: int) -> HttpResponse:
    from django.http import Http404

    from zonedesk.organisation.roles import Role
    from zonedesk.organisation.selectors import user_list_for
    from zonedesk.organisation.services import user_unlock

    if Role.SECURITY_ADMIN not in request.user.roles:
        raise Http404
    target = user_list_for(user=request.user).filter(pk=pk).first()
    if target is None:
        raise Http404
    user_unlock(actor=Actor.from_request(request), user=target)
    messages.success(request, _("已解除锁定：%(name)s") % {"name": target.display_name})
    return redirect("security_users")
