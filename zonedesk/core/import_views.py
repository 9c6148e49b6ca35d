"""The pages of the shared import flow (core/register_import.py): upload, the check's report,
confirm or discard. One set of pages serves every register's import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ServiceError, ValidationFailed
from zonedesk.core.models import ImportBatch
from zonedesk.core.register_import import (
    Importer,
    import_check,
    import_confirm,
    import_discard,
    importers,
    template,
)
from zonedesk.core.xlsx import workbook_response
from zonedesk.core.xlsx_read import read_upload


def _importer(request: HttpRequest, kind: str) -> Importer:
    importer = importers.get(kind)
    if importer is None or not importer.may_edit(request.user):
        raise Http404
    return importer


def _back(importer: Importer) -> str:
    return reverse(importer.back, args=importer.back_args)


def summary(result: dict) -> str:
    """What a confirmed batch did, in one sentence."""
    if result.get("updated") or result.get("unchanged"):
        return _("已导入：新增 %(c)s 行，更新 %(u)s 行，无变化 %(s)s 行") % {
            "c": result.get("created", 0), "u": result.get("updated", 0), "s": result.get("unchanged", 0)
        }
    return _("已导入 %(n)s 行") % {"n": result.get("created", 0)}


def _message(exc: ServiceError) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(str(m) for m in exc.errors.values())
    return exc.message


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    error = ""
    if request.method == "POST":
        f = request.FILES.get("file")
        try:
            content = read_upload(f)  # size-checked before it is read (core/xlsx_read.py)
            batch = import_check(
                actor=Actor.from_request(request), kind=kind, file_name=f.name, content=content
            )
        except ServiceError as exc:
            error = _message(exc)
        else:
            return redirect("imports:batch", pk=batch.pk)
    return render(
        request,
        "imports/upload.html",
        {"importer": importer, "error": error, "back": _back(importer)},
        status=422 if error else 200,
    )


@login_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    return workbook_response(template(importer), f"{kind}-template")


def _batch(request: HttpRequest, pk: int) -> tuple[ImportBatch, Importer]:
    # A batch is its uploader's: another user, even of the same zone, gets a 404.
    batch = get_object_or_404(
        ImportBatch, pk=pk, created_by_id=request.user.pk, zone_id__in=request.user.visible_zone_ids
    )
    importer = importers.get(batch.kind)
    if importer is None:
        raise Http404
    return batch, importer


WAITING = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
ACTIONS = {"create": _lazy("新增"), "update": _lazy("更新"), "unchanged": _lazy("无变化")}


@login_required
def batch_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch, importer = _batch(request, pk)
    waiting = batch.status in WAITING
    if request.headers.get("HX-Request") and request.GET.get("poll"):
        # The page polls while the worker has the batch; once it is done, the whole page
        # reloads so the report and the preview appear.
        if not waiting:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        context = {"batch": batch, "importer": importer, "waiting": True}
        return render(request, "imports/_status.html", context)
    labels = [str(c.label) for c in importer.columns]
    keyed = importer.natural_key is not None
    preview = [
        (
            r["row"],
            ACTIONS.get(r.get("action", ""), "") if keyed else None,
            [r["values"].get(c.key) for c in importer.columns],
        )
        for r in batch.rows[:20]
    ]
    return render(
        request,
        "imports/batch.html",
        {
            "batch": batch,
            "importer": importer,
            "labels": labels,
            "preview": preview,
            "keyed": keyed,
            "waiting": waiting,
            "back": _back(importer),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    batch, importer = _batch(request, pk)
    actor = Actor.from_request(request)
    try:
        if request.POST.get("action") == "confirm":
            batch = import_confirm(actor=actor, batch_id=batch.pk)
            if batch.status != ImportBatch.Status.IMPORTED:
                messages.info(request, _("文件较大，已转入后台导入；本页会自动刷新显示进度"))
                return redirect("imports:batch", pk=batch.pk)
            messages.success(request, summary(batch.result))
            return redirect(_back(importer))
        import_discard(actor=actor, batch_id=batch.pk)
        messages.info(request, _("已放弃该导入批次，未写入任何数据"))
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, _message(exc))
    return redirect("imports:batch", pk=batch.pk)
