"""产学研 figures for the dashboard, counted from the rows (stock as of the period's end)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from zonedesk.core.figures import Figure, Period, figure_registry
from zonedesk.research.models import (
    Agreement,
    Alliance,
    AllianceStatus,
    Challenge,
    ChallengeStatus,
    Expert,
    Institution,
    Transplant,
)


def cooperating_q(period: Period) -> Q:
    """An institution cooperates in the period: an agreement running in it, or membership of an
    alliance that was active by its end."""
    agreement = Q(agreements__signed_on__lte=period.end) & (
        Q(agreements__end_on__isnull=True) | Q(agreements__end_on__gte=period.start)
    )
    alliance = Q(alliances__status=AllianceStatus.ACTIVE, alliances__started_on__lte=period.end)
    return agreement | alliance


def _url(key: str) -> str:
    return reverse("research:register", kwargs={"key": key})


@figure_registry.register("research")
def research_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    z = {"zone_id__in": zone_ids}
    institutions = Institution.objects.filter(cooperating_q(period), **z).values("pk").distinct().count()
    experts = Expert.objects.filter(since__lte=period.end, **z).count()
    alliances = Alliance.objects.filter(status=AllianceStatus.ACTIVE, started_on__lte=period.end, **z).count()
    challenges = Challenge.objects.filter(published_on__lte=period.end, **z)
    accepted = challenges.filter(status=ChallengeStatus.ACCEPTED, accepted_on__lte=period.end).count()
    amount = Agreement.objects.filter(signed_on__gte=period.start, signed_on__lte=period.end, **z).aggregate(
        s=Sum("amount_wan")
    )["s"] or Decimal(0)
    transplants = Transplant.objects.filter(moved_on__lte=period.end, **z).count()
    return [
        Figure(
            "research.institutions",
            _("合作高校院所"),
            institutions,
            "家",
            _url("institutions"),
            _("期末有在履行的合作协议或所在联盟运行中的高校院所"),
        ),
        Figure("research.experts", _("引进专家人才"), experts, "人", _url("experts")),
        Figure("research.alliances", _("实质性产学研联盟"), alliances, "个", _url("alliances")),
        Figure("research.challenges", _("揭榜挂帅榜单"), challenges.count(), "项", _url("challenges")),
        Figure("research.challenges_accepted", _("揭榜挂帅已验收"), accepted, "项", _url("challenges")),
        Figure("research.agreement_amount", _("本期新签产学研合同额"), amount, "万元", _url("agreements")),
        Figure("research.transplants", _("带土移植团队"), transplants, "个", _url("transplants")),
    ]
