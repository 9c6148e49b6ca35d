"""党建 and social-responsibility figures for the dashboard, from the rows: organisations and
members as of the period's end; pairs, donations, jobs and activities in the period."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.partybuilding.models import (
    Activity,
    AssistancePair,
    Donation,
    JobRecord,
    PartyOrg,
    VanguardPost,
)


def _url(key: str) -> str:
    return reverse("partybuilding:register", kwargs={"key": key})


@figure_registry.register("partybuilding")
def partybuilding_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    z = {"zone_id__in": zone_ids}
    orgs = PartyOrg.objects.filter(founded_on__lte=period.end, **z).aggregate(n=Count("id"), m=Sum("members"))
    posts = VanguardPost.objects.filter(awarded_on__lte=period.end, **z).count()
    pairs = AssistancePair.objects.filter(started_on__lte=period.end, **z).count()
    span = {"gte": period.start, "lte": period.end}
    donated = Donation.objects.filter(
        donated_on__gte=span["gte"], donated_on__lte=span["lte"], **z
    ).aggregate(s=Sum("amount_wan"))["s"] or Decimal(0)
    jobs = (
        JobRecord.objects.filter(recorded_on__gte=span["gte"], recorded_on__lte=span["lte"], **z).aggregate(
            s=Sum("people")
        )["s"]
        or 0
    )
    activities = Activity.objects.filter(held_on__gte=span["gte"], held_on__lte=span["lte"], **z).count()
    return [
        Figure("partybuilding.orgs", _("非公企业党组织"), orgs["n"], "个", _url("orgs")),
        Figure("partybuilding.members", _("企业党员"), orgs["m"] or 0, "人", _url("orgs")),
        Figure("partybuilding.posts", _("党员先锋岗"), posts, "个", _url("posts")),
        Figure("partybuilding.pairs", _("帮扶对子"), pairs, "对", _url("pairs")),
        Figure("partybuilding.donations", _("本期捐赠"), donated, "万元", _url("donations")),
        Figure("partybuilding.jobs", _("本期吸纳脱贫家庭人员就业"), jobs, "人", _url("jobs")),
        Figure("partybuilding.activities", _("本期党建活动"), activities, "次", _url("activities")),
    ]
