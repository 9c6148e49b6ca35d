"""Background work of certificates (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def certificate_render(certificate_id: int) -> int | None:
    """Render and store an issued certificate's PDF (after the issue committed)."""
    from zonedesk.certificates.services import certificate_pdf_ensure

    return certificate_pdf_ensure(certificate_id=certificate_id).pdf_id
