"""The shared import flow over the API (core/register_import.py): check a file into a batch,
read the batch's report, confirm or discard it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from zonedesk.core.api import api_actor, errors
from zonedesk.core.errors import NotFound
from zonedesk.core.models import ImportBatch
from zonedesk.core.register_import import import_check, import_confirm, import_discard

router = Router(tags=["imports"])


class ImportProblemOut(Schema):
    row: int
    column: str
    reason: str


class ImportBatchOut(Schema):
    id: int
    kind: str
    file_name: str
    status: str = Field(description="queued | running | checked | imported | discarded | failed")
    phase: str = Field(description="check | confirm: what a queued or running batch waits for")
    total_rows: int
    created_at: dt.datetime
    report: list[ImportProblemOut]
    result: dict[str, Any]


class ImportResultOut(Schema):
    id: int
    status: str = Field(description="imported, or queued when the file is large (poll the batch)")
    created: int
    updated: int
    unchanged: int


def _out(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "file_name": batch.file_name,
        "status": batch.status,
        "phase": batch.phase,
        "total_rows": batch.total_rows,
        "created_at": batch.created_at,
        "report": batch.report,
        "result": batch.result,
    }


def _own(request: HttpRequest, batch_id: int) -> ImportBatch:
    batch = ImportBatch.objects.filter(
        pk=batch_id, created_by_id=request.user.pk, zone_id__in=request.user.visible_zone_ids
    ).first()
    if batch is None:
        raise NotFound()
    return batch


@router.post(
    "/{kind}/check",
    response={201: ImportBatchOut, **errors(401, 403, 404, 422)},
    summary="上传 Excel 并逐行校验（不写入台账），返回批次与问题清单（行、列、规则）",
)
def check_import(request: HttpRequest, kind: str, file: File[UploadedFile]):
    from zonedesk.core.xlsx_read import read_upload

    content = read_upload(file)  # the one size limit of every import (core/xlsx_read.py)
    batch = import_check(actor=api_actor(request), kind=kind, file_name=file.name or "", content=content)
    return Status(201, _out(batch))


@router.get("/batches/{batch_id}", response={200: ImportBatchOut, **errors(401, 404)}, summary="导入批次")
def get_import_batch(request: HttpRequest, batch_id: int):
    return _out(_own(request, batch_id))


@router.post(
    "/batches/{batch_id}/confirm",
    response={200: ImportResultOut, **errors(401, 403, 404, 409, 422)},
    summary="确认导入：全部写入或全部不写入（大文件转入后台，返回 queued）",
)
def confirm_import(request: HttpRequest, batch_id: int):
    batch = import_confirm(actor=api_actor(request), batch_id=batch_id)
    counts = batch.result if batch.status == ImportBatch.Status.IMPORTED else {}
    return {
        "id": batch.pk,
        "status": batch.status,
        **{k: counts.get(k, 0) for k in ("created", "updated", "unchanged")},
    }


@router.post(
    "/batches/{batch_id}/discard",
    response={200: ImportBatchOut, **errors(401, 404, 409)},
    summary="放弃导入批次",
)
def discard_import(request: HttpRequest, batch_id: int):
    import_discard(actor=api_actor(request), batch_id=batch_id)
    return _out(_own(request, batch_id))
