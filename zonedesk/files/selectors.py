"""Sending a stored file back. Callers check visibility of the owning row first."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse

from zonedesk.files.models import StoredFile


def file_response(stored_file: StoredFile, *, as_attachment: bool = True) -> FileResponse:
    handle = default_storage.open(stored_file.storage_name, "rb")
    # FileResponse writes filename*=utf-8''… (RFC 5987) for a non-ASCII name.
    response = FileResponse(handle, as_attachment=as_attachment, filename=stored_file.name,
                            content_type=stored_file.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Shown inline, a file reaches nothing of the site. Chromium refuses to open its PDF
    # viewer in a sandboxed document, so a PDF gets the fetch ban without the sandbox.
    response["Content-Security-Policy"] = (
        "default-src 'none'" if stored_file.kind == "pdf" else "sandbox; default-src 'none'")
    response["Cache-Control"] = "private, no-store"
    return response
