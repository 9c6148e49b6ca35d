"""Reads of a stage beyond its items: the lead department's inbox, the 补正 requests and
notices, joint reviews, the stage form with its history, material versions, moved deadlines
and credit events. Scoped through ``visible_to``; each costs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from zonedesk.approvals.models import (
    Application,
    ApplicationStatus,
    CreditEvent,
    MaterialRecord,
    StageLead,
)
from zonedesk.approvals.rules import FieldSpec
from zonedesk.approvals.services.stage_forms import field_specs
from zonedesk.approvals.stage_models import (
    DeadlineChange,
    FormChange,
    JointReview,
    StageNotice,
    SupplementRequest,
    SupplementStatus,
)
from zonedesk.core.i18n import english_active
from zonedesk.organisation.roles import Role


def lead_inbox_for(*, user) -> QuerySet[Application]:
    """Applications of the stages the user's department leads (牵头部门): under review, or
    every item decided and waiting for the lead's combined result, each with ``collected``
    (the departments' 补正 requests waiting for the stage's one notice). The page, the API
    and the to-dos all read this one query."""
    if not user.is_authenticated or not user.department_id or not user.has_role(
        Role.REVIEWER, Role.DEPARTMENT_HEAD
    ):
        return Application.objects.none()
    return (
        Application.objects.visible_to(user)
        .filter(
            status__in=(ApplicationStatus.IN_REVIEW, ApplicationStatus.LEAD_SUMMARY),
            version__leads__department_id=user.department_id,
            version__leads__stage=F("stage"),
        )
        .annotate(
            collected=Count(
                "supplement_requests",
                filter=Q(supplement_requests__status=SupplementStatus.COLLECTED),
                distinct=True,
            )
        )
        .select_related("project", "project__enterprise")
        # Stages waiting for the lead's summary first: nothing else can move them.
        .order_by("-status", "-green_channel", "accepted_at", "id")
    )


def is_lead_of(user, app: Application) -> bool:
    return bool(
        user.is_authenticated
        and user.department_id
        and user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD)
        and StageLead.objects.filter(
            version_id=app.version_id, stage=app.stage, department_id=user.department_id
        ).exists()
    )


@dataclass
class FormRow:
    spec: FieldSpec
    value: object


@dataclass
class StageDetail:
    app: Application
    lead: str | None
    requests: list[SupplementRequest]
    notices: list[StageNotice]
    reviews: list[JointReview]
    form: list[FormRow]
    changes: list[FormChange]
    moved: list[DeadlineChange]
    versions: dict[int, list[MaterialRecord]] = field(default_factory=dict)

    @property
    def collected(self) -> list[SupplementRequest]:
        return [r for r in self.requests if r.status == SupplementStatus.COLLECTED]

    @property
    def open_notice(self) -> StageNotice | None:
        return next((n for n in self.notices if n.answered_at is None), None)


def stage_detail_for(app: Application) -> StageDetail:
    """Everything of the stage an application page shows; the caller got ``app`` through
    ``get_application_for`` (scoped)."""
    lead_names = (
        StageLead.objects.filter(version_id=app.version_id, stage=app.stage)
        .values_list("department__name", "department__name_en")
        .first()
    )
    # The lead department's name in the reader's language (Department is EnglishNamed).
    lead = None
    if lead_names is not None:
        lead = lead_names[1] if english_active() and lead_names[1] else lead_names[0]
    requests = list(
        SupplementRequest.objects.filter(application=app)
        .select_related("application_item__item", "department")
        .prefetch_related("material_types")
        .order_by("requested_at", "id")
    )
    notices = list(
        StageNotice.objects.filter(application=app)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "requests",
                queryset=SupplementRequest.objects.select_related("application_item__item", "department")
                .prefetch_related("material_types"),
            )
        )
    )
    reviews = list(JointReview.objects.filter(application=app).prefetch_related("departments"))
    specs = field_specs(app.version_id, app.stage)
    values = app.form or {}
    return StageDetail(
        app=app,
        lead=lead,
        requests=requests,
        notices=notices,
        reviews=reviews,
        form=[FormRow(s, values.get(s.key)) for s in specs],
        changes=list(FormChange.objects.filter(application=app)),
        moved=list(DeadlineChange.objects.filter(application=app).select_related("application_item__item")),
        versions=material_versions(app),
    )


def material_versions(app: Application) -> dict[int, list[MaterialRecord]]:
    """Every version of each material on the application's checklist, newest first (who
    uploaded it, when, and for which 补正)."""
    type_ids = list(app.materials.values_list("material_type_id", flat=True))
    rows = (
        MaterialRecord.objects.filter(
            Q(project=app.project) | Q(project__isnull=True),
            enterprise_id=app.project.enterprise_id,
            material_type_id__in=type_ids,
        )
        .select_related("supplement")
        .order_by("material_type_id", "-created_at", "-id")
    )
    out: dict[int, list[MaterialRecord]] = {}
    for r in rows:
        out.setdefault(r.material_type_id, []).append(r)
    return out


def item_fields_for(ai) -> list[FormRow]:
    """The fields of the stage form that this reviewer's item uses, with their values."""
    specs = field_specs(ai.application.version_id, ai.application.stage, item_ids=[ai.item_id])
    values = ai.application.form or {}
    return [FormRow(s, values.get(s.key)) for s in specs]


def credit_events_for(*, user, enterprise_id: int | None = None) -> QuerySet[CreditEvent]:
    from zonedesk.enterprises.models import Enterprise

    if not user.is_authenticated or user.is_admin_role:
        return CreditEvent.objects.none()
    qs = CreditEvent.objects.filter(enterprise__in=Enterprise.objects.visible_to(user))
    if enterprise_id is not None:
        qs = qs.filter(enterprise_id=enterprise_id)
    return qs.select_related("enterprise", "application__project").order_by("-occurred_on", "-id")


def suspension_active(event: CreditEvent, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return event.repaired_on is None and event.suspended_until is not None and event.suspended_until >= today
