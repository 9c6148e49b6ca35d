"""The enterprise registry's panel on the workbench of zone-wide staff."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from zonedesk.enterprises.models import Enterprise, GrowthTier
from zonedesk.enterprises.selectors import EnterpriseFilter, enterprise_list_for
from zonedesk.organisation.workbench import Panel, panel_registry


@panel_registry.register
def enterprise_overview(user) -> Panel | None:
    if not user.sees_whole_zone:
        return None
    scoped = Enterprise.objects.visible_to(user)
    by_section = list(scoped.values("industry__section").annotate(n=Count("id"))
                      .order_by("-n", "industry__section"))
    by_grade = dict(scoped.values_list("credit_grade").annotate(n=Count("id")))
    by_tier = dict(scoped.exclude(growth_tier="").values_list("growth_tier").annotate(n=Count("id")))
    # The same rule as the list behind the link (?flagged=1), so the two numbers agree; an
    # enterprise on two lists counts once.
    flagged = enterprise_list_for(user=user, filters=EnterpriseFilter(flagged=True)).count()
    from zonedesk.enterprises.industries import SECTIONS

    return Panel(
        title=_("园区企业概况"),
        template="enterprises/panel_overview.html",
        context={
            "total": sum(r["n"] for r in by_section),
            "flagged": flagged,
            "tiers": [(str(label), by_tier.get(value, 0)) for value, label in GrowthTier.choices
                      if value],
            "chart": {
                "sections": [{"name": " ".join([r["industry__section"],
                                                _(SECTIONS.get(r["industry__section"], ""))]),
                              "value": r["n"]} for r in by_section],
                "grades": {"labels": ["AAA", "AA", "A", "B", "C", "D", _("未评级")],
                           "values": [by_grade.get(g, 0) for g in ["AAA", "AA", "A", "B", "C", "D", ""]]},
            },
        },
    )
