"""申报: the enterprise applies, staff accept (an award with the trace frozen), ask for 补正 (the
review clock stops and resumes) or refuse with a reason; never two live applications."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from zonedesk.core.errors import Conflict, Forbidden, ValidationFailed
from zonedesk.policies import services
from zonedesk.policies.models import ApplicationStatus, AwardStatus, Clause, Mode, PolicyApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def talent():
    return Clause.objects.get(zone__code="LY", code="引才.1")  # 申报; 中玻 qualifies (4 人 × 5 万元)


def test_demo_application_and_accept_creates_the_award(actor_for, talent) -> None:
    app = PolicyApplication.objects.get(clause=talent)
    assert (app.status, app.period, app.outcome_at_submission) == (
        ApplicationStatus.SUBMITTED,
        2025,
        "passed",
    )
    with pytest.raises(Forbidden):
        services.application_review(
            actor=actor_for("leader"), application_id=app.pk, decision="accept", version=app.version
        )
    app = services.application_review(
        actor=actor_for("investment"), application_id=app.pk, decision="accept", version=app.version
    )
    award = app.award
    assert (app.status, award.mode, award.status, award.amount) == (
        ApplicationStatus.ACCEPTED,
        Mode.APPLY,
        AwardStatus.CONFIRMED,
        20,
    )
    assert award.trace[0]["result"] == "passed"
    with pytest.raises(Conflict):
        services.application_review(
            actor=actor_for("investment"),
            application_id=app.pk,
            decision="refuse",
            version=app.version,
            reason="重复",
        )


def test_supplement_stops_the_clock_and_resubmission_resumes_it(actor_for, talent) -> None:
    app = PolicyApplication.objects.get(clause=talent)
    with pytest.raises(ValidationFailed):  # a refusal or 补正 names its reason
        services.application_review(
            actor=actor_for("investment"), application_id=app.pk, decision="supplement", version=app.version
        )
    with freeze_time("2026-12-01 10:00:00+08:00"):
        app = services.application_review(
            actor=actor_for("investment"),
            application_id=app.pk,
            decision="supplement",
            version=app.version,
            reason="请补充人才引进合同",
        )
    due_before = app.due_on
    assert app.status == ApplicationStatus.SUPPLEMENT and app.pauses[0]["end"] is None
    with pytest.raises(Conflict):  # waiting for the enterprise: nothing to review
        services.application_review(
            actor=actor_for("investment"),
            application_id=app.pk,
            decision="refuse",
            version=app.version,
            reason="x",
        )
    with freeze_time("2026-12-08 10:00:00+08:00"):  # five working days later
        app = services.application_resubmit(
            actor=actor_for("enterprise"), application_id=app.pk, version=app.version, statement="已补充合同"
        )
    assert app.status == ApplicationStatus.SUBMITTED and app.pauses[0]["end"]
    assert app.due_on > due_before  # the paused working days moved the deadline


def test_refused_with_reason_and_may_apply_again(actor_for, talent) -> None:
    app = PolicyApplication.objects.get(clause=talent)
    with pytest.raises(Conflict):  # one live application per clause and period
        services.application_submit(actor=actor_for("enterprise"), clause_id=talent.pk, period=2025)
    services.application_review(
        actor=actor_for("investment"),
        application_id=app.pk,
        decision="refuse",
        version=app.version,
        reason="人才未满一年服务期",
    )
    again = services.application_submit(actor=actor_for("enterprise"), clause_id=talent.pk, period=2025)
    assert again.status == ApplicationStatus.SUBMITTED
    assert again.due_on > dt.date.today() - dt.timedelta(days=1)


def test_an_auto_clause_needs_no_application_and_staff_do_not_apply(actor_for) -> None:
    auto = Clause.objects.get(zone__code="LY", code="一.1")
    with pytest.raises(Conflict):
        services.application_submit(actor=actor_for("enterprise"), clause_id=auto.pk, period=2025)
    with pytest.raises(Forbidden):
        services.application_submit(actor=actor_for("investment"), clause_id=auto.pk, period=2025)


def test_materials_must_be_the_enterprises_own(actor_for, talent) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            actor=actor_for("enterprise"), clause_id=talent.pk, period=2024, material_ids=[999999]
        )
    assert "材料库" in exc.value.errors["material_ids"]


def test_todos(demo_user) -> None:
    from zonedesk.policies.hooks import policy_todos

    officer = [t.title for t in policy_todos(demo_user("investment"))]
    assert any("待审核政策申报" in t and "中玻" in t for t in officer)
    assert any(t.startswith("待拨付") for t in officer)  # the demo's approved, unpaid award
    assert [t for t in policy_todos(demo_user("leader")) if t.title.startswith("待审批兑现")]
    assert policy_todos(demo_user("jp-leader")) == []
