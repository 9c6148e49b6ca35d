"""Parallel review of the items, their certificates, and the 容缺 sweep.

Every function validates → locks → changes → audits, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.approvals import ports
from zonedesk.approvals.catalogue import settings_for
from zonedesk.approvals.models import (
    OPEN_ITEM_STATES,
    Application,
    ApplicationItem,
    ApplicationMaterial,
    ApplicationStatus,
    CreditEvent,
    ItemState,
    MaterialRecord,
    MaterialStatus,
    Pause,
)
from zonedesk.approvals.rules import add_months
from zonedesk.approvals.services._common import (
    CLOCK_FIELDS,
    _locked_application,
    _now,
    _require_reviewer,
    _set_clock,
    _transition_error,
    stage_finish_if_done,
)
from zonedesk.approvals.services.summary import decision_counted
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.notifications.emit import notify_application, notify_item

# -- parallel review --------------------------------------------------------------------------


def _locked_item(actor: Actor, item_id: int) -> tuple[Application, ApplicationItem]:
    """Lock the application, then the item: every writer locks in that order, so two
    decisions on one application serialise instead of deadlocking."""
    user = actor.user
    if user is None:
        raise NotFound()
    # An item is visible exactly when its application is (both by the project's scope), so the
    # application's locking query finds the item's application itself: one round trip.
    app = _locked_application(
        actor, Subquery(ApplicationItem.objects.filter(pk=item_id).values("application_id")[:1])
    )
    item = (
        ApplicationItem.objects.select_for_update(of=("self",))
        .select_related("item", "department")
        .annotate(paused_ever=Exists(Pause.objects.filter(application_item_id=OuterRef("pk"))))
        .get(pk=item_id)
    )
    item.application = app  # with its project and enterprise, for the certificate and the messages
    return app, item


def _pauses(ai: ApplicationItem) -> list[Pause]:
    """The locked item's recorded pauses; none to read when it was never paused (known from
    its locking read)."""
    return list(ai.pauses.all()) if getattr(ai, "paused_ever", True) else []


def _check_item(ai: ApplicationItem, target: str, action: str) -> None:
    if ai.can(target):
        return
    if ai.state in (ItemState.APPROVED, ItemState.REFUSED):
        raise Conflict(
            "already_decided",
            _("该事项已由%(who)s于 %(at)s 作出「%(state)s」决定，本次操作未执行")
            % {
                "who": ai.decided_by,
                "at": timezone.localtime(ai.decided_at).strftime("%Y-%m-%d %H:%M"),
                "state": ai.get_state_display(),
            },
        )
    raise _transition_error(_("事项"), action, ai.get_state_display())


def item_approve(*, actor: Actor, item_id: int, note: str = "") -> ApplicationItem:
    with transaction.atomic():
        app, ai = _locked_item(actor, item_id)
        _require_reviewer(actor, ai)
        _check_item(ai, ItemState.APPROVED, _("准予许可"))
        now = _now()
        ai.state = ItemState.APPROVED
        ai.decided_at = now
        ai.decided_by = actor.display
        _set_clock(ai, _pauses(ai), now)
        ai.reason = note.strip()[:500]
        if ai.item.certificate_title:
            _issue(actor, app, ai, now)
        ai.save()
        decision_counted(ai)
        ports.case_ended(app, ai)
        stage_finish_if_done(app, now)
        audit_record(
            actor=actor,
            action="approvals.item.approve",
            obj=ai,
            before={"state": ItemState.IN_REVIEW},
            after={"state": ai.state, "certificate": ai.certificate.number if ai.certificate else ""},
        )
        notify_item(ai, "certificate.issued" if ai.certificate else "item.decided", ai.reason)
    return ai


BATCH_MAX = 50


def item_approve_many(*, actor: Actor, item_ids: Sequence[int], note: str = "") -> list[ApplicationItem]:
    """A reviewer grants several of their items in one step. Only 准予许可: a refusal and a
    补正 request each need their own reasons (行政许可法 art. 38, 32), so they stay one by one.
    Each grant is its own decision — its own lock, certificate, audit row and message, exactly
    as `item_approve` — and the batch is all or nothing: one refused grant (not yours, already
    decided) rolls the others back and the error names the item."""
    ids = sorted(set(item_ids))  # one lock order for every batch: two batches never deadlock
    if not ids:
        raise ValidationFailed({"item_ids": _("请选择要准予许可的事项")})
    if len(ids) > BATCH_MAX:
        raise ValidationFailed({"item_ids": _("一次最多批量准予 %(n)d 个事项") % {"n": BATCH_MAX}})
    with transaction.atomic():
        done = []
        for item_id in ids:
            try:
                done.append(item_approve(actor=actor, item_id=item_id, note=note))
            except (Conflict, Forbidden) as exc:
                name = (ApplicationItem.objects.filter(pk=item_id).values_list("item__name", flat=True)
                        .first() or str(item_id))
                raise type(exc)(exc.code, _("%(item)s：%(reason)s") % {"item": name, "reason": exc.message}
                                ) from exc
        return done


def _issue(actor: Actor, app: Application, ai: ApplicationItem, now: dt.datetime) -> None:
    project = app.project
    cert = ports.issue_certificate(
        actor=actor,
        zone_id=app.zone_id,
        enterprise_id=project.enterprise_id,
        kind=ai.item.certificate_title,
        title=ai.item.certificate_title,
        fields=[
            (_("建设单位"), project.enterprise.name),
            (_("项目名称"), project.name),
            (_("投资项目代码"), project.code),
            (_("建设地块"), "、".join(project.parcels)),
            (_("审批事项"), ai.item.name),
            (_("发证部门"), ai.department.name),
            # 发证日期 is the certificate's own issue date, printed in its own row.
        ],
        source=f"approvals.item:{ai.pk}",
        valid_until=None,
        holder=project.enterprise,  # read with the application, with its zone
    )
    ai.certificate = cert
    if ai.item.certificate_material_id:
        MaterialRecord.objects.create(
            zone_id=app.zone_id,
            enterprise_id=project.enterprise_id,
            material_type_id=ai.item.certificate_material_id,
            certificate=cert,
            project=project,
            file_name=f"{ai.item.certificate_title} {cert.number}",
            created_by=actor.display,
        )


def item_refuse(*, actor: Actor, item_id: int, reason: str) -> ApplicationItem:
    reason = reason.strip()
    if not reason:
        raise ValidationFailed({"reason": _("请写明不予许可的理由和依据")})
    with transaction.atomic():
        app, ai = _locked_item(actor, item_id)
        _require_reviewer(actor, ai)
        _check_item(ai, ItemState.REFUSED, _("不予许可"))
        now = _now()
        ai.state = ItemState.REFUSED
        ai.decided_at = now
        ai.decided_by = actor.display
        _set_clock(ai, _pauses(ai), now)
        ai.reason = reason[:500]
        ai.save()
        decision_counted(ai)
        stage_finish_if_done(app, now)
        audit_record(
            actor=actor,
            action="approvals.item.refuse",
            obj=ai,
            before={"state": ItemState.IN_REVIEW},
            after={"state": ai.state, "reason": reason},
        )
        notify_item(ai, "item.decided", reason)
    return ai


# -- 容缺 sweep ---------------------------------------------------------------------------------


def tolerance_sweep(*, today: dt.date | None = None, batch: int = 200) -> list[int]:
    """Terminate 容缺 applications whose deadline passed with materials still outstanding, and
    record a credit event against the enterprise. Idempotent; batches over the indexed
    (status, tolerance_deadline) range, rows locked by another worker are skipped and left to
    it; a terminated application leaves the range, so the loop ends."""
    today = today or timezone.localdate()
    done: list[int] = []
    while ids := _tolerance_batch(today, batch):
        done += ids
    return done


def _tolerance_batch(today: dt.date, batch: int) -> list[int]:
    actor = Actor.system("approvals.tolerance_sweep")
    done: list[int] = []
    with transaction.atomic():
        overdue = ApplicationMaterial.objects.filter(status=MaterialStatus.TOLERATED).values("application_id")
        locked = (
            Application.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                # A stage waiting for the lead's summary still owes its 容缺 materials.
                status__in=(ApplicationStatus.IN_REVIEW, ApplicationStatus.LEAD_SUMMARY),
                tolerance=True,
                tolerance_deadline__lt=today,
                pk__in=overdue,
            )
            .order_by("tolerance_deadline", "pk")
            .select_related("project")[:batch]
        )
        for app in locked:
            now = _now()
            missing = list(
                app.materials.filter(status=MaterialStatus.TOLERATED).values_list(
                    "material_type__name", flat=True
                )
            )
            before_status = app.status
            app.status = ApplicationStatus.TERMINATED
            app.completed_at = now
            app.terminated_reason = _("容缺材料未在 %(d)s 前补齐：%(m)s") % {
                "d": app.tolerance_deadline.isoformat(),
                "m": "、".join(missing),
            }
            app.save(update_fields=["status", "completed_at", "terminated_reason"])
            Pause.objects.filter(application_item__application=app, end__isnull=True).update(end=now)
            # Terminated items are decided: their stored clock (on-time flag, days used) too.
            ended = list(app.items.filter(state__in=OPEN_ITEM_STATES).prefetch_related("pauses"))
            for ai in ended:
                ai.state, ai.decided_at, ai.decided_by = ItemState.TERMINATED, now, actor.display
                _set_clock(ai, list(ai.pauses.all()), now)
            ApplicationItem.objects.bulk_update(ended, ["state", "decided_at", "decided_by", *CLOCK_FIELDS])
            # The zone's configured consequence: the green channel (and 容缺) suspended for
            # the configured months, or until a recorded 信用修复.
            months = settings_for(app.zone_id).breach_suspend_months
            event, _created = CreditEvent.objects.get_or_create(
                application=app,
                kind=CreditEvent.Kind.TOLERANCE_BREACH,
                defaults={
                    "zone_id": app.zone_id,
                    "enterprise_id": app.project.enterprise_id,
                    "occurred_on": today,
                    "note": app.terminated_reason,
                    "suspended_until": add_months(today, months) if months else None,
                },
            )
            audit_record(
                actor=actor,
                action="approvals.credit_event.record",
                obj=event,
                after={
                    "enterprise": app.project.enterprise_id,
                    "kind": event.kind,
                    "suspended_until": event.suspended_until,
                },
            )
            notify_application(
                app,
                "application.terminated",
                _("%(reason)s。已记入企业信用，绿色通道暂停至 %(d)s（信用修复后恢复）")
                % {"reason": app.terminated_reason, "d": event.suspended_until or "—"},
            )
            audit_record(
                actor=actor,
                action="approvals.application.terminate",
                obj=app,
                before={"status": before_status},
                after={"status": app.status, "reason": app.terminated_reason},
            )
            done.append(app.pk)
    return done
