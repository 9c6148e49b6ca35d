"""What policies registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.cultivation.services import facts_changed_listeners
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES, Role
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
