"""Reads of case numbers."""

from __future__ import annotations

from zonedesk.casefiles.models import CaseNumber


def case_number_of(kind: str, object_id: int) -> str:
    return (CaseNumber.objects.filter(kind=kind, object_id=object_id)
            .values_list("number", flat=True).first() or "")


def case_numbers_for(kind: str, object_ids) -> dict[int, str]:
    """Numbers of many cases in one query (for lists and exports)."""
    return dict(CaseNumber.objects.filter(kind=kind, object_id__in=object_ids)
                .values_list("object_id", "number"))


# -- the public progress page ------------------------------------------------------------------

def case_lookup(number: str) -> CaseNumber | None:
    return CaseNumber.objects.filter(number=number).first()


def application_progress(case: CaseNumber) -> dict:
    """What the public page shows of an application: stages, items, states and deadlines,
    provisional flags. No person, no contact, no material, no file."""
    from zonedesk.approvals.models import Application, Stage

    app = (Application.objects.select_related("project").filter(pk=case.object_id)
           .only("id", "stage", "status", "submitted_at", "accepted_at", "completed_at", "tolerance",
                 "tolerance_deadline", "tolerance_provisional", "project__id", "project__name").first())
    if app is None:
        return {}
    by_stage = dict(Application.objects.filter(project_id=app.project_id)
                    .exclude(status__in=["refused", "terminated"]).values_list("stage", "status"))
    from zonedesk.approvals.models import ApplicationStatus

    stages = [{"label": s.label, "current": s.value == app.stage,
               "status": ApplicationStatus(by_stage[s.value]).label if s.value in by_stage else ""}
              for s in Stage]
    # Reference names in the reader's language (EnglishNamed); the project's name is the zone's.
    items = [{"name": ai.item.local_name, "department": ai.department.local_name,
              "state": ai.get_state_display(), "due_date": ai.due_date, "decided_at": ai.decided_at}
             for ai in app.items.select_related("item", "department").order_by("item__sort", "pk")]
    return {"kind": "application", "number": case.number, "title": app.project.name,
            "stage": app.get_stage_display(), "status": app.get_status_display(),
            "submitted_at": app.submitted_at, "accepted_at": app.accepted_at,
            "completed_at": app.completed_at, "tolerance_deadline": app.tolerance_deadline,
            "tolerance_provisional": app.tolerance_provisional, "stages": stages, "items": items}


def appeal_progress(case: CaseNumber) -> dict:
    from zonedesk.appeals.models import Appeal

    a = Appeal.objects.select_related("category", "lead_department").filter(pk=case.object_id).first()
    if a is None:
        return {}
    return {"kind": "appeal", "number": case.number, "title": a.category.local_name,
            "status": a.get_status_display(), "submitted_at": a.submitted_at, "accepted_at": a.accepted_at,
            "department": a.lead_department.local_name if a.lead_department_id else "",
            "replied_at": a.replied_at, "completed_at": a.closed_at}


def credit_code_of(case: CaseNumber) -> str:
    """The applicant's 统一社会信用代码, the lookup's other accepted second factor."""
    if case.kind == "application":
        from zonedesk.approvals.models import Application

        return (Application.objects.filter(pk=case.object_id)
                .values_list("project__enterprise__credit_code", flat=True).first() or "")
    from zonedesk.appeals.models import Appeal

    return (Appeal.objects.filter(pk=case.object_id)
            .values_list("enterprise__credit_code", flat=True).first() or "")


# -- the zone's texts ------------------------------------------------------------------------------

def text_in_force(zone_id: int, key: str, language: str) -> dict:
    """The wording used now: the zone's latest version, else the built-in one (version 0)."""
    from zonedesk.casefiles.models import NoticeText
    from zonedesk.casefiles.texts import TEXTS

    row = (NoticeText.objects.filter(zone_id=zone_id, key=key, language=language)
           .order_by("-version").values("title", "body", "closing", "version").first())
    if row is not None:
        return row
    return {**TEXTS[key].default(language), "version": 0}


def texts_overview(zone_id: int) -> dict[tuple[str, str], dict]:
    """The version in force of every edited (key, language) of the zone, in one query."""
    from django.db.models import Max

    from zonedesk.casefiles.models import NoticeText

    return {(r["key"], r["language"]): r for r in
            NoticeText.objects.filter(zone_id=zone_id).values("key", "language")
            .annotate(version=Max("version"))}


def text_versions_for(*, user, zone_id: int, key: str, language: str, size: int = 50) -> list:
    from zonedesk.casefiles.models import NoticeText

    return list(NoticeText.objects.visible_to(user).filter(zone_id=zone_id, key=key, language=language)
                .order_by("-version")[:size])
