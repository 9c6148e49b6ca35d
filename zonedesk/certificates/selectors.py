from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from zonedesk.certificates import rules
from zonedesk.certificates.models import Certificate


@dataclass(frozen=True)
class CertificateFilter:
    kind: str = ""
    holder: str = ""  # part of the holder's name or credit code
    status: str = ""  # valid, revoked, expired


def certificate_list_for(*, user, filters: CertificateFilter = CertificateFilter()) -> QuerySet:
    """Scoped, filtered; a page costs the same queries whatever its size (count, rows)."""
    qs = Certificate.objects.visible_to(user).select_related("zone", "pdf")
    f = filters
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.holder:
        qs = qs.filter(Q(holder_name__icontains=f.holder) | Q(holder_credit_code__icontains=f.holder.upper()))
    today = timezone.localdate()
    if f.status == rules.REVOKED:
        qs = qs.filter(revoked_at__isnull=False)
    elif f.status == rules.EXPIRED:
        qs = qs.filter(revoked_at__isnull=True, valid_until__lt=today)
    elif f.status == rules.VALID:
        qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today), revoked_at__isnull=True)
    return qs.order_by("-issued_at", "-id")


def certificate_kinds_for(*, user) -> list[str]:
    return list(Certificate.objects.visible_to(user).order_by("kind").values_list("kind", flat=True)
                .distinct())


def get_certificate_for(user, pk: int) -> Certificate:
    return get_object_or_404(Certificate.objects.visible_to(user).select_related("zone", "pdf"), pk=pk)


def certificate_by_code(code: str) -> Certificate | None:
    """For the public verification page: anyone holding the code may read what is printed."""
    if not code or len(code) > 43:
        return None
    return Certificate.objects.select_related("zone").filter(verify_code=code).first()


@dataclass(frozen=True)
class PublicView:
    """What the verification page and API may show: exactly what the paper shows, plus status."""

    status: str
    status_label: str
    revoked_on: str | None
    zone_name: str
    title: str
    number: str
    holder_name: str
    holder_credit_code: str
    fields: list[list[str]]
    issued_on: str
    valid_until: str | None


def public_view(certificate: Certificate) -> PublicView:
    status = certificate.status
    return PublicView(
        status=status, status_label=gettext(rules.STATUS_LABELS[status]),
        revoked_on=(timezone.localdate(certificate.revoked_at).isoformat()
                    if status == rules.REVOKED else None),
        zone_name=certificate.zone.name, title=certificate.title, number=certificate.number,
        holder_name=certificate.holder_name, holder_credit_code=certificate.holder_credit_code,
        fields=rules.shown_fields(certificate.fields),
        issued_on=timezone.localdate(certificate.issued_at).isoformat(),
        valid_until=certificate.valid_until.isoformat() if certificate.valid_until else None,
    )
