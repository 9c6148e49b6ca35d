"""产学研: the article's figures counted from named rows, register creation rules, personal data
minimised, and the 揭榜挂帅 workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.core.errors import Conflict, Forbidden, ValidationFailed
from zonedesk.core.figures import Period
from zonedesk.core.registers import register_create
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Zone
from zonedesk.research import services
from zonedesk.research.demo import ALLIANCES, CHALLENGES, EXPERTS, INSTITUTIONS
from zonedesk.research.figures import research_figures
from zonedesk.research.models import Agreement, Alliance, Challenge, ChallengeStatus, Expert, Institution
from zonedesk.research.registers import REGISTERS
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def _figures(zone) -> dict:
    start, end = zone.reporting_period()
    return {f.key: f.value for f in research_figures(frozenset({zone.pk}), Period(start, end))}


def test_article_figures_come_from_rows() -> None:
    zone = Zone.objects.get(code="LY")
    got = _figures(zone)
    assert got["research.institutions"] == len(INSTITUTIONS) >= 20
    assert got["research.experts"] == EXPERTS >= 1000
    assert got["research.alliances"] == len(ALLIANCES) == 20
    assert got["research.challenges"] == len(CHALLENGES) == 7
    # named rows, e.g. the article's institutions
    assert {"清华大学", "东北大学", "天津大学", "北京冶金研究院", "南京玻璃纤维研究设计院"} <= set(
        Institution.objects.filter(zone=zone).values_list("name", flat=True)
    )
    # a figure moves with the rows: end an alliance and the count drops by one
    Alliance.objects.filter(zone=zone).order_by("id").first().__class__.objects.filter(
        pk=Alliance.objects.filter(zone=zone).order_by("id").first().pk
    ).update(status="ended")
    assert _figures(zone)["research.alliances"] == 19


def test_figures_are_a_bounded_number_of_queries(django_assert_max_num_queries) -> None:
    zone = Zone.objects.get(code="LY")
    with django_assert_max_num_queries(8):
        _figures(zone)


def test_register_bad_input_names_field_and_writes_nothing(actor_for) -> None:
    inst = Institution.objects.filter(zone__code="LY").first()
    ent = Enterprise.objects.filter(zone__code="LY").first()
    before = Agreement.objects.count(), audit_rows()
    with pytest.raises(ValidationFailed) as exc:
        register_create(
            actor=actor_for("investment"),
            register=REGISTERS["agreements"],
            data={
                "institution": inst,
                "enterprise": ent,
                "subject": "x",
                "signed_on": dt.date(2026, 5, 1),
                "end_on": dt.date(2026, 4, 1),
                "amount_wan": Decimal(-1),
            },
        )
    assert exc.value.errors
    jp = Enterprise.objects.filter(zone__code="JP").first()
    with pytest.raises(ValidationFailed) as exc:
        register_create(
            actor=actor_for("investment"),
            register=REGISTERS["agreements"],
            data={
                "institution": inst,
                "enterprise": jp,
                "subject": "x",
                "signed_on": dt.date(2026, 5, 1),
                "amount_wan": Decimal(1),
            },
        )
    assert "enterprise" in exc.value.errors
    with pytest.raises(Forbidden):
        register_create(
            actor=actor_for("steward"),
            register=REGISTERS["institutions"],
            data={"name": "新大学", "kind": "university"},
        )
    assert (Agreement.objects.count(), audit_rows()) == before


def test_expert_personal_data_only_for_editors(login_client) -> None:
    e = Expert.objects.filter(zone__code="LY").order_by("-since", "-id").first()
    e.phone = "13900001111"
    e.save()
    page = login_client("steward").get("/research/experts/").content.decode()
    assert e.masked_name in page and "13900001111" not in page
    page = login_client("investment").get("/research/experts/").content.decode()
    assert "13900001111" in page


def test_challenge_workflow(actor_for) -> None:
    c = Challenge.objects.get(title=CHALLENGES[5][0])
    assert c.status == ChallengeStatus.PUBLISHED
    with pytest.raises(ValidationFailed):
        services.challenge_take(
            actor=actor_for("investment"), challenge_id=c.pk, team="", team_institution_id=None, taken_on=None
        )
    services.challenge_take(
        actor=actor_for("investment"),
        challenge_id=c.pk,
        team="东北大学轧制团队",
        team_institution_id=None,
        taken_on=dt.date(2026, 9, 1),
        version=c.version,
    )
    with pytest.raises(Conflict):  # a second, stale take
        services.challenge_take(
            actor=actor_for("leader"),
            challenge_id=c.pk,
            team="另一团队",
            team_institution_id=None,
            taken_on=dt.date(2026, 9, 2),
            version=c.version,
        )
    m = services.milestone_add(
        actor=actor_for("investment"), challenge_id=c.pk, title="中试", due_on=dt.date(2026, 12, 1)
    )
    with pytest.raises(Conflict):  # open milestone blocks acceptance
        services.challenge_accept(
            actor=actor_for("investment"),
            challenge_id=c.pk,
            passed=True,
            result="达标",
            accepted_on=dt.date(2026, 12, 5),
        )
    services.milestone_done(actor=actor_for("investment"), milestone_id=m.pk, done_on=dt.date(2026, 11, 20))
    services.challenge_accept(
        actor=actor_for("investment"),
        challenge_id=c.pk,
        passed=True,
        result="达标",
        accepted_on=dt.date(2026, 12, 5),
    )
    c.refresh_from_db()
    assert c.status == ChallengeStatus.ACCEPTED
    assert AuditRecord.objects.filter(action="research.challenge.accept", object_id=str(c.pk)).exists()
