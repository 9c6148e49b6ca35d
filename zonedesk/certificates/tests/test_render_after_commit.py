"""The PDF is rendered after the issue commits (background task), or on the first download."""

from __future__ import annotations

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.certificates.models import Certificate
from zonedesk.certificates.services import certificate_issue
from zonedesk.certificates.tests.conftest import FIELDS
from zonedesk.core.actor import Actor
from zonedesk.organisation.models import User
from zonedesk.testing.audit import after_commit_work

pytestmark = pytest.mark.django_db


def _issue(own):
    actor = Actor(user=User.objects.get(username="reviewer"), ip="127.0.0.1")
    return certificate_issue(actor=actor, zone_id=own.zone_id, holder_enterprise_id=own.pk,
                             kind="建设工程规划许可证", title="建设工程规划许可证", fields=FIELDS,
                             source="approvals.item:1", valid_until=None)


def test_the_issue_does_not_render_and_the_task_renders_after_commit(own, tmp_storage,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cert = _issue(own)
        assert Certificate.objects.get(pk=cert.pk).pdf_id is None  # nothing rendered in the transaction
    # The after-commit work besides the audit's no-op lane markers: the render, only.
    work = after_commit_work(callbacks)
    assert len(work) == 1
    work[0]()  # the commit: the (immediate) task backend renders it
    cert.refresh_from_db()
    assert cert.pdf_id is not None
    assert (tmp_storage / cert.pdf.storage_name).read_bytes().startswith(b"%PDF-")
    assert AuditRecord.objects.filter(action="certificate.render_pdf", object_id=str(cert.pk)).count() == 1


def test_the_first_download_renders_once_and_later_ones_reuse_it(own, tmp_storage, client):
    cert = _issue(own)
    client.force_login(User.objects.get(username="enterprise"))
    first = client.get(f"/verify/certificates/{cert.pk}/pdf/")
    body = b"".join(first.streaming_content) if first.streaming else first.content
    assert first.status_code == 200 and body.startswith(b"%PDF-")
    pdf_id = Certificate.objects.get(pk=cert.pk).pdf_id
    assert pdf_id is not None
    assert client.get(f"/verify/certificates/{cert.pk}/pdf/").status_code == 200
    assert Certificate.objects.get(pk=cert.pk).pdf_id == pdf_id
    assert AuditRecord.objects.filter(action="certificate.render_pdf", object_id=str(cert.pk)).count() == 1
