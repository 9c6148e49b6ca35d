"""Writes to the land register: rules named by field, nothing half-written, audit rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.enterprises.models import Enterprise
from zonedesk.land import services
from zonedesk.land.models import Parcel, ParcelSale, ProductionReview
from zonedesk.land.tests.conftest import PDF
from zonedesk.organisation.models import Zone

pytestmark = pytest.mark.django_db
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[119.41, 41.24], [119.415, 41.24], [119.415, 41.244], [119.41, 41.24]]],
}


def _new(actor, code="LY-T-01", **extra) -> Parcel:
    zone = Zone.objects.get(code="LY")
    return services.parcel_create(
        actor=actor, zone=zone, data={"code": code, "area_mu": D("30"), "industry_id": None, **extra}
    )


def _announced(actor, **extra) -> Parcel:
    from zonedesk.enterprises.models import Industry

    p = _new(actor, industry_id=Industry.objects.get(code="34").pk, **extra)
    services.parcel_set_indicators(actor=actor, parcel_id=p.pk, data={}, version=p.version)
    p.refresh_from_db()
    services.parcel_move(actor=actor, parcel_id=p.pk, to_status="announced", version=p.version)
    p.refresh_from_db()
    return p


def _sale_data(**extra) -> dict:
    e = Enterprise.objects.filter(zone__code="LY").order_by("name").first()
    return {
        "enterprise_id": e.pk,
        "sold_on": dt.date(2025, 3, 1),
        "price_wan": D("720"),
        "production_due_on": dt.date(2026, 3, 1),
        "investment_intensity": D("300"),
        "far_min": D("1.2"),
        "far_max": D("2.5"),
        "tax_per_mu": D("15"),
        "energy_per_output": D("0.25"),
        **extra,
    }


class TestParcel:
    def test_area_in_mu_gives_square_metres_and_an_audit_row(self, actor_for, audits) -> None:
        p = _new(actor_for("investment"), boundary={"type": "Feature", "geometry": SQUARE})
        assert p.area_m2 == D("20000.00") and p.status == "reserve"
        assert p.boundary == SQUARE  # the bare geometry is kept
        [row] = audits("land.parcel.create")
        assert row.after["area_m2"] == "20000.00"

    @pytest.mark.parametrize(
        ("data", "field", "text"),
        [
            ({"area_mu": D("0")}, "area_mu", "须大于 0"),
            ({"area_mu": None, "area_m2": D("-1")}, "area_m2", "须大于 0"),
            ({"boundary": {"type": "Point", "coordinates": [119.4, 41.2]}}, "boundary", "Polygon"),
            (
                {
                    "boundary": {
                        "type": "Polygon",
                        "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]],
                    }
                },
                "boundary",
                "不在中国境内",
            ),
            ({"code": "LY-TC-03"}, "code", "已有地块编号"),
        ],
    )
    def test_bad_input_names_field_and_rule_and_writes_nothing(
        self, actor_for, counts, data, field, text
    ) -> None:
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            _new(actor_for("investment"), **data)
        assert text in exc.value.errors[field]
        assert counts() == before

    @pytest.mark.parametrize("login", ["leader", "steward", "window", "enterprise"])
    def test_only_the_investment_officer_registers(self, actor_for, counts, login) -> None:
        before = counts()
        with pytest.raises((Forbidden, NotFound)):
            _new(actor_for(login))
        assert counts() == before

    def test_stale_version_is_a_conflict(self, actor_for, counts) -> None:
        a = actor_for("investment")
        p = _new(a)
        services.parcel_update(actor=a, parcel_id=p.pk, data={"location": "东"}, version=p.version)
        before = counts()
        with pytest.raises(Conflict):
            services.parcel_update(actor=a, parcel_id=p.pk, data={"location": "西"}, version=p.version)
        assert counts() == before

    def test_other_zone_is_not_found(self, actor_for) -> None:
        p = Parcel.objects.get(code="LY-TC-03")
        with pytest.raises(NotFound):
            services.parcel_update(
                actor=actor_for("jp-leader"), parcel_id=p.pk, data={"note": "x"}, version=p.version
            )


class TestIndicatorsAndSale:
    def test_indicators_copy_the_industry_default(self, actor_for) -> None:
        p = _announced(actor_for("investment"))
        assert p.indicators.investment_intensity == D("280.00") and p.indicators.tax_per_mu == D("15.00")

    def test_deviation_without_reason_is_refused(self, actor_for, counts) -> None:
        from zonedesk.enterprises.models import Industry

        a = actor_for("investment")
        p = _new(a, industry_id=Industry.objects.get(code="34").pk)
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            services.parcel_set_indicators(
                actor=a, parcel_id=p.pk, data={"investment_intensity": D("200")}, version=p.version
            )
        assert "调整理由" in exc.value.errors["deviation_reason"]
        assert counts() == before

    def test_sale_schedules_the_review_and_stores_the_agreement(self, actor_for, audits, tmp_storage) -> None:
        a = actor_for("investment")
        p = _announced(a)
        sale = services.parcel_sell(
            actor=a, parcel_id=p.pk, data=_sale_data(), version=p.version, upload=("协议.pdf", PDF)
        )
        p.refresh_from_db()
        assert p.status == "sold" and sale.agreement is not None
        review = ProductionReview.objects.get(parcel=p)
        assert review.due_on == dt.date(2026, 9, 1)  # 达产 + the zone's 6 months
        [row] = audits("land.parcel.sell")
        assert row.after["review_due_on"] == "2026-09-01"
        # The zone's side of the sale, on the commitment register and linked to the sale.
        zone_side = {c.kind: c for c in sale.zone_commitments.select_related("department")}
        assert set(zone_side) == {"land", "infrastructure"}
        assert zone_side["land"].due_on == dt.date(2025, 4, 30) and zone_side["land"].department.code == "ZRJ"
        assert (
            zone_side["land"].enterprise_id == sale.enterprise_id
            and zone_side["land"].source_kind == "agreement"
        )
        assert sorted(row.after["zone_commitments"]) == sorted(c.number for c in zone_side.values())

    def test_commitment_below_the_indicator_is_refused(self, actor_for, counts) -> None:
        a = actor_for("investment")
        p = _announced(a)
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            services.parcel_sell(
                actor=a,
                parcel_id=p.pk,
                version=p.version,
                data=_sale_data(investment_intensity=D("250"), energy_per_output=D("0.3")),
            )
        assert "不能低于控制指标 280.00" in exc.value.errors["investment_intensity"]
        assert "不能高于" in exc.value.errors["energy_per_output"]
        assert counts() == before

    def test_enterprise_of_another_zone_is_refused(self, actor_for) -> None:
        a = actor_for("investment")
        p = _announced(a)
        jp = Enterprise.objects.filter(zone__code="JP").first()
        with pytest.raises(ValidationFailed) as exc:
            services.parcel_sell(
                actor=a, parcel_id=p.pk, version=p.version, data=_sale_data(enterprise_id=jp.pk)
            )
        assert "enterprise" in exc.value.errors

    def test_only_an_announced_parcel_is_sold(self, actor_for) -> None:
        a = actor_for("investment")
        p = _new(a)
        with pytest.raises(Conflict):
            services.parcel_sell(actor=a, parcel_id=p.pk, version=p.version, data=_sale_data())


class TestReview:
    def _due(self, a) -> ProductionReview:
        p = _announced(a)
        services.parcel_sell(actor=a, parcel_id=p.pk, data=_sale_data(), version=p.version)
        return ProductionReview.objects.get(parcel=p)

    def test_a_failed_review_records_the_consequence_and_is_audited(self, actor_for, audits) -> None:
        a = actor_for("investment")
        r = self._due(a)
        # 30 亩: 6000 万元 → 200 万元/亩 < 300; 240 万元 → 8 万元/亩 < 15: 违约金 (15 − 8) × 30 = 210
        r = services.review_decide(
            actor=a,
            review_id=r.pk,
            version=r.version,
            on=dt.date(2026, 6, 1),
            data={"investment_wan": D("6000"), "tax_wan": D("240")},
        )
        assert r.status == "failed" and r.consequence == "rectify_penalty"
        assert r.penalty_wan == D("210.00") and r.rectify_until == dt.date(2027, 6, 1)
        r.parcel.refresh_from_db()
        assert r.parcel.status == "reviewed"
        [row] = audits("land.review.decide")
        assert row.after["result"]["penalty_wan"] == "210.00"

    def test_a_review_is_decided_once(self, actor_for, counts) -> None:
        a = actor_for("investment")
        r = self._due(a)
        r = services.review_decide(
            actor=a,
            review_id=r.pk,
            version=r.version,
            data={"investment_wan": D("9000"), "tax_wan": D("600")},
        )
        assert r.status == "passed"
        before = counts()
        with pytest.raises(Conflict):
            services.review_decide(
                actor=a, review_id=r.pk, version=r.version, data={"investment_wan": D("1"), "tax_wan": D("1")}
            )
        assert counts() == before

    def test_negative_figures_are_refused(self, actor_for, counts) -> None:
        a = actor_for("investment")
        r = self._due(a)
        before = counts()
        with pytest.raises(ValidationFailed) as exc:
            services.review_decide(
                actor=a, review_id=r.pk, version=r.version, data={"investment_wan": D("-1"), "tax_wan": None}
            )
        assert set(exc.value.errors) == {"investment_wan", "tax_wan"}
        assert counts() == before


def test_demo_has_one_review_failed_with_its_consequence() -> None:
    failed = ProductionReview.objects.get(status="failed")
    assert failed.parcel.code == "LY-QH-30"
    assert failed.consequence == "rectify_penalty" and failed.penalty_wan == D("522.00")
    assert ProductionReview.objects.filter(status="passed", parcel__code="LY-TC-03").exists()
    assert ParcelSale.objects.filter(zone__code="LY").count() == 4


def test_codes_become_references_and_unknown_codes_are_reported(actor_for) -> None:
    from zonedesk.approvals.models import ConstructionProject, RegionalAssessment

    tc03 = Parcel.objects.get(code="LY-TC-03")
    assert ConstructionProject.objects.filter(parcel_refs=tc03, name="中玻高端玻璃深加工生产线项目").exists()
    assessment = RegionalAssessment.objects.filter(parcel_refs=tc03).first()
    assert assessment is not None and "LY-TC-01" in assessment.parcels  # unknown codes stay in the text
    report = services.parcel_links_sync(actor=actor_for("investment"), zone_id=tc03.zone_id)
    assert report["linked"] == 0  # idempotent: the demo already linked them
    assert any("LY-TC-01" in line for line in report["unknown"])
    assert any("LY-TC-04" in line and "工程建设项目" in line for line in report["unknown"])


def test_dashboard_land_figures_come_from_the_rows(django_assert_max_num_queries) -> None:
    from zonedesk.core.figures import Period
    from zonedesk.land.figures import land_figures

    zone = Zone.objects.get(code="LY")
    start, end = zone.reporting_period()
    with django_assert_max_num_queries(2):
        figures = {f.key: f.value for f in land_figures(frozenset({zone.pk}), Period(start, end))}
    assert figures["land.sold.count"] == 1 and figures["land.sold.area_mu"] == D("52.00")
    assert figures["land.sold.price"] == D("1560.00")
    assert figures["land.reviews.passed"] == 1 and figures["land.reviews.failed"] == 1


def test_the_data_migrations_link_codes_and_report_unknown_ones(capsys) -> None:
    import importlib

    from django.apps import apps

    from zonedesk.approvals.models import ConstructionProject
    from zonedesk.projects.models import Project

    approvals = importlib.import_module("zonedesk.approvals.migrations.0002_parcel_refs")
    projects = importlib.import_module("zonedesk.projects.migrations.0002_project_parcel_ref")
    tc03 = Parcel.objects.get(code="LY-TC-03")
    cp = ConstructionProject.objects.get(name="中玻高端玻璃深加工生产线项目")
    cp.parcel_refs.clear()
    pipeline = Project.objects.filter(zone=tc03.zone).first()
    Project.objects.filter(pk=pipeline.pk).update(parcel="LY-TC-03", parcel_ref=None)
    approvals.link_parcels(apps, None)
    projects.link_parcels(apps, None)
    assert list(cp.parcel_refs.all()) == [tc03]
    pipeline.refresh_from_db()
    assert pipeline.parcel_ref_id == tc03.pk and pipeline.parcel == "LY-TC-03"
    out = capsys.readouterr().out
    assert "LY-TC-04" in out and "kept as text" in out
