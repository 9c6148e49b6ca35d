"""Background work of the registry (django-tasks; ids in, never objects)."""

from __future__ import annotations

import logging

from django_tasks import task

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError
from zonedesk.enterprises import services

logger = logging.getLogger(__name__)

FAILED = "导入时发生系统错误，未写入任何数据；请重新确认，仍失败请联系系统管理员"


@task()
def enterprise_import_run(*, batch_id: int, user_id: int, ip: str | None) -> dict[str, int]:
    """Write a batch queued by services.enterprise_import_submit, as the user who confirmed it."""
    from zonedesk.organisation.models import User

    actor = Actor(user=User.objects.get(pk=user_id), ip=ip, channel="task")
    try:
        return services.enterprise_import_confirm(actor=actor, batch_id=batch_id, queued=True)
    except ServiceError as exc:
        if exc.code == "batch_closed":
            raise  # not ours to reopen (already written, or discarded)
        services.enterprise_import_failed(actor=actor, batch_id=batch_id, reason=exc.message)
        raise
    except Exception:
        logger.exception("import batch %s failed", batch_id)
        services.enterprise_import_failed(actor=actor, batch_id=batch_id, reason=FAILED)
        raise
