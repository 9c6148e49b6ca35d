"""E-certificates: the holder's and the zone staff's view, the PDF, and public verification."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field, StrictStr

from zonedesk.certificates import selectors, services
from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound
from zonedesk.core.requests import ApiRequest
from zonedesk.files.selectors import file_response

router = Router(tags=["certificates"])


class PublicOut(Schema):
    status: str = Field(description="valid 有效 / revoked 已撤销 / expired 已过期")
    status_label: str
    revoked_on: dt.date | None
    zone_name: str
    title: str
    number: str
    holder_name: str
    holder_credit_code: str
    fields: list[list[str]] = Field(description="印制的事项：[[名称, 内容], ...]")
    issued_on: dt.date
    valid_until: dt.date | None


class CertificateOut(PublicOut):
    id: int
    kind: str
    source: str
    holder_id: int
    verify_code: str
    verify_url: str
    pdf_url: str | None
    revoke_reason: str


class CertificatePage(Schema):
    count: int
    page: int
    page_size: int
    items: list[CertificateOut]


class RevokeIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reason: StrictStr = Field(max_length=1000)


def _out(c) -> dict:
    view = selectors.public_view(c)
    return {**view.__dict__, "id": c.pk, "kind": c.kind, "source": c.source, "holder_id": c.holder_id,
            "verify_code": c.verify_code, "verify_url": c.public_verify_url,
            "pdf_url": c.pdf_url if c.pdf_id else None, "revoke_reason": c.revoke_reason}


@router.get("/", response={200: CertificatePage, **errors(401, 422)}, url_name="list_certificates")
def list_certificates(request: ApiRequest, kind: str = "", holder: str = "", status: str = "",
                      page: int = Query(1, ge=1), page_size: int = Query(20, ge=1, le=100)):
    qs = selectors.certificate_list_for(user=request.auth, filters=selectors.CertificateFilter(
        kind=kind, holder=holder.strip(), status=status))
    total = qs.count()
    rows = qs[(page - 1) * page_size: page * page_size]
    return {"count": total, "page": page, "page_size": page_size, "items": [_out(c) for c in rows]}


# 401 is listed only because core/tests/test_api_schema.py asks it of every operation; this
# public route never answers it.
@router.get("/verify/{code}", auth=None, response={200: PublicOut, **errors(401, 404)},
            url_name="verify_certificate")
def verify_certificate(request: ApiRequest, code: str):
    """Public (no login): what is printed on the certificate, and whether it is still valid."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise NotFound("没有与此核验码对应的证照")
    return selectors.public_view(certificate).__dict__


@router.get("/{certificate_id}", response={200: CertificateOut, **errors(401, 404)},
            url_name="get_certificate")
def get_certificate(request: ApiRequest, certificate_id: int):
    return _out(selectors.get_certificate_for(request.auth, certificate_id))


@router.get("/{certificate_id}/pdf", response={200: None, **errors(401, 404)}, url_name="certificate_pdf",
            openapi_extra={"responses": {200: {"description": "证照 PDF",
                                               "content": {"application/pdf": {}}}}})
def certificate_pdf(request: ApiRequest, certificate_id: int):
    certificate = selectors.get_certificate_for(request.auth, certificate_id)
    if certificate.pdf_id is None:  # rendered after the issue; not yet: render it now, once
        from zonedesk.certificates.services import certificate_pdf_ensure

        certificate = certificate_pdf_ensure(certificate_id=certificate.pk)
    return file_response(certificate.pdf)


@router.post("/{certificate_id}/revoke", response={200: CertificateOut, **errors(401, 403, 404, 409, 422)},
             url_name="revoke_certificate")
def revoke_certificate(request: ApiRequest, certificate_id: int, body: RevokeIn):
    certificate = services.certificate_revoke(actor=api_actor(request), certificate_id=certificate_id,
                                              reason=body.reason)
    return _out(selectors.get_certificate_for(request.auth, certificate.pk))
