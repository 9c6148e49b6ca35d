"""What cultivation registers with the shared hooks (imported from AppConfig.ready)."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.core.nav import NavItem, nav_registry
from zonedesk.cultivation.ladder import TIER_LABELS
from zonedesk.cultivation.models import TierAssessment, TierCertificate
from zonedesk.cultivation.rules import TIERS
from zonedesk.organisation.roles import BUSINESS_STAFF_ROLES

nav_registry.register(
    NavItem(gettext_lazy("梯度培育"), "cultivation:ladder", BUSINESS_STAFF_ROLES, "cultivation", weight=450),
)


@figure_registry.register("cultivation")
def cultivation_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    """Enterprises per tier (latest assessed year) and 高企 newly certified in the period: two
    aggregate queries (three with the year)."""
    year = TierAssessment.objects.filter(zone_id__in=zone_ids).aggregate(y=Max("year"))["y"]
    counts = {}
    if year is not None:
        counts = dict(
            TierAssessment.objects.filter(zone_id__in=zone_ids, year=year)
            .values_list("tier")
            .annotate(n=Count("pk"))
            .values_list("tier", "n")
        )
    new_ht = TierCertificate.objects.filter(
        Q(zone_id__in=zone_ids, tier="high_tech", issued_on__gte=period.start, issued_on__lte=period.end)
    ).count()
    url = reverse("cultivation:ladder")
    out = [
        Figure(
            f"cultivation.tier.{t}",
            str(TIER_LABELS[t]),
            counts.get(t, 0),
            _("家"),
            f"{url}?tier={t}",
            _("按 %(y)s 年度数据计算（证书优先）") % {"y": year or "—"},
        )
        for t in TIERS
    ]
    out.append(Figure("cultivation.new_high_tech", _("本期新认定高新技术企业"), new_ht, _("家"), url))
    return out
