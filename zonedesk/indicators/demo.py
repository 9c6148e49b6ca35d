"""Demo history for the 营商环境 indicators: projects of 中玻 that went from the first stage to
竣工验收 earlier this year, at different speeds, on parcels the regional assessments cover and
on parcels they do not (so the cost indicator subtracts waived fees for some and not others).

Written through the approval services as the demo logins, then moved back in time with the
approvals demo's ``_backdate`` (acceptance and decisions on working days). Idempotent: a
project that exists is left alone.
"""

from __future__ import annotations

from django.utils import timezone

from zonedesk.approvals import services
from zonedesk.approvals.demo import _actor, _backdate, _run_stage
from zonedesk.approvals.models import ConstructionProject, ProjectCategory, Stage
from zonedesk.organisation.models import Zone

# (number, name, parcels, category, ((stage, days back, working days to decide), ...), late items)
HISTORY = (
    (
        111,
        "中玻汽车玻璃配套仓库",
        ["LY-TC-01"],
        "industrial_small",
        ((Stage.LAND, 260, 2), (Stage.BUILD, 250, 3), (Stage.CONSTRUCT, 238, 2), (Stage.COMPLETE, 210, 2)),
        (),
    ),
    (
        112,
        "中玻光伏背板车间",
        ["LY-TC-02"],
        "industrial_social",
        ((Stage.LAND, 230, 4), (Stage.BUILD, 218, 5), (Stage.CONSTRUCT, 200, 3), (Stage.COMPLETE, 170, 4)),
        (),
    ),
    (
        113,
        "中玻节能玻璃研发楼",
        ["LY-QH-12"],
        "industrial_social",
        ((Stage.LAND, 200, 5), (Stage.BUILD, 186, 8), (Stage.CONSTRUCT, 160, 3), (Stage.COMPLETE, 120, 5)),
        ("B09",),
    ),
    (
        114,
        "中玻电子玻璃基板二期",
        ["LY-TC-06"],
        "industrial_social",
        ((Stage.LAND, 150, 3), (Stage.BUILD, 140, 4), (Stage.CONSTRUCT, 128, 2), (Stage.COMPLETE, 100, 3)),
        (),
    ),
    (
        115,
        "中玻危化品库房改造",
        ["LY-QH-15"],
        "industrial_small",
        ((Stage.LAND, 110, 5), (Stage.BUILD, 96, 10), (Stage.CONSTRUCT, 75, 3), (Stage.COMPLETE, 40, 5)),
        (),
    ),
)


def load(*, zones: dict[str, Zone]) -> None:
    zone = zones["LY"]
    ent = _actor("enterprise")
    year = timezone.localdate().year
    for number, name, parcels, category_code, stages, late in HISTORY:
        if ConstructionProject.objects.filter(zone=zone, name=name).exists():
            continue
        category = ProjectCategory.objects.get(
            version__zone=zone, version__is_current=True, code=category_code
        )
        project = services.project_create(
            actor=ent,
            enterprise_id=ent.user.enterprise_id,
            name=name,
            code=f"{year}-211382-30-03-{number:06d}",
            category_id=category.pk,
            parcels=parcels,
        )
        for stage, back, spread in stages:
            _backdate(_run_stage(ent, project, stage), back, spread=spread, late=frozenset(late))
