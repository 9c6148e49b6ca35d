"""The appraisal's entries in the shared registries: sidebar and workbench to-dos."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role
from zonedesk.organisation.workbench import Todo, todo_registry

nav_registry.register(
    NavItem(
        gettext_lazy("绩效考核"),
        "appraisal:index",
        BUSINESS_STAFF_ROLES - {Role.PROVINCIAL},
        "appraisal",
        weight=700,
    ),
)


@todo_registry.register
def appraisal_todos(user) -> list[Todo]:
    """Sheets waiting for this person's self-assessment, score or review; objections to review."""
    if not user.is_business_staff:
        return []
    from zonedesk.appraisal.models import AppraisalSheet, PeriodStatus, SheetStatus
    from zonedesk.appraisal.selectors import objections_to_review

    out = []
    sheets = (
        AppraisalSheet.objects.filter(
            Q(person=user, status=SheetStatus.SELF)
            | Q(assessor=user, status=SheetStatus.ASSESSING)
            | Q(reviewer=user, status=SheetStatus.REVIEW),
            period__status=PeriodStatus.OPEN,
            zone_id__in=user.visible_zone_ids,
        )
        .select_related("period", "person")
        .order_by("pk")[:50]
    )
    for s in sheets:
        out.append(
            Todo(
                title=_("%(p)s：%(n)s %(s)s")
                % {"p": s.period.name, "n": s.person.display_name, "s": s.get_status_display()},
                url=reverse("appraisal:sheet", args=[s.pk]),
                state="running",
                kind="appraisal",
            )
        )
    from zonedesk.appraisal.models import AppraisalPeriod, is_manager

    if is_manager(user):
        # Publicised periods whose objection window has closed: ready to be finalised.
        from django.utils import timezone

        ready = AppraisalPeriod.objects.filter(
            zone_id=user.zone_id, status=PeriodStatus.PUBLICISED, objection_deadline__lt=timezone.localdate()
        ).order_by("objection_deadline")[:20]
        for p in ready:
            out.append(
                Todo(
                    title=_("%(p)s 公示期已满，可以定档") % {"p": p.name},
                    url=reverse("appraisal:period", args=[p.pk]),
                    state="yellow",
                    kind="appraisal",
                )
            )
    for o in objections_to_review(user)[:50]:
        out.append(
            Todo(
                title=_("%(n)s 对考核结果提出异议") % {"n": o.sheet.person.display_name},
                url=reverse("appraisal:sheet", args=[o.sheet_id]),
                state="yellow",
                kind="appraisal",
            )
        )
    return out
