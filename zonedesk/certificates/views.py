from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zonedesk.certificates import selectors, services
from zonedesk.certificates.forms import CertificateFilterForm, RevokeForm
from zonedesk.certificates.models import Certificate
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.requests import AuthedRequest
from zonedesk.core.throttle import public_page
from zonedesk.core.views import paginate
from zonedesk.files.selectors import file_response


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@public_page
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whoever holds the paper (or scans its QR code) may check it, without a login."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        return _noindex(render(request, "certificates/verify_unknown.html", status=404))
    return _noindex(render(request, "certificates/verify.html",
                           {"c": selectors.public_view(certificate)}))


def _can_issue(user) -> bool:
    return user.has_role(*services.ISSUER_ROLES)


def _filtered(request: AuthedRequest, *, staff: bool):
    kinds = selectors.certificate_kinds_for(user=request.user)
    form = CertificateFilterForm(request.GET or None, kinds=kinds, staff=staff)
    if form.is_bound and not form.is_valid():
        qs = Certificate.objects.none()  # a broken filter selects nothing, and says why
    else:
        d = form.cleaned_data if form.is_bound else {}
        qs = selectors.certificate_list_for(user=request.user, filters=selectors.CertificateFilter(
            kind=d.get("kind", ""), holder=(d.get("holder") or "").strip(), status=d.get("status", "")))
    return form, qs


def _list(request: AuthedRequest, *, staff: bool) -> HttpResponse:
    form, qs = _filtered(request, staff=staff)
    page, base = paginate(request, qs)
    return render(request, "certificates/list.html", {
        "form": form, "page": page, "querystring_base": base, "staff": staff,
        "can_revoke": staff and _can_issue(request.user),
    })


@login_required
def certificate_list(request: AuthedRequest) -> HttpResponse:
    if not request.user.is_business_staff:
        raise Http404
    return _list(request, staff=True)


@login_required
def certificate_export(request: AuthedRequest) -> HttpResponse:
    """The register as filtered, as Excel: staff see their zone's, an enterprise its own."""
    from django.utils.translation import gettext_lazy

    from zonedesk.core.xlsx import Column, Sheet, xlsx_response

    user = request.user
    if not (user.is_business_staff or (user.is_enterprise_user and user.enterprise_id)):
        raise Http404
    _form, qs = _filtered(request, staff=user.is_business_staff)
    return xlsx_response("certificates", [Sheet("电子证照", [
        Column(gettext_lazy("证照编号"), lambda c: c.number, 22),
        Column(gettext_lazy("证照名称"), lambda c: c.title, 24),
        Column(gettext_lazy("证照种类"), lambda c: c.kind, 20),
        Column(gettext_lazy("持证单位"), lambda c: c.holder_name, 30),
        Column(gettext_lazy("统一社会信用代码"), lambda c: c.holder_credit_code, 22),
        Column(gettext_lazy("发证时间"), lambda c: c.issued_at),
        Column(gettext_lazy("有效期至"), lambda c: c.valid_until, 12),
        Column(gettext_lazy("撤销时间"), lambda c: c.revoked_at),
        Column(gettext_lazy("撤销原因"), lambda c: c.revoke_reason, 24),
    ], qs.iterator(chunk_size=1000))])


@login_required
def certificate_mine(request: AuthedRequest) -> HttpResponse:
    if not (request.user.is_enterprise_user and request.user.enterprise_id):
        raise Http404
    return _list(request, staff=False)


@login_required
def certificate_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = selectors.get_certificate_for(request.user, pk)
    if certificate.pdf_id is None:  # rendered after the issue; not yet: render it now, once
        from zonedesk.certificates.services import certificate_pdf_ensure

        certificate = certificate_pdf_ensure(certificate_id=certificate.pk)
    return file_response(certificate.pdf, as_attachment=request.GET.get("inline") != "1")


@login_required
def certificate_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = selectors.get_certificate_for(request.user, pk)
    staff = request.user.is_business_staff
    return render(request, "certificates/detail.html", {
        "c": certificate, "public": selectors.public_view(certificate), "staff": staff,
        "can_revoke": staff and _can_issue(request.user) and certificate.revoked_at is None,
        "revoke_form": RevokeForm(),
    })


@login_required
@require_POST
def certificate_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    certificate = selectors.get_certificate_for(request.user, pk)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.certificate_revoke(actor=Actor.from_request(request), certificate_id=certificate.pk,
                                    reason=reason)
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from exc
        shown = "；".join(exc.errors.values()) if isinstance(exc, ValidationFailed) else exc.message
        messages.error(request, shown)
    else:
        messages.success(request, _("证照已撤销，核验页面即时显示为已撤销"))
    return redirect("certificates:detail", pk=certificate.pk)
