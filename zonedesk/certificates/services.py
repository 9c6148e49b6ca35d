"""Issuing and revoking e-certificates. Each function validates, locks, writes and audits in
one transaction."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.certificates import pdf, rules
from zonedesk.certificates.models import Certificate, CertificateCounter
from zonedesk.core.actor import Actor
from zonedesk.core.counters import number_next
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.enterprises.models import Enterprise
from zonedesk.files.services import file_store
from zonedesk.organisation.models import Zone
from zonedesk.organisation.roles import Role

# Who decides on approval items and so issues or withdraws what they decided.
ISSUER_ROLES = frozenset({Role.REVIEWER, Role.DEPARTMENT_HEAD, Role.WINDOW_CLERK})
AUDITED = ("number", "kind", "title", "holder_id", "holder_name", "holder_credit_code", "fields",
           "source", "valid_until", "pdf_id")


def _require_issuer(actor: Actor, zone_id: int) -> None:
    user = actor.user
    if user is None:
        return  # a system actor (a command, a task, the demo load) acts for the zone itself
    if zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*ISSUER_ROLES):
        raise Forbidden("not_issuer", _("只有审批人员、部门负责人和综合窗口可以签发或撤销证照"))


def _next_number(zone: Zone, year: int) -> str:
    # One UPDATE … RETURNING takes the next number under the counter's row lock (held to commit,
    # so allocations serialise); the year's first issue creates the row, race-safe.
    last = number_next(CertificateCounter, {"zone": zone.pk, "year": year})
    return rules.format_number(zone.code, year, last)


def certificate_issue(*, actor: Actor, zone_id: int, holder_enterprise_id: int, kind: str, title: str,
                      fields: list[tuple[str, str]], source: str,
                      valid_until: dt.date | None = None, holder: Enterprise | None = None) -> Certificate:
    """``holder``: the holder enterprise (with its zone) when the caller has just read it."""
    _require_issuer(actor, zone_id)
    now = timezone.now()
    today = timezone.localdate(now)
    clean, errors = rules.clean_issue(kind=kind, title=title, fields=fields, valid_until=valid_until,
                                      today=today)
    if holder is None or holder.pk != holder_enterprise_id or holder.zone_id != zone_id:
        holder = (Enterprise.objects.filter(zone_id=zone_id, pk=holder_enterprise_id)
                  .select_related("zone").first())
    if holder is None:
        errors["holder_enterprise_id"] = ("持证企业不存在", {})
    if errors:
        raise ValidationFailed({k: _tr(m) for k, m in errors.items()})
    assert holder is not None  # else an error above
    zone = holder.zone
    # No savepoint of its own inside a caller's transaction: a database error here fails that
    # transaction whatever (and a savepoint costs two round trips per certificate).
    with transaction.atomic(savepoint=False):
        number = _next_number(zone, today.year)
        certificate = Certificate(
            zone=zone, number=number, verify_code=secrets.token_urlsafe(16), holder=holder,
            holder_name=holder.name, holder_credit_code=holder.credit_code,
            kind=clean["kind"], title=clean["title"], fields=clean["fields"], source=(source or "")[:200],
            issued_at=now, valid_until=clean["valid_until"], issued_by=actor.user,
        )
        certificate.save()
        audit_record(actor=actor, action="certificate.issue", obj=certificate,
                     after=_snapshot(certificate))
        # The PDF is rendered after commit, in the background (it is a third of the approval
        # flow's time and needs no lock); the first download renders it if the task has not.
        transaction.on_commit(lambda: _enqueue_render(certificate.pk))
    return certificate


def _enqueue_render(certificate_id: int) -> None:
    from zonedesk.certificates.tasks import certificate_render

    try:
        certificate_render.enqueue(certificate_id)
    except Exception:  # no worker reachable: the first download renders it
        import logging

        logging.getLogger(__name__).exception("could not enqueue the PDF of certificate %s", certificate_id)


def certificate_pdf_ensure(*, certificate_id: int) -> Certificate:
    """Render and store the certificate's PDF once (idempotent: a second caller finds it
    stored). Called by the background task after the issue commits, and by the download when
    the task has not run yet."""
    with transaction.atomic():
        # Lock the certificate row only: PostgreSQL cannot lock the nullable side of the outer
        # join that select_related("pdf") makes.
        certificate = (Certificate.objects.select_for_update(of=("self",)).select_related("zone", "pdf")
                       .get(pk=certificate_id))
        if certificate.pdf_id is not None:
            return certificate
        issued_on = timezone.localdate(certificate.issued_at)
        content = pdf.render(pdf.PrintedCertificate(
            zone_name=certificate.zone.name, title=certificate.title, number=certificate.number,
            holder_name=certificate.holder_name, holder_credit_code=certificate.holder_credit_code,
            fields=rules.shown_fields(certificate.fields), issued_on=issued_on,
            valid_until=certificate.valid_until,
            verify_code=certificate.verify_code, verify_url=certificate.public_verify_url,
        ))
        actor = Actor.system("certificates.render")
        certificate.pdf = file_store(actor=actor, zone_id=certificate.zone_id,
                                     upload=(f"{certificate.title}-{certificate.number}.pdf", content),
                                     allowed=frozenset({"pdf"}))
        certificate.save(update_fields=["pdf"])
        audit_record(actor=actor, action="certificate.render_pdf", obj=certificate,
                     before={"pdf_id": None}, after={"pdf_id": certificate.pdf_id})
    return certificate


def certificate_revoke(*, actor: Actor, certificate_id: int, reason: str) -> Certificate:
    text, problem = rules.clean_reason(reason)
    with transaction.atomic():
        qs = Certificate.objects.select_for_update().filter(pk=certificate_id)
        if actor.user is not None:
            qs = qs.filter(pk__in=Certificate.objects.visible_to(actor.user).values("pk"))
        certificate = qs.first()
        if certificate is None:
            raise NotFound()
        _require_issuer(actor, certificate.zone_id)
        if problem:
            raise ValidationFailed({"reason": _tr(problem)})
        if certificate.revoked_at is not None:
            raise Conflict("already_revoked", _("该证照已于 %(day)s 撤销")
                           % {"day": timezone.localdate(certificate.revoked_at).isoformat()})
        certificate.revoked_at = timezone.now()
        certificate.revoke_reason = text
        certificate.revoked_by = actor.user
        certificate.save(update_fields=["revoked_at", "revoke_reason", "revoked_by"])
        audit_record(actor=actor, action="certificate.revoke", obj=certificate,
                     before={"revoked_at": None},
                     after={"revoked_at": certificate.revoked_at.isoformat(), "reason": text})
    return certificate


def _tr(message: rules.Message) -> str:
    template, params = message
    return _(template) % params if params else _(template)


def _snapshot(certificate: Certificate) -> dict:
    from zonedesk.core.jsonable import snapshot

    return snapshot(certificate, list(AUDITED))
