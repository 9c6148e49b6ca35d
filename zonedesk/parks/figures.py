"""Parks figures for the leadership dashboard: occupancy per park (leased ÷ leasable area at
the period's end, or today while it runs) and entries/exits in the period, from the leases
and exit rows: three queries whatever the number of parks."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.parks.models import Lease, ParkExit
from zonedesk.parks.selectors import OCCUPANCY_FORMULA, park_occupancy


def parks_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    day = min(period.end, timezone.localdate())
    span = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    out: list[Figure] = []
    exits = {
        r["park_id"]: r["n"]
        for r in ParkExit.objects.filter(
            zone_id__in=zone_ids, exited_on__gte=period.start, exited_on__lte=period.end
        )
        .values("park_id")
        .annotate(n=Count("id"))
    }
    entries = Lease.objects.filter(zone_id__in=zone_ids).aggregate(
        n=Count("enterprise", distinct=True, filter=Q(start_on__gte=period.start, start_on__lte=period.end))
    )
    for key, occ in sorted(park_occupancy(zone_ids, day).items(), key=lambda kv: kv[1].name):
        url = reverse("parks:detail", args=[key]) + "?" + urlencode({"on": day.isoformat()})
        out.append(
            Figure(
                f"parks.occupancy.{key}",
                _("%(park)s入驻率") % {"park": occ.name},
                occ.rate,
                "%",
                url,
                formula=_("%(formula)s（%(leased)s ㎡ ÷ %(total)s ㎡，%(day)s）")
                % {
                    "formula": _(OCCUPANCY_FORMULA),
                    "leased": occ.leased_m2,
                    "total": occ.leasable_m2,
                    "day": day.isoformat(),
                },
            )
        )
        if exits.get(key):
            out.append(
                Figure(
                    f"parks.exits.{key}",
                    _("%(park)s退出企业") % {"park": occ.name},
                    exits[key],
                    "家",
                    reverse("parks:exits", args=[key]) + "?" + urlencode(span),
                )
            )
    out.append(
        Figure(
            "parks.exits.count", _("退出企业（腾笼换鸟）"), sum(exits.values()), "家", reverse("parks:list")
        )
    )
    out.append(
        Figure(
            "parks.entries.count",
            _("新入驻企业"),
            entries["n"],
            "家",
            reverse("parks:leases") + "?" + urlencode(span),
        )
    )
    return out


@figure_registry.register("parks")
def parks_provider(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    return parks_figures(zone_ids, period)
