"""The event log of an approval project (who did what, when), read from the audit trail.

Anyone who may see the project sees the successful actions on it, its applications and their
items — the audit rows the services write in their transactions, so nothing can be missing
from the log that happened. Refused attempts stay in the audit administrator's view only.
One indexed query ((object_type, object_id)), newest first, at most ``EVENT_LIMIT`` rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.approvals.models import Application, ApplicationItem, ConstructionProject
from zonedesk.audit.models import AuditRecord, Result

EVENT_LIMIT = 200
LABELS = {
    "approvals.project.create": _("登记项目"),
    "approvals.project.link_pipeline": _("关联招商项目"),
    "approvals.application.submit": _("提交申请"),
    "approvals.application.add_material": _("上传材料"),
    "approvals.application.sign_promise": _("签署信用承诺书"),
    "approvals.application.request_supplement": _("受理前一次性告知补正"),
    "approvals.application.resubmit": _("补正后重新提交"),
    "approvals.application.accept": _("受理"),
    "approvals.application.refuse": _("不予受理"),
    "approvals.application.terminate": _("终止办理"),
    "approvals.item.approve": _("准予许可"),
    "approvals.item.refuse": _("不予许可"),
    "approvals.item.request_supplement": _("要求补正"),
    "approvals.item.answer_supplement": _("提交补正"),
    "approvals.item.warn_red": _("超期预警"),
}


@dataclass(frozen=True)
class ProjectEvent:
    at: dt.datetime
    actor: str
    action: str
    label: str
    target: str
    message: str


def project_events(project: ConstructionProject) -> list[ProjectEvent]:
    """The project must already have been fetched through ``visible_to`` by the caller."""
    app_ids = [str(pk) for pk in Application.objects.filter(project=project).values_list("pk", flat=True)]
    item_ids = [str(pk) for pk in ApplicationItem.objects.filter(application__project=project)
                .values_list("pk", flat=True)]
    rows = (
        AuditRecord.objects.filter(zone_id=project.zone_id, result=Result.OK)
        .filter(Q(object_type="approvals.constructionproject", object_id=str(project.pk))
                | Q(object_type="approvals.application", object_id__in=app_ids)
                | Q(object_type="approvals.applicationitem", object_id__in=item_ids))
        .order_by("-at", "-seq")
        .values("at", "actor_name", "action", "object_repr", "message")[:EVENT_LIMIT]
    )
    return [ProjectEvent(r["at"], r["actor_name"], r["action"], str(LABELS.get(r["action"], r["action"])),
                         r["object_repr"], r["message"]) for r in rows]
