"""The registers' services: refused input writes nothing, handovers keep the commitment, the
overdue sweep reports once, payments clear arrears, the enterprise confirms and disputes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.appeals.models import Appeal
from zonedesk.audit.models import AuditRecord
from zonedesk.commitments import services
from zonedesk.commitments.models import Arrear, Commitment, Handover
from zonedesk.commitments.tests.conftest import PDF, register_counts
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.models import Department, User
from zonedesk.projects.models import Project

pytestmark = pytest.mark.django_db


def act(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username))


def _dept(code: str, zone: str = "LY") -> Department:
    return Department.objects.get(zone__code=zone, code=code)


def _data(**over) -> dict:
    today = timezone.localdate()
    data = {
        "title": "净地交付",
        "kind": "land",
        "source_kind": "agreement",
        "source_title": "投资协议",
        "promised_on": today - dt.timedelta(days=100),
        "due_on": today - dt.timedelta(days=3),
        "department_id": _dept("GHJ").pk,
        "responsible_id": User.objects.get(username="depthead").pk,
        "beneficiary": "测试投资方",
    }
    data.update(over)
    return data


def test_demo_has_a_commitment_from_a_signed_agreement_overdue_for_its_department() -> None:
    overdue = Commitment.objects.filter(
        zone__code="LY",
        project__signed_on__isnull=False,
        source_kind="agreement",
        status="open",
        due_on__lt=timezone.localdate(),
    )
    assert overdue.exists()
    assert overdue.filter(department__code__in=["GHJ", "ZRJ"]).exists()


def test_create_refuses_bad_input_naming_each_field_and_writes_nothing() -> None:
    before = register_counts()
    zone = _dept("GHJ").zone_id
    with pytest.raises(ValidationFailed) as exc:
        services.commitment_create(
            actor=act("investment"),
            zone_id=zone,
            data=_data(
                title="",
                kind="gift",
                due_on=timezone.localdate() - dt.timedelta(days=200),
                department_id=_dept("SPJ", "JP").pk,
                amount_yuan="12.345",
            ),
        )
    assert set(exc.value.errors) == {"title", "kind", "due_on", "department", "amount_yuan"}
    assert exc.value.errors["due_on"] == "兑现期限不能早于承诺日期"
    assert register_counts() == before


def test_only_registrars_create_and_other_zones_do_not_exist() -> None:
    zone = _dept("GHJ").zone_id
    with pytest.raises(Forbidden):
        services.commitment_create(actor=act("reviewer"), zone_id=zone, data=_data())
    with pytest.raises(NotFound):
        services.commitment_create(actor=act("jp-leader"), zone_id=zone, data=_data())


def test_handover_keeps_the_commitment_its_due_date_and_history() -> None:
    c = services.commitment_create(actor=act("investment"), zone_id=_dept("GHJ").zone_id, data=_data())
    due, number = c.due_on, c.number
    services.commitment_handover(
        actor=act("leader"),
        commitment_id=c.pk,
        to_user_id=User.objects.get(username="reviewer").pk,
        note="原负责人调任",
        version=c.version,
    )
    c.refresh_from_db()
    assert (c.due_on, c.number, c.status, c.department.code) == (due, number, "open", "GHJ")
    assert c.responsible.username == "reviewer"
    rows = list(Handover.objects.filter(commitment=c).order_by("id"))
    assert [r.to_user.username for r in rows] == ["depthead", "reviewer"]
    assert rows[1].from_user.username == "depthead"
    assert AuditRecord.objects.filter(action="commitment.handover", object_id=str(c.pk)).count() == 1
    with pytest.raises(Conflict) as exc:  # the version the first handover moved past
        services.commitment_handover(actor=act("leader"), commitment_id=c.pk, to_user_id=None, version=1)
    assert exc.value.code == "stale_version"


def test_fulfil_needs_evidence_and_records_on_time(tmp_storage) -> None:
    c = services.commitment_create(
        actor=act("investment"), zone_id=_dept("GHJ").zone_id, data=_data(due_on=timezone.localdate())
    )
    with pytest.raises(Conflict) as exc:
        services.commitment_fulfil(
            actor=act("depthead"), commitment_id=c.pk, fulfilled_on=None, note="已交付"
        )
    assert exc.value.code == "no_evidence"
    services.commitment_evidence_add(
        actor=act("reviewer"), commitment_id=c.pk, title="交地确认书", upload=("a.pdf", PDF)
    )
    with pytest.raises(Forbidden):  # staff of another department
        services.commitment_fulfil(actor=act("window"), commitment_id=c.pk, fulfilled_on=None, note="x")
    services.commitment_fulfil(actor=act("depthead"), commitment_id=c.pk, fulfilled_on=None, note="已交付")
    c.refresh_from_db()
    assert c.status == "fulfilled" and c.fulfilled_on == timezone.localdate()
    audit = AuditRecord.objects.get(action="commitment.fulfil", object_id=str(c.pk))
    assert audit.after["on_time"] is True
    with pytest.raises(Conflict):
        services.commitment_cancel(actor=act("leader"), commitment_id=c.pk, reason="协议终止")


def test_sweep_reports_each_overdue_commitment_once(mailoutbox, django_capture_on_commit_callbacks) -> None:
    Commitment.objects.update(overdue_at=timezone.now())  # the demo's, as if already reported
    c = services.commitment_create(actor=act("investment"), zone_id=_dept("GHJ").zone_id, data=_data())
    not_yet = services.commitment_create(
        actor=act("investment"), zone_id=_dept("GHJ").zone_id, data=_data(due_on=timezone.localdate())
    )
    User.objects.filter(username="depthead").update(email="depthead@example.cn")
    system = Actor.system("test")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.commitments_sweep_overdue(actor=system) == 1
    assert [m.to for m in mailoutbox] == [["depthead@example.cn"]]
    assert c.title in mailoutbox[0].subject
    c.refresh_from_db()
    not_yet.refresh_from_db()
    assert c.overdue_at is not None and not_yet.overdue_at is None
    assert services.commitments_sweep_overdue(actor=system) == 0
    assert AuditRecord.objects.filter(action="commitment.overdue", object_id=str(c.pk)).count() == 1


def test_arrear_payments_clear_it_and_never_overpay() -> None:
    zone = _dept("GHJ").zone_id
    own = User.objects.get(username="enterprise").enterprise
    a = services.arrear_create(
        actor=act("investment"),
        zone_id=zone,
        enterprise_id=own.pk,
        department_id=_dept("GHJ").pk,
        data={"kind": "works", "basis": "施工合同", "amount_yuan": "1000.10", "due_on": timezone.localdate()},
    )
    before = register_counts()
    with pytest.raises(ValidationFailed) as exc:
        services.arrear_pay(actor=act("depthead"), arrear_id=a.pk, amount_yuan="1000.11", paid_on=None)
    assert "amount_yuan" in exc.value.errors and register_counts() == before
    with pytest.raises(ValidationFailed):
        services.arrear_pay(actor=act("depthead"), arrear_id=a.pk, amount_yuan=12.5, paid_on=None)  # a float
    services.arrear_pay(actor=act("depthead"), arrear_id=a.pk, amount_yuan="400.10", paid_on=None)
    services.arrear_pay(actor=act("investment"), arrear_id=a.pk, amount_yuan="600.00", paid_on=None)
    a.refresh_from_db()
    assert a.paid_yuan == Decimal("1000.10") and a.status == "cleared"
    assert a.cleared_on == timezone.localdate()
    with pytest.raises(Conflict):
        services.arrear_pay(actor=act("investment"), arrear_id=a.pk, amount_yuan="1", paid_on=None)


def test_enterprise_confirms_its_own_arrear_and_no_one_else_can() -> None:
    a = Arrear.objects.filter(
        enterprise=User.objects.get(username="enterprise").enterprise, confirm_state="pending"
    ).first()
    assert a is not None  # the demo leaves one waiting
    with pytest.raises(Forbidden):
        services.arrear_confirm(actor=act("leader"), arrear_id=a.pk)
    other = Arrear.objects.exclude(enterprise=a.enterprise).first()
    with pytest.raises(NotFound):
        services.arrear_confirm(actor=act("enterprise"), arrear_id=other.pk)
    services.arrear_confirm(actor=act("enterprise"), arrear_id=a.pk, version=a.version)
    a.refresh_from_db()
    assert a.confirm_state == "confirmed" and a.confirmed_by.username == "enterprise"


def test_dispute_goes_through_the_appeal_flow() -> None:
    a = Arrear.objects.filter(enterprise=User.objects.get(username="enterprise").enterprise).first()
    appeals = Appeal.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.arrear_dispute(actor=act("enterprise"), arrear_id=a.pk, reason=" ")
    assert "reason" in exc.value.errors and Appeal.objects.count() == appeals
    services.arrear_dispute(actor=act("enterprise"), arrear_id=a.pk, reason="实际应付 300 万元")
    a.refresh_from_db()
    assert a.confirm_state == "disputed" and a.appeal is not None
    assert a.appeal.enterprise_id == a.enterprise_id and a.appeal.status == "submitted"
    assert "实际应付 300 万元" in a.appeal.description


def test_a_steward_sees_the_commitments_of_its_projects_only() -> None:
    steward = User.objects.get(username="steward")
    mine = Project.objects.filter(project_steward=steward)
    seen = Commitment.objects.visible_to(steward)
    assert seen.exists()
    assert not seen.exclude(project__in=mine).exists()


def test_department_staff_see_their_department_and_enterprise_its_own() -> None:
    reviewer = User.objects.get(username="reviewer")
    assert set(Commitment.objects.visible_to(reviewer).values_list("department_id", flat=True)) == {
        reviewer.department_id
    }
    ent = User.objects.get(username="enterprise")
    assert set(Arrear.objects.visible_to(ent).values_list("enterprise_id", flat=True)) == {ent.enterprise_id}
    assert not Commitment.objects.visible_to(User.objects.get(username="admin")).exists()
    assert not Commitment.objects.visible_to(User.objects.get(username="jp-leader")).exists()


def test_demo_load_is_idempotent() -> None:
    from zonedesk.commitments import demo
    from zonedesk.organisation.models import Zone

    before = register_counts()
    demo.load(zones={z.code: z for z in Zone.objects.all()})
    assert register_counts() == before
    assert Arrear.objects.filter(zone__code="LY", confirm_state="pending").exists()


def test_a_signed_agreement_gives_the_zone_its_duties_once() -> None:
    p = (
        Project.objects.filter(zone__code="LY", signed_on__isnull=False)
        .exclude(pk__in=Commitment.objects.filter(project__isnull=False).values("project_id"))
        .first()
    )
    made = services.commitments_for_agreement(actor=act("investment"), project_id=p.pk)
    assert {(c.kind, c.department.code, (c.due_on - p.signed_on).days) for c in made} == {
        ("land", "ZRJ", 90),
        ("infrastructure", "GHJ", 180),
    }
    assert all(c.promised_on == p.signed_on and c.source_kind == "agreement" for c in made)
    assert services.commitments_for_agreement(actor=act("investment"), project_id=p.pk) == []
    unsigned = Project.objects.filter(zone__code="LY", signed_on__isnull=True).first()
    with pytest.raises(Conflict) as exc:
        services.commitments_for_agreement(actor=act("leader"), project_id=unsigned.pk)
    assert exc.value.code == "not_signed"
    with pytest.raises(NotFound):  # the department cannot see the pipeline
        services.commitments_for_agreement(actor=act("reviewer"), project_id=p.pk)
