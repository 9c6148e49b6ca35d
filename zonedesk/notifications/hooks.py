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


def _approval_item_warnings(warnings) -> None:
    """The approval items' yellow/red sweep (approvals.services.sweeps) tells the item's
    department, once per state: the state names the level and the due date, so the same
    warning is never sent twice and a moved deadline warns again. Appeals send their own
    ``appeal.overdue`` when escalated, so their clock warnings are not repeated here."""
    from django.db import transaction
    from django.urls import reverse

    from zonedesk.notifications.emit import department_people, notify_people

    for w in warnings:
        if w.kind != "approvals.item":
            continue
        with transaction.atomic():
            notify_people(
                f"warning.{w.level}", recipients=department_people(w.department_id), zone_id=w.zone_id,
                object_key=f"approvals.applicationitem:{w.object_id}", state=f"{w.level}:{w.due}",
                subject=str(_("审批事项即将到期") if w.level == "yellow" else _("审批事项已超期")),
                detail=str(_("办理期限：%(due)s") % {"due": w.due}),
                url=reverse("approvals:item", args=[w.object_id]))


clock_warnings.register(_approval_item_warnings)


def _warnings() -> str:
    from zonedesk.notifications.warnings import appeal_yellow_sweep, rectification_sweep

    return f"诉求黄色预警 {appeal_yellow_sweep()} 件，差评整改预警 {rectification_sweep()} 件"


def _register_job() -> None:
    import datetime as dt

    from zonedesk.scheduler.jobs import Job, job_registry

    job_registry.register(Job("warnings_sweep", _("诉求黄色预警与差评整改黄红灯预警"), dt.timedelta(hours=1),
                              _warnings))


_register_job()
