"""Registry writes through the services, on the demo zone: who may write, what is refused,
and the audit row each write leaves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.enterprises import services
from zonedesk.enterprises.models import Enterprise, EnterpriseFlag, EnterpriseYearFigure, FlagKind
from zonedesk.enterprises.selectors import dishonesty_status
from zonedesk.organisation.models import Zone
from zonedesk.testing.factories import new_credit_code

pytestmark = pytest.mark.django_db

ZB = "中玻(朝阳)新材料有限公司"


@pytest.fixture
def ly() -> Zone:
    return Zone.objects.get(code="LY")


@pytest.fixture
def jp() -> Zone:
    return Zone.objects.get(code="JP")


@pytest.fixture
def zb() -> Enterprise:
    return Enterprise.objects.get(name=ZB)


def new_data(**overrides: Any) -> dict[str, Any]:
    return {"credit_code": new_credit_code(), "name": "凌源测试新材料有限公司",
            "legal_representative": "张三", "industry_code": "C30", "park": "同创产业园", **overrides}


class TestCreate:
    def test_window_registers_an_enterprise_and_it_is_audited(self, actor_for, ly, counts, audits) -> None:
        before = counts()
        data = new_data(registered_on="2020/1/5", staff_size=30.0)
        e = services.enterprise_create(actor=actor_for("window"), zone=ly, data=data)
        e.refresh_from_db()
        assert (e.zone_id, e.credit_code, e.version) == (ly.pk, data["credit_code"], 1)
        assert e.park.name == "同创产业园" and e.industry.code == "30"
        assert e.registered_on == dt.date(2020, 1, 5) and e.staff_size == 30
        assert counts() == {**before, "enterprises": before["enterprises"] + 1, "audit": before["audit"] + 1}
        (record,) = audits()
        assert record.action == "enterprise.create"
        assert (record.object_id, record.zone_id, record.actor.username) == (str(e.pk), ly.pk, "window")
        assert record.before is None
        assert record.after["credit_code"] == data["credit_code"]
        assert record.after["registered_on"] == "2020-01-05"

    def test_investment_officer_may_register_too(self, actor_for, ly) -> None:
        e = services.enterprise_create(actor=actor_for("investment"), zone=ly, data=new_data())
        assert e.pk

    def test_a_registered_code_is_refused_on_the_credit_code_field(self, actor_for, ly, zb, counts) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_create(actor=actor_for("window"), zone=ly,
                                       data=new_data(credit_code=zb.credit_code.lower()))
        assert caught.value.code == "duplicate"
        assert caught.value.status == 422
        assert caught.value.errors == {"credit_code": "该统一社会信用代码已登记，不能重复添加"}
        assert counts() == before

    def test_the_same_code_may_be_registered_in_another_zone(self, actor_for, jp, zb) -> None:
        # Given 中玻 registered in LY; When JP registers the same code (a branch there)
        e = services.enterprise_create(actor=actor_for("jp-window"), zone=jp,
                                       data=new_data(credit_code=zb.credit_code, park=""))
        # Then both rows exist, one per zone
        assert Enterprise.objects.filter(credit_code=zb.credit_code).count() == 2
        assert e.zone_id == jp.pk

    def test_bad_input_reports_every_field_and_writes_nothing(self, actor_for, ly, counts) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_create(actor=actor_for("window"), zone=ly, data=new_data(
                credit_code="91110000600037341M", name="", park="JP的产业园", staff_size=-3))
        assert set(caught.value.errors) == {"credit_code", "name", "park", "staff_size"}
        assert "应为“L”" in caught.value.errors["credit_code"]
        assert counts() == before

    def test_another_zones_park_is_not_a_park_here(self, actor_for, ly, jp) -> None:
        jp_park = jp.park_set.first()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_create(actor=actor_for("window"), zone=ly, data=new_data(park=jp_park.pk))
        assert caught.value.errors == {"park": "所在产业园不属于本园区"}

    @pytest.mark.parametrize("username", ["leader", "reviewer", "province", "enterprise"])
    def test_non_editors_are_forbidden(self, username, actor_for, ly, counts) -> None:
        before = counts()
        with pytest.raises(Forbidden) as caught:
            services.enterprise_create(actor=actor_for(username), zone=ly, data=new_data())
        assert caught.value.status == 403
        assert counts() == before

    def test_another_zones_clerk_cannot_even_see_the_zone(self, actor_for, ly, counts) -> None:
        before = counts()
        with pytest.raises(NotFound):
            services.enterprise_create(actor=actor_for("jp-window"), zone=ly, data=new_data())
        assert counts() == before


def snapshot(e: Enterprise) -> dict[str, Any]:
    return {k: v for k, v in Enterprise.objects.filter(pk=e.pk).values()[0].items() if k != "updated_at"}


class TestUpdate:
    def test_update_bumps_the_version_and_audits_only_what_changed(self, actor_for, zb, audits) -> None:
        old_name, version = zb.name, zb.version
        e = services.enterprise_update(actor=actor_for("window"), enterprise_id=zb.pk,
                                       data={"name": "中玻新材料有限公司", "staff_size": zb.staff_size},
                                       version=version)
        e.refresh_from_db()
        assert (e.name, e.version) == ("中玻新材料有限公司", version + 1)
        (record,) = audits()
        assert record.action == "enterprise.update"
        assert record.before == {"name": old_name, "version": version}
        assert record.after == {"name": "中玻新材料有限公司", "version": version + 1}

    def test_stale_version_is_a_conflict_and_changes_nothing(self, actor_for, zb, counts) -> None:
        # Given someone saved 中玻 after we opened it
        services.enterprise_update(actor=actor_for("investment"), enterprise_id=zb.pk,
                                   data={"address": "同创路 1 号"}, version=zb.version)
        seen, before = snapshot(zb), counts()
        # When we save on the version we had
        with pytest.raises(Conflict) as caught:
            services.enterprise_update(actor=actor_for("window"), enterprise_id=zb.pk,
                                       data={"name": "覆盖他人修改"}, version=zb.version)
        # Then 409 stale_version, a message that says what to do, and nothing changed
        assert caught.value.status == 409
        assert caught.value.code == "stale_version"
        assert "已被他人修改" in caught.value.message and "刷新" in caught.value.message
        assert f"当前版本 {zb.version + 1}" in caught.value.message
        assert snapshot(zb) == seen
        assert counts() == before

    def test_no_change_is_no_new_version(self, actor_for, zb, audits) -> None:
        e = services.enterprise_update(actor=actor_for("window"), enterprise_id=zb.pk,
                                       data={"name": zb.name}, version=zb.version)
        assert e.version == zb.version
        assert audits() == []

    def test_leader_is_forbidden(self, actor_for, zb, counts) -> None:
        seen, before = snapshot(zb), counts()
        with pytest.raises(Forbidden):
            services.enterprise_update(actor=actor_for("leader"), enterprise_id=zb.pk,
                                       data={"name": "x"}, version=zb.version)
        assert (snapshot(zb), counts()) == (seen, before)

    def test_enterprise_user_cannot_edit_its_own_record(self, actor_for, zb, counts) -> None:
        before = counts()
        with pytest.raises(Forbidden):
            services.enterprise_update(actor=actor_for("enterprise"), enterprise_id=zb.pk,
                                       data={"name": "x"}, version=zb.version)
        assert counts() == before

    @pytest.mark.parametrize("username", ["jp-window", "jp-leader"])
    def test_another_zone_gets_not_found(self, username, actor_for, zb, counts) -> None:
        before = counts()
        with pytest.raises(NotFound) as caught:
            services.enterprise_update(actor=actor_for(username), enterprise_id=zb.pk,
                                       data={"name": "x"}, version=zb.version)
        assert caught.value.status == 404
        assert counts() == before

    def test_code_of_another_enterprise_is_refused(self, actor_for, zb, counts) -> None:
        other = Enterprise.objects.filter(zone=zb.zone).exclude(pk=zb.pk).first()
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_update(actor=actor_for("window"), enterprise_id=zb.pk,
                                       data={"credit_code": other.credit_code}, version=zb.version)
        assert caught.value.errors == {"credit_code": "该统一社会信用代码已登记在另一家企业名下"}
        assert counts() == before

    def test_grade_needs_a_source_on_the_merged_record(self, actor_for, ly) -> None:
        e = services.enterprise_create(actor=actor_for("window"), zone=ly, data=new_data())
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_update(actor=actor_for("window"), enterprise_id=e.pk,
                                       data={"credit_grade": "A"}, version=1)
        assert set(caught.value.errors) == {"credit_source"}
        # with the source already on the record, a grade alone is fine
        services.enterprise_update(actor=actor_for("window"), enterprise_id=e.pk,
                                   data={"credit_grade": "A", "credit_source": "纳税信用评价"}, version=1)
        e = services.enterprise_update(actor=actor_for("window"), enterprise_id=e.pk,
                                       data={"credit_grade": "AA"}, version=2)
        assert (e.credit_grade, e.credit_source, e.version) == ("AA", "纳税信用评价", 3)

    def test_bad_partial_input_changes_nothing(self, actor_for, zb, counts) -> None:
        seen, before = snapshot(zb), counts()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_update(actor=actor_for("window"), enterprise_id=zb.pk,
                                       data={"name": "  ", "registered_on": "2020-02-30"}, version=zb.version)
        assert set(caught.value.errors) == {"name", "registered_on"}
        assert (snapshot(zb), counts()) == (seen, before)


class TestFlags:
    def test_add_and_remove_are_audited_and_drive_the_dishonesty_status(self, actor_for, zb, audits) -> None:
        listed = timezone.localdate() - dt.timedelta(days=30)
        flag = services.enterprise_flag_add(actor=actor_for("window"), enterprise_id=zb.pk,
                                            kind=FlagKind.SERIOUS_DISHONESTY, listed_on=listed,
                                            source="信用中国")
        assert [f.pk for f in dishonesty_status(zb)] == [flag.pk]
        removed = services.enterprise_flag_remove(actor=actor_for("window"), flag_id=flag.pk,
                                                  removed_on=timezone.localdate(), enterprise_id=zb.pk)
        assert removed.removed_on == timezone.localdate()
        assert dishonesty_status(zb) == []
        assert dishonesty_status(zb, listed) != []  # it was in force on the day it was listed
        add, remove = audits()
        assert (add.action, add.object_id) == ("enterprise.flag_add", str(zb.pk))
        assert add.after["kind"] == "serious_dishonesty" and add.after["listed_on"] == listed.isoformat()
        assert remove.action == "enterprise.flag_remove"
        assert remove.before["removed_on"] is None
        assert remove.after["removed_on"] == timezone.localdate().isoformat()

    def test_listing_twice_is_a_conflict(self, actor_for, zb, counts) -> None:
        services.enterprise_flag_add(actor=actor_for("window"), enterprise_id=zb.pk,
                                     kind=FlagKind.JUDGMENT_DEFAULTER, listed_on=dt.date(2026, 1, 5))
        before = counts()
        with pytest.raises(Conflict) as caught:
            services.enterprise_flag_add(actor=actor_for("window"), enterprise_id=zb.pk,
                                         kind=FlagKind.JUDGMENT_DEFAULTER, listed_on=dt.date(2026, 1, 6))
        assert caught.value.code == "flag_exists"
        assert counts() == before

    def test_bad_flag_input(self, actor_for, zb, counts) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_flag_add(actor=actor_for("window"), enterprise_id=zb.pk, kind="blacklist",
                                         listed_on=timezone.localdate() + dt.timedelta(days=1))
        assert set(caught.value.errors) == {"kind", "listed_on"}
        assert counts() == before

    def test_removal_rules(self, actor_for, zb, counts) -> None:
        flag = services.enterprise_flag_add(actor=actor_for("window"), enterprise_id=zb.pk,
                                            kind=FlagKind.ABNORMAL_OPERATION, listed_on=dt.date(2026, 1, 5))
        before = counts()
        with pytest.raises(ValidationFailed) as early:
            services.enterprise_flag_remove(actor=actor_for("window"), flag_id=flag.pk,
                                            removed_on=dt.date(2026, 1, 4))
        with pytest.raises(ValidationFailed) as future:
            services.enterprise_flag_remove(actor=actor_for("window"), flag_id=flag.pk,
                                            removed_on=timezone.localdate() + dt.timedelta(days=1))
        other = Enterprise.objects.filter(zone=zb.zone).exclude(pk=zb.pk).first()
        with pytest.raises(NotFound):  # the flag is not that enterprise's
            services.enterprise_flag_remove(actor=actor_for("window"), flag_id=flag.pk,
                                            removed_on=timezone.localdate(), enterprise_id=other.pk)
        with pytest.raises(Forbidden):
            services.enterprise_flag_remove(actor=actor_for("leader"), flag_id=flag.pk,
                                            removed_on=timezone.localdate())
        with pytest.raises(NotFound):
            services.enterprise_flag_remove(actor=actor_for("jp-window"), flag_id=flag.pk,
                                            removed_on=timezone.localdate())
        assert early.value.errors == {"removed_on": "移出日期不能早于列入日期"}
        assert future.value.errors == {"removed_on": "移出日期不能晚于今天"}
        assert counts() == before
        assert EnterpriseFlag.objects.get(pk=flag.pk).removed_on is None
        services.enterprise_flag_remove(actor=actor_for("window"), flag_id=flag.pk,
                                        removed_on=dt.date(2026, 1, 5))
        with pytest.raises(Conflict) as again:
            services.enterprise_flag_remove(actor=actor_for("window"), flag_id=flag.pk,
                                            removed_on=dt.date(2026, 1, 6))
        assert again.value.code == "already_removed"

    def test_leader_cannot_list(self, actor_for, zb, counts) -> None:
        before = counts()
        with pytest.raises(Forbidden):
            services.enterprise_flag_add(actor=actor_for("leader"), enterprise_id=zb.pk,
                                         kind=FlagKind.ABNORMAL_OPERATION, listed_on=dt.date(2026, 1, 5))
        assert counts() == before


class TestFigures:
    def test_upsert_one_row_per_year_each_write_audited(self, actor_for, ly, audits) -> None:
        e = services.enterprise_create(actor=actor_for("window"), zone=ly, data=new_data())
        first = services.enterprise_figures_set(actor=actor_for("window"), enterprise_id=e.pk, data={
            "year": 2025.0, "revenue": "1234.50", "tax": 0.1, "staff": 80.0, "tech_staff": 9})
        second = services.enterprise_figures_set(actor=actor_for("window"), enterprise_id=e.pk, data={
            "year": "2025", "revenue": "2000", "tax": "0.2", "staff": 80, "tech_staff": 10})
        assert first.pk == second.pk
        row = EnterpriseYearFigure.objects.get(enterprise=e, year=2025)
        assert (row.revenue, row.tax, row.tech_staff) == (Decimal("2000.00"), Decimal("0.20"), 10)
        created, updated = audits("enterprise.figures_set")
        assert created.before is None and created.after["revenue"] == "1234.50"
        assert created.after["tax"] == "0.10"
        assert updated.before["revenue"] == "1234.50" and updated.after["revenue"] == "2000.00"

    def test_bad_figures_write_nothing(self, actor_for, zb, counts) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as caught:
            services.enterprise_figures_set(actor=actor_for("window"), enterprise_id=zb.pk, data={
                "year": 2025, "revenue": "-1", "tax": "1.001", "staff": 5, "tech_staff": 6})
        assert set(caught.value.errors) == {"revenue", "tax", "tech_staff"}
        assert counts() == before

    def test_figures_are_for_editors_of_the_zone(self, actor_for, zb, counts) -> None:
        before = counts()
        with pytest.raises(Forbidden):
            services.enterprise_figures_set(actor=actor_for("leader"), enterprise_id=zb.pk,
                                            data={"year": 2025, "revenue": "1"})
        with pytest.raises(NotFound):
            services.enterprise_figures_set(actor=actor_for("jp-window"), enterprise_id=zb.pk,
                                            data={"year": 2025, "revenue": "1"})
        assert counts() == before
