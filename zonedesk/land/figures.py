"""Land figures for the leadership dashboard: SQL aggregates over the zones' rows."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.land.models import ParcelSale, ProductionReview


def land_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    in_period = Q(sold_on__gte=period.start, sold_on__lte=period.end)
    sales = ParcelSale.objects.filter(zone_id__in=zone_ids).aggregate(
        n=Count("id", filter=in_period),
        mu=Sum("parcel__area_mu", filter=in_period),
        price=Sum("price_wan", filter=in_period),
    )
    day = min(period.end, timezone.localdate())
    decided = Q(decided_on__gte=period.start, decided_on__lte=period.end)
    reviews = ProductionReview.objects.filter(zone_id__in=zone_ids).aggregate(
        due=Count("id", filter=Q(status=ProductionReview.Status.DUE, due_on__lte=day)),
        passed=Count("id", filter=decided & Q(status=ProductionReview.Status.PASSED)),
        failed=Count("id", filter=decided & Q(status=ProductionReview.Status.FAILED)),
    )
    sold_url = (
        reverse("land:list")
        + "?"
        + urlencode({"sold_from": period.start.isoformat(), "sold_to": period.end.isoformat()})
    )
    reviews_url = reverse("land:reviews")
    return [
        Figure("land.sold.count", _("出让标准地"), sales["n"], "宗", sold_url),
        Figure(
            "land.sold.area_mu",
            _("出让面积"),
            (sales["mu"] or Decimal(0)).quantize(Decimal("0.01")),
            "亩",
            sold_url,
        ),
        Figure("land.sold.price", _("出让价款"), sales["price"] or Decimal("0.00"), "万元", sold_url),
        Figure(
            "land.reviews.due", _("达产复核到期未复核"), reviews["due"], "宗", reviews_url + "?status=due"
        ),
        Figure(
            "land.reviews.passed", _("达产复核通过"), reviews["passed"], "宗", reviews_url + "?status=passed"
        ),
        Figure(
            "land.reviews.failed",
            _("达产复核未通过"),
            reviews["failed"],
            "宗",
            reviews_url + "?status=failed",
        ),
    ]


@figure_registry.register("land")
def land_provider(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    return land_figures(zone_ids, period)
