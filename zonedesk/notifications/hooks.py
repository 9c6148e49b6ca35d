"""What the message centre registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zonedesk.core.clockwarn import clock_warnings
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role

nav_registry.register(
    NavItem(_("消息中心"), "notifications:inbox", None, "messages", weight=50),
    NavItem(_("发送记录"), "notifications:deliveries", frozenset({Role.SYSTEM_ADMIN}), "messages",
            weight=845),
)


# Warnings told per transaction: a sweep's first run on a large zone warns many thousand items.
WARNING_BATCH = 500


def _approval_item_warnings(warnings) -> None:
    """The approval items' yellow/red sweep (approvals.services.sweeps) tells the item's
    department, once per state: the state names the level and the due date, so the same
    warning is never sent twice and a moved deadline warns again. Appeals send their own
    ``appeal.overdue`` when escalated, so their clock warnings are not repeated here.
    Written set-wise, a batch at a time (a fixed number of queries per batch)."""
    from django.db import transaction
    from django.urls import reverse

    from zonedesk.notifications.emit import departments_people
    from zonedesk.notifications.services import Emission, messages_emit_many

    items = [w for w in warnings if w.kind == "approvals.item"]
    for start in range(0, len(items), WARNING_BATCH):
        batch = items[start:start + WARNING_BATCH]
        people = departments_people({w.department_id for w in batch if w.department_id})
        with transaction.atomic():
            messages_emit_many([
                Emission(
                    f"warning.{w.level}", people.get(w.department_id, []), w.zone_id,
                    f"approvals.applicationitem:{w.object_id}", f"{w.level}:{w.due}",
                    {"subject": str(_("审批事项即将到期") if w.level == "yellow" else _("审批事项已超期")),
                     "detail": str(_("办理期限：%(due)s") % {"due": w.due})},
                    reverse("approvals:item", args=[w.object_id]),
                )
                for w in batch
            ])


clock_warnings.register(_approval_item_warnings)


def _supplement_overdue_warnings(warnings) -> None:
    """The overdue-补正 sweep (approvals.services.sweeps.supplements_overdue): the applicant,
    who has to act, and the item's department, who decides what follows, each told once per
    补正 deadline. Set-wise per batch: the items' names and enterprises in one query."""
    from django.db import transaction
    from django.urls import reverse

    from zonedesk.approvals.models import ApplicationItem
    from zonedesk.casefiles.selectors import case_numbers_for
    from zonedesk.notifications.emit import departments_people, enterprises_people
    from zonedesk.notifications.services import Emission, messages_emit_many

    told = [w for w in warnings if w.kind == "approvals.supplement"]
    for start in range(0, len(told), WARNING_BATCH):
        batch = told[start:start + WARNING_BATCH]
        items = {
            row["pk"]: row
            for row in ApplicationItem.objects.filter(pk__in=[w.object_id for w in batch]).values(
                "pk", "application_id", "item__name", "application__project__enterprise_id")
        }
        staff = departments_people({w.department_id for w in batch if w.department_id})
        enterprises = {r["application__project__enterprise_id"] for r in items.values()}
        applicants = enterprises_people(list(enterprises))
        cases = case_numbers_for("application", [r["application_id"] for r in items.values()])
        with transaction.atomic():
            messages_emit_many([
                Emission(
                    "item.supplement_overdue",
                    applicants.get(items[w.object_id]["application__project__enterprise_id"], [])
                    + staff.get(w.department_id, []),
                    w.zone_id,
                    f"approvals.applicationitem:{w.object_id}",
                    f"supplement_overdue:{w.due}",
                    {"item": items[w.object_id]["item__name"], "detail": str(w.due),
                     "case": cases.get(items[w.object_id]["application_id"], "")},
                    reverse("approvals:item", args=[w.object_id]),
                )
                for w in batch if w.object_id in items
            ])


clock_warnings.register(_supplement_overdue_warnings)


def _warnings() -> str:
    from zonedesk.notifications.warnings import appeal_yellow_sweep, rectification_sweep

    return f"诉求黄色预警 {appeal_yellow_sweep()} 件，差评整改预警 {rectification_sweep()} 件"


def _register_job() -> None:
    import datetime as dt

    from zonedesk.scheduler.jobs import Job, job_registry

    job_registry.register(Job("warnings_sweep", _("诉求黄色预警与差评整改黄红灯预警"), dt.timedelta(hours=1),
                              _warnings))


_register_job()
