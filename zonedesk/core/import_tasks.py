"""The background half of the shared import flow (core/register_import.py): the worker checks
or writes a large batch. Ids in, never objects; every run may be repeated."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from zonedesk.audit.models import Result
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed

logger = logging.getLogger(__name__)

# A RUNNING batch not finished after this long lost its worker (the largest file takes a few
# minutes): the imports sweep hands it to the worker again.
STALE_AFTER = dt.timedelta(minutes=30)


def _message(exc: ServiceError) -> str:
    if isinstance(exc, ValidationFailed):
        return "；".join(str(m) for m in exc.errors.values())
    return exc.message


def _take(batch_id: int):
    """Mark a waiting batch RUNNING (committed at once, so the page shows it); None when the
    batch no longer waits for a worker (done, discarded, or another run finished it)."""
    from zonedesk.core.models import ImportBatch

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status not in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING):
            return None
        batch.status = ImportBatch.Status.RUNNING
        batch.started_at = timezone.now()
        batch.save(update_fields=["status", "started_at"])
        return batch


def import_batch_work(*, batch_id: int, user_id: int, ip: str | None) -> str:
    """Run the check or the confirmation a batch waits for, as the user who asked for it."""
    from zonedesk.core import register_import as flow
    from zonedesk.core.models import ImportBatch
    from zonedesk.organisation.models import User

    if _take(batch_id) is None:
        return "nothing to do"
    actor = Actor(user=User.objects.get(pk=user_id), ip=ip, channel="task")
    try:
        with transaction.atomic():
            # Held to the end: a second run of the same job waits here, then finds it done.
            batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
            if batch.status != ImportBatch.Status.RUNNING:
                return "nothing to do"
            importer = flow._importer(batch.kind, actor)
            if batch.phase == ImportBatch.Phase.CHECK:
                flow._check_now(actor, importer, batch)
            else:
                flow._confirm_now(actor, importer, batch)
            return batch.status
    except ServiceError as exc:
        _failed(actor, batch_id, _message(exc))
        return "failed"
    except Exception:
        logger.exception("import batch %s failed", batch_id)
        _failed(actor, batch_id, _("导入时发生系统错误，未写入任何数据；请重新确认，仍失败请联系系统管理员"))
        raise


def _failed(actor: Actor, batch_id: int, reason: str) -> None:
    """Nothing of the run stayed. A check that failed closes the batch (FAILED: upload again);
    a confirmation that failed reopens it (CHECKED, with the reason) for another try."""
    from zonedesk.core.models import ImportBatch

    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
        if batch is None or batch.status != ImportBatch.Status.RUNNING:
            return
        check = batch.phase == ImportBatch.Phase.CHECK
        batch.status = ImportBatch.Status.FAILED if check else ImportBatch.Status.CHECKED
        batch.result = {**batch.result, "error": reason[:500]}
        batch.save(update_fields=["status", "result"])
        audit_record(
            actor=actor,
            action="import.check" if check else "import.confirm",
            obj=batch,
            result=Result.FAILED,
            message=reason[:500],
            after={"kind": batch.kind},
        )


@task()
def import_batch_run(*, batch_id: int, user_id: int, ip: str | None = None) -> str:
    return import_batch_work(batch_id=batch_id, user_id=user_id, ip=ip)


def imports_sweep(*, now: dt.datetime | None = None) -> str:
    """The scheduled job: delete batches past the retention period (they hold the file's rows,
    personal data among them) and hand batches whose worker died to the worker again."""
    from django.conf import settings

    from zonedesk.core.models import ImportBatch

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.IMPORT_RETENTION_DAYS)
    deleted = 0
    while True:
        with transaction.atomic():
            # Chunks under SKIP LOCKED: a batch being confirmed is left for the next run, and
            # two hosts running the sweep at once never wait on each other.
            chunk = list(
                ImportBatch.objects.select_for_update(skip_locked=True)
                .filter(created_at__lt=cutoff)
                .exclude(status__in=[ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING])
                .order_by("pk")
                .values_list("pk", "zone_id", "kind", "status")[:500]
            )
            if not chunk:
                break
            ImportBatch.objects.filter(pk__in=[c[0] for c in chunk]).delete()
            for pk, zone_id, kind, status in chunk:
                audit_record(
                    actor=Actor.system("scheduler.imports_sweep"),
                    action="import.prune",
                    object_type="core.importbatch",
                    object_id=pk,
                    zone_id=zone_id,
                    before={"kind": kind, "status": status},
                    message=f"retention {settings.IMPORT_RETENTION_DAYS} days",
                )
            deleted += len(chunk)
    # A QUEUED batch this old lost its job (enqueued after a commit the worker never saw); a
    # RUNNING one, its worker. A second run of a live job is harmless (see import_batch_work).
    stale = list(
        ImportBatch.objects.filter(
            Q(status=ImportBatch.Status.RUNNING, started_at__lt=now - STALE_AFTER)
            | Q(status=ImportBatch.Status.QUEUED, created_at__lt=now - STALE_AFTER)
        ).values_list("pk", "created_by_id")
    )
    for pk, user_id in stale:
        import_batch_run.enqueue(batch_id=pk, user_id=user_id, ip=None)
    return f"删除过期导入批次 {deleted} 个，重新排队 {len(stale)} 个"
