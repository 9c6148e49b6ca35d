"""一件事一次办 in the shared registries: sidebar, workbench to-dos and dashboard figures."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.approvals.models import ItemState
from zonedesk.approvals.package_models import CaseStatus, PackageCase, PackageCaseItem
from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role
from zonedesk.organisation.workbench import Todo, todo_registry

TODO_LIMIT = 20
PACKAGE_ROLES = BUSINESS_STAFF_ROLES | {Role.ENTERPRISE}

nav_registry.register(
    NavItem(gettext_lazy("一件事一次办"), "packages:cases", PACKAGE_ROLES, "packages", weight=210),
)


def _url(**params) -> str:
    return f"{reverse('packages:cases')}?{urlencode(params)}"


def done_q(period: Period) -> Q:
    return Q(
        status=CaseStatus.COMPLETED, completed_at__date__gte=period.start, completed_at__date__lte=period.end
    )


@figure_registry.register("packages")
def package_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    """Cases finished in the period and how many needed at most one visit: one aggregate over
    the cases and one over the open items."""
    done = done_q(period)
    data = PackageCase.objects.filter(zone_id__in=zone_ids).aggregate(
        done=Count("id", filter=done),
        one=Count("id", filter=done & Q(visit_count__lte=1)),
        zero=Count("id", filter=done & Q(visit_count=0)),
        open=Count("id", filter=Q(status__in=[CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW])),
    )
    overdue = PackageCaseItem.objects.filter(
        zone_id__in=zone_ids, state__in=[ItemState.IN_REVIEW], due_date__lt=timezone.localdate()
    ).count()
    rate = (Decimal(data["one"] * 100) / data["done"]).quantize(Decimal("0.1")) if data["done"] else None
    span = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    return [
        Figure(
            "packages.completed.count", _("一件事办结"), data["done"], "件", _url(status="completed", **span)
        ),
        Figure(
            "packages.at_most_one_visit.rate",
            _("最多跑一次率"),
            rate,
            "%",
            _url(visits="le1", **span),
            formula=_("到现场不超过一次的办结件数 ÷ 办结件数"),
        ),
        Figure("packages.no_visit.count", _("不见面办结"), data["zero"], "件", _url(visits="0", **span)),
        Figure("packages.open.count", _("一件事在办"), data["open"], "件", _url(status="open")),
        Figure("packages.items_overdue.count", _("一件事超期事项"), overdue, "项", _url(status="overdue")),
    ]


@todo_registry.register
def package_todos(user) -> list[Todo]:
    """The window: cases waiting for acceptance; a department: its items in review (red when
    past the stored due date); an enterprise: items waiting for its 补正."""
    from zonedesk.approvals.package_selectors import case_list_for

    out: list[Todo] = []
    today = timezone.localdate()
    roles = user.roles
    if Role.WINDOW_CLERK in roles:
        for case in case_list_for(user=user).filter(status=CaseStatus.SUBMITTED)[:TODO_LIMIT]:
            out.append(
                Todo(
                    title=_("一件事待受理：%(p)s（%(e)s）")
                    % {"p": case.package.name, "e": case.enterprise.name},
                    url=reverse("packages:case", args=[case.pk]),
                    kind="package",
                )
            )
    if roles & {Role.REVIEWER, Role.DEPARTMENT_HEAD} and user.department_id:
        items = (
            PackageCaseItem.objects.filter(department_id=user.department_id, state=ItemState.IN_REVIEW)
            .select_related("case", "package_item")
            .order_by("due_date", "id")[:TODO_LIMIT]
        )
        for ai in items:
            out.append(
                Todo(
                    title=_("一件事 %(n)s：%(i)s（期限 %(d)s）")
                    % {"n": ai.case.number, "i": ai.package_item.name, "d": ai.due_date},
                    url=reverse("packages:case", args=[ai.case_id]),
                    state="red" if ai.due_date and ai.due_date < today else "running",
                    kind="package",
                )
            )
    if Role.ENTERPRISE in roles and user.enterprise_id:
        items = PackageCaseItem.objects.filter(
            case__enterprise_id=user.enterprise_id, state=ItemState.SUPPLEMENT
        ).select_related("case", "package_item")[:TODO_LIMIT]
        for ai in items:
            out.append(
                Todo(
                    title=_("请补正：%(i)s（%(r)s）") % {"i": ai.package_item.name, "r": ai.reason},
                    url=reverse("packages:case", args=[ai.case_id]),
                    state="yellow",
                    kind="package",
                )
            )
    return out
