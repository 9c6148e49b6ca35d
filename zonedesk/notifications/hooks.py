"""What the message centre registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.clockwarn import clock_warnings
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import Role

nav_registry.register(
    NavItem(gettext_lazy("消息中心"), "notifications:inbox", None, "messages", weight=50),
    NavItem(gettext_lazy("发送记录"), "notifications:deliveries", frozenset({Role.SYSTEM_ADMIN}), "messages",
            weight=845),
)


# Warnings told per transaction: a sweep's first run on a large zone warns many thousand items.
WARNING_BATCH = 500

# Cases an escalation digest names one by one; the rest are counted (the list's overdue filter
# shows them all).
DIGEST_LISTED = 20


def _fingerprint(warnings) -> str:
    """The state of a digest: which cases it tells of and at which deadline. The same warnings
    told again find the key taken (nothing new); a later run, or a moved deadline, is a new
    state. Computed over packed integers: a first run's digest covers many thousand cases."""
    pairs = array("q")
    for w in sorted(warnings, key=lambda w: w.object_id):
        due = w.due
        stamp = int(due.timestamp()) if isinstance(due, dt.datetime) else due.toordinal() if due else 0
        pairs.extend((w.object_id, stamp))
    return hashlib.blake2b(pairs.tobytes(), digest_size=12).hexdigest()


def _approval_item_warnings(warnings) -> None:
    """The approval items' yellow/red sweep (approvals.services.sweeps.items_warn) tells each
    department one digest per level and run — "规划建设局 3,000 个审批事项已超期", linking to
    its inbox filtered to that level — not one message per item: a department whose backlog
    turned red overnight needs to know how many and where to look, not 3,000 e-mails and text
    messages. Each item's state stays on the item (``clock_warned``, its colour in the inbox).
    Set-wise: the people of every department in one query, the messages in one insert."""
    from django.db import transaction
    from django.urls import reverse

    from zonedesk.notifications.emit import departments_people
    from zonedesk.notifications.services import Emission, messages_emit_many
    from zonedesk.organisation.models import Department

    groups: dict[tuple[int, int, str], list] = {}
    for w in warnings:
        if w.kind == "approvals.item" and w.department_id:
            groups.setdefault((w.zone_id, w.department_id, w.level), []).append(w)
    if not groups:
        return
    departments = {dept for _zone, dept, _level in groups}
    people = departments_people(departments)
    names = dict(Department.objects.filter(pk__in=departments).values_list("pk", "name"))
    inbox = reverse("approvals:inbox")
    emissions = [
        Emission(f"warning.{level}.digest", people.get(dept, []), zone_id, f"organisation.department:{dept}",
                 f"{level}:{_fingerprint(told)}",
                 {"subject": names.get(dept, ""), "count": f"{len(told):,}",
                  "detail": str(min(w.due for w in told))},
                 f"{inbox}?clock={level}")
        for (zone_id, dept, level), told in groups.items()
    ]
    with transaction.atomic():
        messages_emit_many(emissions)


clock_warnings.register(_approval_item_warnings)


def _appeal_escalation_warnings(warnings) -> None:
    """The escalation sweep (appeals.services.appeals_escalate_all) tells each head one digest
    per run naming the cases it escalated to them (the first ``DIGEST_LISTED`` by number and
    title, the rest counted, linking to the list's overdue filter); cases of a department
    without a head go to the zone's window clerks, one digest per zone. A run every few
    minutes escalates a handful, so the digest lists them all; a backlog's first run is one
    message per head instead of thousands of urgent e-mails and text messages. Each case's
    own state stays on the case (``escalated_at``, the head's to-do)."""
    from django.db import transaction
    from django.urls import reverse

    from zonedesk.appeals.models import Appeal
    from zonedesk.notifications.emit import zone_role_people
    from zonedesk.notifications.services import Emission, messages_emit_many, recipients_with_settings
    from zonedesk.organisation.models import User

    groups: dict[tuple[int, int | None], list] = {}
    for w in warnings:
        if w.kind == "appeals.appeal":
            groups.setdefault((w.zone_id, w.recipient_id), []).append(w)
    if not groups:
        return
    listed = {key: sorted(told, key=lambda w: (w.due, w.object_id))[:DIGEST_LISTED]
              for key, told in groups.items()}
    names = {pk: (number, title) for pk, number, title in Appeal.objects.filter(
        pk__in=[w.object_id for told in listed.values() for w in told]).values_list("pk", "number", "title")}
    heads = {u.pk: u for u in recipients_with_settings(User.objects.filter(
        pk__in=[head for _zone, head in groups if head], is_active=True), "appeal.overdue.digest")}
    window = {zone: zone_role_people(zone, Role.WINDOW_CLERK) for zone, head in groups if head is None}
    url = f"{reverse('appeals:list')}?state=red"
    emissions = []
    for (zone_id, head), told in groups.items():
        named = [names[w.object_id] for w in listed[(zone_id, head)] if w.object_id in names]
        lines = [_("%(number)s「%(title)s」") % {"number": number, "title": title} for number, title in named]
        if len(told) > len(lines):
            lines.append(_("另有 %(n)s 件，见诉求列表的超期筛选") % {"n": f"{len(told) - len(lines):,}"})
        recipients = ([heads[head]] if head in heads else []) if head else window.get(zone_id, [])
        emissions.append(Emission(
            "appeal.overdue.digest", recipients, zone_id,
            f"organisation.user:{head}" if head else f"organisation.zone:{zone_id}:window",
            f"red:{_fingerprint(told)}", {"count": f"{len(told):,}", "detail": "；".join(lines)}, url))
    with transaction.atomic():
        messages_emit_many(emissions)


clock_warnings.register(_appeal_escalation_warnings)


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
    from zonedesk.scheduler.jobs import Job, job_registry

    job_registry.register(Job("warnings_sweep", gettext_lazy("诉求黄色预警与差评整改黄红灯预警"),
                              dt.timedelta(hours=1), _warnings))


_register_job()
