"""What policies registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.cultivation.services import facts_changed_listeners
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role
from zonedesk.organisation.workbench import Todo, todo_registry
from zonedesk.policies.models import Award, AwardStatus, Mode

nav_registry.register(
    NavItem(
        gettext_lazy("惠企政策"),
        "policies:list",
        BUSINESS_STAFF_ROLES | {Role.ENTERPRISE},
        "policies",
        weight=460,
    ),
)


def _rematch(zone_id: int, enterprise_ids: list[int] | None) -> None:
    from zonedesk.policies.tasks import facts_changed

    facts_changed.enqueue(zone_id=zone_id, enterprise_ids=enterprise_ids)


if _rematch not in facts_changed_listeners:
    facts_changed_listeners.append(_rematch)


@figure_registry.register("policies")
def policy_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    """Awards confirmed and paid in the period and the 免申即享 share: one aggregate query."""
    live = ~Q(status=AwardStatus.CANCELLED)
    confirmed = Q(confirmed_at__date__gte=period.start, confirmed_at__date__lte=period.end) & live
    paid = Q(status=AwardStatus.PAID, paid_on__gte=period.start, paid_on__lte=period.end)
    agg = Award.objects.filter(zone_id__in=zone_ids).aggregate(
        n=Count("pk", filter=confirmed),
        auto=Count("pk", filter=confirmed & Q(mode=Mode.AUTO)),
        paid_n=Count("pk", filter=paid),
        paid_amount=Sum("amount", filter=paid),
        amount=Sum("amount", filter=confirmed),
    )
    share = (Decimal(agg["auto"]) * 100 / agg["n"]).quantize(Decimal("0.1")) if agg["n"] else None
    url = reverse("policies:awards")
    return [
        Figure("policies.awards", _("本期确认兑现"), agg["n"], _("笔"), url),
        Figure("policies.awarded_amount", _("本期确认兑现金额"), agg["amount"] or Decimal(0), _("万元"), url),
        Figure("policies.paid", _("本期已拨付"), agg["paid_n"], _("笔"), url + "?status=paid"),
        Figure(
            "policies.paid_amount",
            _("本期已拨付金额"),
            agg["paid_amount"] or Decimal(0),
            _("万元"),
            url + "?status=paid",
        ),
        Figure(
            "policies.auto_share",
            _("免申即享占比"),
            share,
            "%",
            url + "?mode=auto",
            _("免申即享兑现笔数 ÷ 兑现总笔数"),
        ),
    ]


@todo_registry.register
def policy_todos(user) -> list[Todo]:
    """申报 to review (with their stored deadline), awards to approve or pay, 补正 to supply."""
    from zonedesk.policies.models import ApplicationStatus, PolicyApplication
    from zonedesk.workdays.calendar import Due

    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    out: list[Todo] = []
    apps = PolicyApplication.objects.visible_to(user).select_related("clause", "enterprise")
    if user.has_role(Role.INVESTMENT_OFFICER):
        for a in apps.filter(status=ApplicationStatus.SUBMITTED).order_by("due_on")[:50]:
            out.append(
                Todo(
                    _("待审核政策申报：%(e)s %(c)s") % {"e": a.enterprise.name, "c": a.clause.title},
                    reverse("policies:application", args=[a.pk]),
                    Due(a.due_on, a.due_provisional),
                    "red" if a.due_on < today else "running",
                    "policy",
                )
            )
        for w in (
            Award.objects.visible_to(user)
            .filter(status=AwardStatus.APPROVED)
            .select_related("enterprise", "clause")[:50]
        ):
            out.append(
                Todo(
                    _("待拨付：%(e)s %(c)s") % {"e": w.enterprise.name, "c": w.clause.title},
                    reverse("policies:award", args=[w.pk]),
                    kind="policy",
                )
            )
    if user.has_role(Role.LEADER):
        for w in (
            Award.objects.visible_to(user)
            .filter(status=AwardStatus.CONFIRMED)
            .select_related("enterprise", "clause")[:50]
        ):
            out.append(
                Todo(
                    _("待审批兑现：%(e)s %(c)s") % {"e": w.enterprise.name, "c": w.clause.title},
                    reverse("policies:award", args=[w.pk]),
                    kind="policy",
                )
            )
    if user.enterprise_id:
        for a in apps.filter(status=ApplicationStatus.SUPPLEMENT, enterprise_id=user.enterprise_id)[:50]:
            out.append(
                Todo(
                    _("政策申报待补正：%(c)s") % {"c": a.clause.title},
                    reverse("policies:application", args=[a.pk]),
                    state="paused",
                    kind="policy",
                )
            )
    return out


def _rematch_zones() -> str:
    """The daily re-match of every zone with clauses: facts age (a year closes, a dated
    parameter takes effect, a policy comes into force) without any write telling us, so once a
    day each zone is matched again. Enterprises whose digest is unchanged are skipped, so a
    quiet day costs reading the facts; newly qualifying results send ``policy.matched``."""
    from zonedesk.core.actor import Actor
    from zonedesk.policies.models import Clause
    from zonedesk.policies.services import match_recompute

    actor = Actor.system("scheduler.policies_rematch")
    zones = redone = notified = 0
    for zone_id in Clause.objects.values_list("zone_id", flat=True).distinct().order_by("zone_id"):
        counts = match_recompute(actor=actor, zone_id=zone_id)  # batched by the service itself
        zones += 1
        redone += counts["evaluations"]
        notified += counts["notified"]
    return _("重算 %(zones)s 个园区，评估 %(evaluations)s 次，新匹配通知 %(notified)s 项") % {
        "zones": zones,
        "evaluations": redone,
        "notified": notified,
    }


def _register_job() -> None:
    import datetime as dt

    from zonedesk.scheduler.jobs import Job, job_registry

    job_registry.register(
        Job("policies_rematch", gettext_lazy("惠企政策每日重新匹配（新匹配通知企业）"), dt.timedelta(days=1),
            _rematch_zones)
    )


_register_job()
