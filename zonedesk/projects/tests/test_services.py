"""Writes to the pipeline: gates, moves, stewards, documents; refusals change nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.models import User, Zone
from zonedesk.projects import services
from zonedesk.projects.models import IndustryChain, Project, StageMove, StewardAssignment
from zonedesk.projects.tests.conftest import PDF

pytestmark = pytest.mark.django_db


def _new(actor, name="测试新材料项目", **extra) -> Project:
    zone = Zone.objects.get(code="LY")
    data = {"name": name, "total_investment": Decimal("8000.00"), **extra}
    return services.project_create(actor=actor, zone=zone, data=data)


class TestCreateAndUpdate:
    def test_a_new_project_enters_reserve_with_a_move_and_an_audit_row(self, actor_for, audits) -> None:
        p = _new(actor_for("investment"), investor_name="青岛测试有限公司")
        assert p.stage == "reserve" and p.entered_on == timezone.localdate()
        assert list(p.moves.values_list("from_stage", "to_stage")) == [("", "reserve")]
        [row] = audits("project.create")
        assert row.after["name"] == "测试新材料项目" and row.actor_name == "周海燕"

    @pytest.mark.parametrize("login", ["leader", "steward", "window", "province"])
    def test_only_the_investment_officer_registers(self, actor_for, counts, login) -> None:
        before = counts()
        with pytest.raises((Forbidden, NotFound)):
            _new(actor_for(login))
        assert counts() == before

    def test_bad_values_are_named_per_field_and_nothing_is_written(self, actor_for, counts) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            _new(
                actor_for("investment"),
                total_investment="12.345",
                project_code="2106-211382-04-01-12345",
                yearly_investment=Decimal("9000"),
            )
        assert set(exc.value.errors) >= {"total_investment", "project_code"}
        assert "24 位" in exc.value.errors["project_code"]
        assert counts() == before

    def test_duplicate_name_in_the_zone_is_refused(self, actor_for, counts) -> None:
        existing = Project.objects.filter(zone__code="LY").first()
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            _new(actor_for("investment"), name=existing.name)
        assert "name" in exc.value.errors
        assert counts() == before

    def test_update_needs_the_current_version(self, actor_for, ly_project, counts) -> None:
        p = ly_project("reserve")
        before = counts()
        with pytest.raises(Conflict) as exc:
            services.project_update(
                actor=actor_for("investment"),
                project_id=p.pk,
                data={"note": "x"},
                version=p.version - 1 if p.version > 1 else 99,
            )
        assert exc.value.code == "stale_version"
        assert counts() == before
        services.project_update(
            actor=actor_for("investment"), project_id=p.pk, data={"note": "已对接"}, version=p.version
        )
        p.refresh_from_db()
        assert p.note == "已对接"

    def test_a_started_project_cannot_lose_what_its_gates_asked_for(
        self, actor_for, ly_project, counts
    ) -> None:
        p = ly_project("building")
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            services.project_update(
                actor=actor_for("investment"), project_id=p.pk, data={"project_code": ""}, version=p.version
            )
        assert "不能清空投资项目代码" in exc.value.errors["project_code"]
        assert counts() == before

    def test_another_zones_project_is_not_found(self, demo_user, ly_project, counts) -> None:
        from zonedesk.core.actor import Actor

        p = Project.objects.filter(zone__code="JP").first()
        before = counts()
        with pytest.raises(NotFound):
            services.project_update(
                actor=Actor(user=demo_user("investment")),
                project_id=p.pk,
                data={"note": "x"},
                version=p.version,
            )
        assert counts() == before


class TestMoves:
    def test_the_gate_says_what_is_missing(self, actor_for, counts) -> None:
        p = _new(actor_for("investment"))
        before = counts()
        with pytest.raises(Conflict) as exc:
            services.project_move(actor=actor_for("investment"), project_id=p.pk, to_stage="negotiating")
        assert exc.value.code == "gate"
        for what in ("投资方", "产业链", "招商渠道"):
            assert what in exc.value.message
        assert counts() == before

    def test_a_project_walks_the_lifecycle_through_its_gates(self, actor_for, audits, tmp_storage) -> None:
        officer = actor_for("investment")
        chain = IndustryChain.objects.get(zone__code="LY", name="新材料")
        p = _new(officer, investor_name="深圳测试有限公司", chain=chain.pk, lead_source="shenzhen")
        today = timezone.localdate()
        services.project_move(actor=officer, project_id=p.pk, to_stage="negotiating", on=today)
        with pytest.raises(Conflict) as exc:
            services.project_move(actor=officer, project_id=p.pk, to_stage="signed", on=today)
        assert "产业园或地块" in exc.value.message and "投资协议" in exc.value.message
        p.refresh_from_db()
        services.project_update(
            actor=officer, project_id=p.pk, data={"parcel": "东区09号地块"}, version=p.version
        )
        services.project_document_add(
            actor=officer, project_id=p.pk, kind="agreement", title="投资协议", upload=("协议.pdf", PDF)
        )
        services.project_move(actor=officer, project_id=p.pk, to_stage="signed", on=today)
        p.refresh_from_db()
        assert (p.stage, p.signed_on) == ("signed", today)
        assert [m.to_stage for m in p.moves.all()] == ["reserve", "negotiating", "signed"]
        moves = audits("project.move")
        assert [a.after["stage"] for a in moves] == ["negotiating", "signed"]
        # Signing put the zone's side of the agreement on the commitment register, linked to it.
        from zonedesk.commitments.models import Commitment

        duties = Commitment.objects.filter(project=p, source_kind="agreement").order_by("kind")
        assert [(c.kind, c.due_on - today) for c in duties] == [
            ("infrastructure", dt.timedelta(days=180)),
            ("land", dt.timedelta(days=90)),
        ]
        assert len(audits("commitment.create")) == 2

    def test_skipping_a_stage_is_refused(self, actor_for, ly_project, counts) -> None:
        p = ly_project("reserve")
        before = counts()
        with pytest.raises(Conflict) as exc:
            services.project_move(actor=actor_for("investment"), project_id=p.pk, to_stage="building")
        assert exc.value.code == "bad_move" and "可转入：在谈" in exc.value.message
        assert counts() == before

    def test_a_move_dated_before_the_current_stage_is_refused(self, actor_for, ly_project, counts) -> None:
        p = ly_project("negotiating")
        before = counts()
        with pytest.raises(Conflict) as exc:
            services.project_move(
                actor=actor_for("investment"),
                project_id=p.pk,
                to_stage="signed",
                on=p.negotiating_on - dt.timedelta(days=1),
            )
        assert "不能早于" in exc.value.message
        assert counts() == before

    def test_a_steward_moves_their_own_project_but_not_others(
        self, actor_for, demo_user, counts, tmp_storage
    ) -> None:
        steward = demo_user("steward")
        mine = Project.objects.filter(stage="building", project_steward=steward).first()
        other = (
            Project.objects.filter(zone__code="LY", stage="building")
            .exclude(project_steward=steward)
            .exclude(env_steward=steward)
            .exclude(safety_steward=steward)
            .exclude(assistant=steward)
            .first()
        )
        assert mine is not None and other is not None
        before = counts()
        with pytest.raises(NotFound):  # not visible to this steward at all
            services.project_move(actor=actor_for("steward"), project_id=other.pk, to_stage="production")
        assert counts() == before
        with pytest.raises(Conflict) as exc:
            services.project_move(actor=actor_for("steward"), project_id=mine.pk, to_stage="production")
        assert "竣工验收或投产报告" in exc.value.message
        services.project_document_add(
            actor=actor_for("steward"),
            project_id=mine.pk,
            kind="production",
            title="投产报告",
            upload=("投产报告.pdf", PDF),
        )
        services.project_move(actor=actor_for("steward"), project_id=mine.pk, to_stage="production")
        mine.refresh_from_db()
        assert mine.stage == "production" and mine.moves.last().actor_name == "孙志强"

    def test_partial_use_is_recorded_once_with_its_date(self, actor_for, ly_project, audits) -> None:
        p = ly_project("building", partial_use=False)
        day = p.started_on + dt.timedelta(days=1)
        services.project_partial_use(actor=actor_for("investment"), project_id=p.pk, on=day)
        p.refresh_from_db()
        assert (p.partial_use, p.partial_use_on) == (True, day)
        with pytest.raises(Conflict):
            services.project_partial_use(actor=actor_for("investment"), project_id=p.pk, on=day)
        assert len(audits("project.partial_use")) == 1


class TestStewards:
    def test_a_change_closes_the_old_assignment_and_opens_a_new_one(
        self, actor_for, ly_project, audits
    ) -> None:
        p = ly_project("building")
        old = p.env_steward_id
        new = User.objects.get(username="steward-b")
        today = timezone.localdate()
        services.project_steward_assign(
            actor=actor_for("investment"),
            project_id=p.pk,
            role="env_steward",
            user_id=new.pk,
            on=today,
            note="人员调整",
        )
        p.refresh_from_db()
        assert p.env_steward_id == new.pk
        rows = list(
            StewardAssignment.objects.filter(project=p, role="env_steward").order_by("start_on", "pk")
        )
        assert [(r.user_id, r.end_on) for r in rows] == [(old, today), (new.pk, None)]
        [row] = audits("project.steward_assign")
        assert row.before == {"env_steward": old} and row.after["env_steward"] == new.pk

    def test_only_stewards_of_the_zone_can_be_assigned(
        self, actor_for, ly_project, counts, demo_user
    ) -> None:
        p = ly_project("building")
        before = counts()
        for username in ("window", "jp-steward"):
            with pytest.raises(ValidationFailed):
                services.project_steward_assign(
                    actor=actor_for("investment"),
                    project_id=p.pk,
                    role="assistant",
                    user_id=demo_user(username).pk,
                )
        mine = Project.objects.filter(project_steward=demo_user("steward")).first()
        with pytest.raises(Forbidden):  # a steward follows the project but does not staff it
            services.project_steward_assign(
                actor=actor_for("steward"), project_id=mine.pk, role="assistant", user_id=None
            )
        assert counts() == before

    def test_a_document_of_a_disguised_type_is_refused(
        self, actor_for, ly_project, counts, tmp_storage
    ) -> None:
        p = ly_project("signed")
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            services.project_document_add(
                actor=actor_for("investment"),
                project_id=p.pk,
                kind="permit",
                title="施工许可证",
                upload=("permit.pdf", b"MZ\x90\x00" + b"\x00" * 64),
            )
        assert "file" in exc.value.errors
        assert counts() == before
        assert StageMove.objects.filter(project=p).count() >= 1
