"""Excel files for import tests, and the shared import flow driven through its pages."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile


def xlsx_file(rows: Iterable[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def check_upload(client, kind: str, rows: Iterable[Sequence[Any]]):
    """Upload ``rows`` to the import of ``kind``; returns the batch the check kept."""
    r = client.post(f"/imports/{kind}/", {"file": SimpleUploadedFile("t.xlsx", xlsx_file(rows))}, follow=True)
    assert r.status_code == 200, r.content.decode()[:2000]
    assert "batch" in r.context, r.content.decode()[:2000]
    return r.context["batch"]


def problems(batch) -> set[tuple[int, str]]:
    """(row, column) of every problem of a checked batch."""
    return {(p["row"], p["column"]) for p in batch.report}


def confirm(client, batch, *, refused: bool = False):
    """Confirm a batch; a refusal sends the user back to the batch page with the reason."""
    r = client.post(f"/imports/batches/{batch.pk}/decide/", {"action": "confirm"})
    assert r.status_code == 302
    back_to_batch = r["Location"] == f"/imports/batches/{batch.pk}/"
    assert back_to_batch == refused, r["Location"]
    return r
