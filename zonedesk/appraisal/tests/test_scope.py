"""Who sees which appraisal sheet: the person, the assessor chain, the head of the person's
department, leaders, and the group's HR department for the group's departments only."""

from __future__ import annotations

import datetime as dt

import pytest

from zonedesk.appraisal import services
from zonedesk.appraisal.demo import TEMPLATE
from zonedesk.appraisal.models import AppraisalSheet, KpiTemplate
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def test_hr_sees_the_group_and_heads_their_department(actor_for) -> None:
    template = KpiTemplate.objects.get(name=TEMPLATE, is_current=True)
    u = {
        n: User.objects.get(username=n)
        for n in ("steward", "investment", "reviewer", "depthead", "leader", "ly-hr")
    }
    period = services.period_create(
        actor=actor_for("ly-hr"),
        zone_id=template.zone_id,
        name="集团2026年度考核",
        template_id=template.pk,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        members=[
            {"person_id": u["steward"].pk, "assessor_id": u["investment"].pk, "reviewer_id": u["leader"].pk},
            {"person_id": u["reviewer"].pk, "assessor_id": u["depthead"].pk, "reviewer_id": u["leader"].pk},
        ],
    )
    steward_sheet = AppraisalSheet.objects.get(period=period, person=u["steward"])
    wang_sheet = AppraisalSheet.objects.get(period=period, person=u["reviewer"])

    def sees(name):
        return set(
            AppraisalSheet.objects.visible_to(u[name]).filter(period=period).values_list("pk", flat=True)
        )

    assert sees("ly-hr") == {steward_sheet.pk}  # 招商服务公司 is the group's; 规划建设局 is not
    assert sees("leader") == {steward_sheet.pk, wang_sheet.pk}
    assert sees("steward") == {steward_sheet.pk}
    assert sees("investment") == {steward_sheet.pk}  # the assessor
    assert sees("depthead") == {wang_sheet.pk}  # assessor and head of 规划建设局
    assert sees("reviewer") == {wang_sheet.pk}
    assert (
        AppraisalSheet.objects.visible_to(User.objects.get(username="window")).filter(period=period).count()
        == 0
    )
    assert AppraisalSheet.objects.visible_to(User.objects.get(username="province")).count() == 0
