"""The appraisal process through its services: template versions, bad input writes nothing,
veto, tie, objection by someone other than the assessor, final, corrections and decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zonedesk.appraisal import services
from zonedesk.appraisal.demo import GROUP, TEMPLATE, V2
from zonedesk.appraisal.models import AppraisalSheet, KpiTemplate, PeriodStatus
from zonedesk.appraisal.tests.conftest import appraisal_counts
from zonedesk.audit.models import AuditRecord
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def _members(*usernames, assessor="depthead", reviewer="leader"):
    a, r = User.objects.get(username=assessor), User.objects.get(username=reviewer)
    return [
        {
            "person_id": User.objects.get(username=u).pk,
            "assessor_id": a.pk,
            "reviewer_id": r.pk,
            "rank_group": "测试组",
        }
        for u in usernames
    ]


def _period(actor_for, *usernames, **kw):
    template = KpiTemplate.objects.get(name=TEMPLATE, is_current=True)
    args = dict(
        name="2026年12月考核",
        template_id=template.pk,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        members=_members(*usernames),
        objection_days=0,
        demote_count=0,
        dismiss_count=1,
    )
    args.update(kw)
    return services.period_create(actor=actor_for("leader"), zone_id=template.zone_id, **args)


def test_template_versions(actor_for) -> None:
    old = KpiTemplate.objects.get(name=TEMPLATE, is_current=True)
    new = services.template_create(
        actor=actor_for("leader"),
        zone_id=old.zone_id,
        name=TEMPLATE,
        applies_to="经办岗位",
        period_kind="quarter",
        indicators=V2,
    )
    old.refresh_from_db()
    assert new.number == old.number + 1 and new.is_current and not old.is_current
    assert AuditRecord.objects.filter(action="appraisal.template.create", object_id=str(new.pk)).exists()


def test_template_bad_input_names_field_and_writes_nothing(actor_for) -> None:
    before = appraisal_counts(), KpiTemplate.objects.count()
    bad = [dict(V2[0], weight=50), dict(V2[6], weight=5)]
    with pytest.raises(ValidationFailed) as exc:
        services.template_create(
            actor=actor_for("leader"),
            zone_id=User.objects.get(username="leader").zone_id,
            name="坏模板",
            applies_to="x",
            period_kind="year",
            indicators=bad,
        )
    assert "indicators[1].weight" in exc.value.errors
    assert (appraisal_counts(), KpiTemplate.objects.count()) == before
    with pytest.raises(Forbidden):
        services.template_create(
            actor=actor_for("reviewer"),
            zone_id=User.objects.get(username="leader").zone_id,
            name="坏模板",
            applies_to="x",
            period_kind="year",
            indicators=V2,
        )


def test_period_bad_input(actor_for) -> None:
    before = appraisal_counts()
    with pytest.raises(ValidationFailed) as exc:
        _period(
            actor_for,
            "reviewer",
            start=dt.date(2026, 5, 1),
            end=dt.date(2026, 4, 1),
            dismiss_count=-1,
            members=_members("reviewer", assessor="reviewer"),
        )
    assert {"end", "dismiss_count", "members[0].assessor_id"} <= set(exc.value.errors)
    assert appraisal_counts() == before


def _run_to_review(actor_for, period, veto_for=()):
    ind = {i.code: i for i in period.template.indicators.all()}
    for sheet in period.sheets.select_related("person"):
        services.sheet_self_assess(actor=actor_for(sheet.person.username), sheet_id=sheet.pk, summary="述职")
        services.score_enter(
            actor=actor_for("depthead"),
            sheet_id=sheet.pk,
            indicator_id=ind["M1"].pk,
            # the vetoed get the full 20: a veto must outrank a top score, not just a middling one
            points=Decimal(20 if sheet.person.username in veto_for else 15),
            evidence="记录",
            comment="好",
        )
        services.score_enter(
            actor=actor_for("depthead"),
            sheet_id=sheet.pk,
            indicator_id=ind["V1"].pk,
            veto=sheet.person.username in veto_for,
            evidence="违纪通报",
            comment="认定",
        )
        services.sheet_submit(actor=actor_for("depthead"), sheet_id=sheet.pk)
        services.sheet_review(actor=actor_for("leader"), sheet_id=sheet.pk, approve=True)
    return ind


def test_full_process_with_veto_tie_objection_and_decision(actor_for) -> None:
    period = _period(actor_for, "reviewer-wb-gs", "reviewer-wb-rq", "ly-jfj", objection_days=3)
    ind = _run_to_review(actor_for, period, veto_for={"ly-jfj"})
    services.period_publish(actor=actor_for("leader"), period_id=period.pk)
    sheets = {s.person.username: s for s in period.sheets.select_related("person")}
    jfj, gs, rq = sheets["ly-jfj"], sheets["reviewer-wb-gs"], sheets["reviewer-wb-rq"]
    # veto: 不合格 whatever the score, and last
    assert (
        jfj.vetoed
        and jfj.grade == "fail"
        and jfj.total > gs.total
        and jfj.place == 3
        and jfj.flag == "dismiss"
    )
    assert "违纪通报" in jfj.veto_reason
    # tie: same total and same derived score; shown on both
    assert gs.total == rq.total and gs.tie_note and rq.tie_note and {gs.place, rq.place} == {1, 2}
    # the objection window runs: no finalising yet
    with pytest.raises(Conflict):
        services.period_finalise(actor=actor_for("leader"), period_id=period.pk)
    obj = services.objection_raise(actor=actor_for("reviewer-wb-gs"), sheet_id=gs.pk, reason="评分偏低")
    assert obj.reviewer.username == "leader"  # not the assessor
    with pytest.raises(NotFound):  # the assessor cannot decide it (not theirs to review: 404)
        services.objection_decide(actor=actor_for("depthead"), objection_id=obj.pk, upheld=True, note="x")
    services.objection_decide(
        actor=actor_for("leader"),
        objection_id=obj.pk,
        upheld=True,
        note="属实",
        indicator_id=ind["M1"].pk,
        points=Decimal(18),
    )
    gs.refresh_from_db()
    assert gs.manual_score == Decimal(18) and gs.place == 1 and not gs.tie_note
    assert gs.corrections.count() == 1
    # after the window (days=0 for the rest of the test) the period becomes final
    period.refresh_from_db()
    period.objection_days = 0
    period.save()
    services.period_finalise(actor=actor_for("leader"), period_id=period.pk)
    period.refresh_from_db()
    assert period.status == PeriodStatus.FINAL
    with pytest.raises(ValidationFailed):
        services.decision_record(
            actor=actor_for("leader"), sheet_id=jfj.pk, kind="renew", effective_on=dt.date(2027, 1, 1)
        )
    d = services.decision_record(
        actor=actor_for("leader"), sheet_id=jfj.pk, kind="dismiss", effective_on=dt.date(2027, 1, 1)
    )
    assert d.sheet_id == jfj.pk
    # scores cannot change after final except through a recorded correction
    with pytest.raises(Conflict):
        services.score_enter(
            actor=actor_for("depthead"),
            sheet_id=gs.pk,
            indicator_id=ind["M1"].pk,
            points=1,
            evidence="x",
            comment="x",
        )
    services.score_correct(
        actor=actor_for("leader"),
        sheet_id=rq.pk,
        indicator_id=ind["M1"].pk,
        points=Decimal(10),
        reason="复查发现考勤问题",
    )
    rq.refresh_from_db()
    assert rq.manual_score == Decimal(10)
    assert AuditRecord.objects.filter(action="appraisal.score.correct", object_id=str(rq.pk)).exists()


def test_stale_version_is_a_conflict(actor_for) -> None:
    period = _period(actor_for, "reviewer-wb-gs")
    sheet = period.sheets.get()
    services.sheet_self_assess(
        actor=actor_for("reviewer-wb-gs"), sheet_id=sheet.pk, summary="述职", version=sheet.version
    )
    before = appraisal_counts()
    with pytest.raises(Conflict):
        services.sheet_submit(actor=actor_for("depthead"), sheet_id=sheet.pk, version=sheet.version)
    assert appraisal_counts() == before


def test_only_the_right_people_act(actor_for) -> None:
    period = _period(actor_for, "reviewer-wb-gs")
    sheet = period.sheets.get()
    with pytest.raises(Forbidden):
        services.sheet_self_assess(actor=actor_for("depthead"), sheet_id=sheet.pk, summary="代写")
    with pytest.raises(NotFound):  # an unrelated reviewer does not even see the sheet
        services.sheet_self_assess(actor=actor_for("reviewer-zrj"), sheet_id=sheet.pk, summary="x")
    with pytest.raises(Conflict):  # publishing needs every sheet reviewed
        services.period_publish(actor=actor_for("leader"), period_id=period.pk)


def test_demo_period_is_final_with_veto_tie_and_decisions(demo_period) -> None:
    sheets = list(AppraisalSheet.objects.filter(period=demo_period, rank_group=GROUP))
    assert demo_period.status == PeriodStatus.FINAL
    assert any(s.vetoed and s.grade == "fail" for s in sheets)
    assert any(s.tie_note for s in sheets)
    assert sorted(s.place for s in sheets) == list(range(1, 13))
    assert sum(s.flag == "dismiss" for s in sheets) == 1 and sum(s.flag == "demote" for s in sheets) == 2
    assert demo_period.sheets.filter(decisions__isnull=False).count() >= 3


def test_workbench_todos(actor_for) -> None:
    from zonedesk.organisation.workbench import todo_registry

    period = _period(actor_for, "reviewer-wb-gs")
    todos = [
        t
        for t in todo_registry.for_user(User.objects.get(username="reviewer-wb-gs"))
        if t.kind == "appraisal"
    ]
    assert (
        len(todos) == 1 and str(period.sheets.get().pk) in todos[0].url and todos[0].kind_label == "绩效考核"
    )
    assert not [
        t for t in todo_registry.for_user(User.objects.get(username="depthead")) if t.kind == "appraisal"
    ]
