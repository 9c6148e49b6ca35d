"""Who hears of what: one function per kind of object, called by the owning service inside
its transaction (one line at each call site), e.g. ``notify_application(app, "application.accepted")``.

The state that makes a message unique defaults to the object's state and the moment of the
transition (services move an object once, under its lock); sweeps, which see the same object
again and again, pass their own state (e.g. ``f"red:{due_date}"``) so each state is told once."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zonedesk.notifications.services import (
    Emission,
    message_emit,
    recipients_with_settings,
)
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role


def _transition(obj: Any) -> str:
    """The state of a service's transition: the object's state and the moment. A service moves
    an object once under its row lock, so the moment tells one transition from the next (a
    second 补正 after a resubmission is a new message); sweeps pass their own state instead."""
    state = getattr(obj, "status", "") or getattr(obj, "state", "")
    return f"{state}@{timezone.now().isoformat()}"


def enterprise_people(enterprise_id: int, event: str | None = None) -> list[User]:
    """The enterprise's own users and the stewards it has authorised today (one query; with
    the ``event`` to tell them of, their settings and channel choices read with them)."""
    from zonedesk.agency.models import AgentAuthorisation

    stewards = (AgentAuthorisation.objects.in_force(timezone.localdate())
                .filter(enterprise_id=enterprise_id).values("agent_id"))
    return recipients_with_settings(
        User.objects.filter(Q(enterprise_id=enterprise_id) | Q(pk__in=stewards), is_active=True), event)


def enterprises_people(enterprise_ids: list[int]) -> dict[int, list[User]]:
    """``enterprise_people`` for many enterprises in two queries (a zone re-match tells
    hundreds of enterprises at once): enterprise id -> its users and authorised stewards."""
    from zonedesk.agency.models import AgentAuthorisation

    wanted = set(enterprise_ids)
    ids = list(wanted)
    if not ids:
        return {}
    agents: dict[int, set[int]] = {}
    for eid, agent_id in (AgentAuthorisation.objects.in_force(timezone.localdate())
                          .filter(enterprise_id__in=ids).values_list("enterprise_id", "agent_id")):
        agents.setdefault(agent_id, set()).add(eid)
    out: dict[int, list[User]] = {}
    for user in User.objects.filter(Q(enterprise_id__in=ids) | Q(pk__in=list(agents)), is_active=True):
        for eid in agents.get(user.pk, set()) | ({user.enterprise_id} & wanted):
            out.setdefault(eid, []).append(user)
    return out


def department_people(*department_ids: int | None, event: str | None = None) -> list[User]:
    ids = [d for d in department_ids if d]
    if not ids:
        return []
    return recipients_with_settings(
        User.objects.filter(department_id__in=ids, is_active=True,
                            role_grants__role__in=[Role.REVIEWER, Role.DEPARTMENT_HEAD]).distinct(), event)


def departments_people(department_ids: set[int]) -> dict[int, list[User]]:
    """``department_people`` of each department, in one query: department id -> its people."""
    out: dict[int, list[User]] = {}
    if department_ids:
        for user in (User.objects.filter(department_id__in=list(department_ids), is_active=True,
                                         role_grants__role__in=[Role.REVIEWER, Role.DEPARTMENT_HEAD])
                     .distinct().order_by("pk")):
            if user.department_id is not None:  # always, by the filter; says so to the type checker
                out.setdefault(user.department_id, []).append(user)
    return out


def zone_role_people(zone_id: int, role: str) -> list[User]:
    return list(User.objects.filter(zone_id=zone_id, is_active=True, role_grants__role=role).distinct())


def _case(kind: str, object_id: int, known: str | None = None) -> str:
    """The case number; ``known`` when the caller read it with the object (``case_no``)."""
    if known is not None:
        return known
    from zonedesk.casefiles.selectors import case_number_of

    return case_number_of(kind, object_id)


def notify_application(app, event: str, detail: str = "", state: str = "") -> list[int]:
    project = app.project
    return message_emit(
        event=event, recipients=enterprise_people(project.enterprise_id, event), zone_id=app.zone_id,
        object_key=f"approvals.application:{app.pk}", state=state or _transition(app), fresh=not state,
        params={"case": _case("application", app.pk, getattr(app, "case_no", None)),
                "subject": f"{project.name} · {app.get_stage_display()}", "detail": detail},
        url=reverse("approvals:application", args=[app.pk]))


def notify_lead_summary(app, department_id: int) -> list[int]:
    """The stage's lead department: every item is decided and the stage waits for its combined
    result (待牵头部门汇总). The to-do shows it too, but a lead who is not looking at the
    workbench learns it here, as every other department learns of its new work."""
    return message_emit(
        event="stage.lead_summary", recipients=department_people(department_id, event="stage.lead_summary"),
        zone_id=app.zone_id,
        object_key=f"approvals.application:{app.pk}", state=f"lead_summary:{app.stage}",
        params={"case": _case("application", app.pk, getattr(app, "case_no", None)),
                "subject": f"{app.project.name} · {app.get_stage_display()}", "detail": ""},
        url=reverse("approvals:application", args=[app.pk]))


def notify_item(ai, event: str, detail: str = "", state: str = "",
                recipients: list[User] | None = None) -> list[int]:
    app = ai.application
    people = recipients if recipients is not None else enterprise_people(app.project.enterprise_id, event)
    return message_emit(
        event=event, recipients=people, zone_id=ai.zone_id,
        object_key=f"approvals.applicationitem:{ai.pk}", state=state or _transition(ai), fresh=not state,
        params={"case": _case("application", app.pk, getattr(app, "case_no", None)),
                "subject": f"{app.project.name} · {ai.item.name}", "item": ai.item.name,
                "state": ai.get_state_display(), "detail": detail},
        url=reverse("approvals:item", args=[ai.pk]))


def notify_appeal(appeal, event: str, detail: str = "", state: str = "",
                  recipients: list[User] | None = None) -> list[int]:
    """Appeal events go where the work is: 派单/督办 to the lead department, 退单 to the
    window, 答复 to the enterprise, 超期 to whoever it was escalated to."""
    e = _appeal_emission(appeal, event, detail, state, recipients)
    return message_emit(event=e.event, recipients=e.recipients, zone_id=e.zone_id, object_key=e.object_key,
                        state=e.state, params=e.params, url=e.url)


def _appeal_emission(appeal, event: str, detail: str, state: str, recipients: list[User] | None) -> Emission:
    if recipients is None:
        if event in ("appeal.dispatched", "appeal.supervised"):
            recipients = department_people(appeal.lead_department_id)
        elif event == "appeal.returned":
            recipients = zone_role_people(appeal.zone_id, Role.WINDOW_CLERK)
        elif event == "appeal.replied":
            recipients = enterprise_people(appeal.enterprise_id)
        elif event == "appeal.overdue":
            recipients = ([appeal.escalated_to] if appeal.escalated_to_id
                          else zone_role_people(appeal.zone_id, Role.WINDOW_CLERK))
        else:
            recipients = department_people(appeal.lead_department_id)
    return Emission(event, recipients, appeal.zone_id, f"appeals.appeal:{appeal.pk}",
                    state or f"v{appeal.version}",
                    {"case": appeal.number, "subject": appeal.title, "detail": detail},
                    reverse("appeals:detail", args=[appeal.pk]))


def notify_rectification(rating, rectification, event: str = "rectification.due",
                         state: str = "") -> list[int]:
    """A 差评 opens a rectification: the rated department hears of it and its deadline."""
    return message_emit(
        event=event, recipients=department_people(*rating.departments.values_list("pk", flat=True)),
        zone_id=rating.zone_id,
        object_key=f"appeals.rating:{rating.pk}", state=state or f"open:{rectification.pk}",
        params={"subject": rating.case_title,
                "detail": rectification.due_on.isoformat()},
        url=reverse("appeals:rating", args=[rating.pk]))


def notify_people(event: str, *, recipients: list[User], zone_id: int, object_key: str, state: str,
                  subject: str, detail: str = "", case: str = "", url: str = "") -> list[int]:
    """For any other capability (the deadline warnings, policy matching): say who, what and
    the state that makes the message unique, e.g. ``state=f"red:{item.due_date}"``."""
    return message_emit(event=event, recipients=recipients, zone_id=zone_id, object_key=object_key,
                        state=state, params={"subject": subject, "detail": detail, "case": case},
                        url=url)


def notice_text(notice: list[dict]) -> str:
    """The 一次性告知 list of an application as one line for a message."""
    parts = []
    for row in notice:
        if "material" in row:
            parts.append(str(row["material"]))
        elif row.get("note"):
            parts.append(str(row["note"]))
    return "；".join(parts)
