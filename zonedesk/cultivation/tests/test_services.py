"""The ladder over the demo zone: computed tiers, certificates overriding, tier changes audited,
facts validated, the trace on the page and in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from zonedesk.audit.models import AuditRecord
from zonedesk.core.errors import Forbidden, ValidationFailed
from zonedesk.cultivation import selectors, services
from zonedesk.cultivation.models import EnterpriseFact, TierAssessment
from zonedesk.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def ent(name_part: str) -> Enterprise:
    return Enterprise.objects.get(zone__code="LY", name__contains=name_part)


def latest(e: Enterprise) -> TierAssessment:
    return TierAssessment.objects.filter(enterprise=e).latest("year")


def test_computed_tiers_of_the_demo() -> None:
    ald = latest(ent("阿拉丁"))
    # revenue 4,200 (2022) → 12,600 (2025): 44.22 % a year on a base over 1,000 万元
    assert (ald.year, ald.computed_tier, ald.tier) == (2025, "gazelle", "gazelle")
    assert ald.traces["high_tech"][0]["result"] == "passed"  # every 高企 condition met by the figures
    zb = latest(ent("中玻"))
    # certified; its own figures cannot decide 高企 (2023 is missing for the three-year ratio)
    assert (zb.tier, zb.certified, zb.traces["high_tech"][0]["result"]) == ("high_tech", True, "unknown")
    assert "请填报近三年研发费用占同期收入比例" in "".join(
        r.get("missing", "") for r in zb.traces["high_tech"]
    )
    tg = latest(ent("腾钢"))
    assert tg.tier == "" and tg.next_tier == "tech_sme"
    assert any("年销售收入不超过 2 亿元：21,300 万元" in m for m in tg.missing)


def test_certificate_overrides_and_its_valid_years() -> None:
    ws = TierAssessment.objects.filter(enterprise=ent("炜盛"))
    by_year = {a.year: a for a in ws}
    assert by_year[2025].certified and by_year[2025].tier == "high_tech"


def test_a_certificate_counts_only_in_the_years_it_was_valid(actor_for) -> None:
    ald = ent("阿拉丁")
    services.tier_certificate_record(
        actor=actor_for("investment"),
        enterprise_id=ald.pk,
        tier="high_tech",
        number="GR-TEST-1",
        issuer="测试",
        issued_on=dt.date(2025, 3, 1),
        valid_until=dt.date(2028, 2, 28),
    )
    services.tier_recompute(actor=actor_for("investment"), zone_id=ald.zone_id, enterprise_ids=[ald.pk])
    by_year = {a.year: a for a in TierAssessment.objects.filter(enterprise=ald)}

    def held(year: int) -> bool:
        return next(
            r["value"] for r in by_year[year].traces["tech_sme"] if r["fact"] == "certified_high_tech"
        )

    assert not held(2023)  # assessed at the end of 2024: not yet issued
    assert held(2024)  # assessed at the end of 2025


def test_tier_change_is_audited(actor_for) -> None:
    fm = ent("法马")
    assert latest(fm).tier == "eaglet"
    services.tier_certificate_record(
        actor=actor_for("investment"),
        enterprise_id=fm.pk,
        tier="unicorn",
        number="TEST-001",
        issuer="测试",
        issued_on=dt.date(2026, 1, 1),
        valid_until=dt.date(2028, 12, 31),
    )
    services.tier_recompute(actor=actor_for("investment"), zone_id=fm.zone_id, enterprise_ids=[fm.pk])
    a = latest(fm)
    assert (a.tier, a.computed_tier, a.certified) == ("unicorn", "eaglet", True)
    rec = AuditRecord.objects.filter(action="cultivation.tier.change", object_id=str(fm.pk)).latest("id")
    assert rec.before["tier"] == "eaglet" and rec.after["tier"] == "unicorn"


@pytest.mark.parametrize(
    "key, value, field, words",
    [
        ("total_assets", "abc", "value", "须为数值"),
        ("ip_class1", "1.5", "value", "须为整数"),
        ("key_tech_field", "maybe", "value", "须填 是 或 否"),
        ("revenue", "10", "key", "不可手工填报"),
        ("total_assets", "-1", "value", "不能为负数"),
    ],
)
def test_bad_facts_are_refused(actor_for, key, value, field, words) -> None:
    before = EnterpriseFact.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.enterprise_fact_record(
            actor=actor_for("investment"),
            enterprise_id=ent("腾钢").pk,
            key=key,
            year=2025,
            value=value,
            source="测试",
        )
    assert words in exc.value.errors[field]
    assert EnterpriseFact.objects.count() == before


def test_only_editors_record_facts(actor_for) -> None:
    with pytest.raises(Forbidden):
        services.enterprise_fact_record(
            actor=actor_for("leader"),
            enterprise_id=ent("腾钢").pk,
            key="total_assets",
            year=2025,
            value="1",
            source="x",
        )


def test_facts_for_a_batch_cost_the_same_queries(django_assert_max_num_queries) -> None:
    zone_id = ent("中玻").zone_id
    on = dt.date(2026, 6, 30)
    ids = list(Enterprise.objects.filter(zone_id=zone_id).values_list("pk", flat=True))
    with django_assert_max_num_queries(7):  # enterprises, figures, flags, facts, certificates, tiers
        list(selectors.snapshots(zone_ids=[zone_id], on=on, enterprise_ids=ids))


def test_page_and_api_show_the_trace(login_client) -> None:
    tg = ent("腾钢")
    client = login_client("investment")
    page = client.get(reverse("cultivation:enterprise", args=[tg.pk])).content.decode()
    assert "年销售收入不超过 2 亿元" in page and "超出 1,300 万元" in page
    data = client.get(f"/api/cultivation/enterprises/{tg.pk}").json()
    sme = next(t for t in data["tiers"] if t["tier"] == "tech_sme")
    row = next(r for r in sme["trace"] if r["fact"] == "revenue")
    assert (row["value"], row["threshold"], row["result"], row["gap"]) == (
        "21300",
        "20000",
        "failed",
        "超出 1,300 万元",
    )


def test_a_zone_configures_its_unicorn_rule(actor_for) -> None:
    from zonedesk.cultivation.ladder import UNICORN

    ald = ent("阿拉丁")
    rule = {
        **UNICORN,
        "params": {"unicorn_valuation": {"unit": "亿元", "values": [{"from": "2016-01-01", "value": "0.1"}]}},
    }
    services.enterprise_fact_record(
        actor=actor_for("investment"),
        enterprise_id=ald.pk,
        key="valuation",
        year=2025,
        value="2000",
        source="融资协议",
    )
    row = services.tier_rule_save(
        actor=actor_for("investment"),
        zone_id=ald.zone_id,
        tier="unicorn",
        rule=rule,
        note="演示：估值门槛 0.1 亿元",
    )
    assert row.number == 1
    services.tier_recompute(actor=actor_for("investment"), zone_id=ald.zone_id, enterprise_ids=[ald.pk])
    a = latest(ald)
    assert a.tier == "unicorn" and a.rule_versions["unicorn"] == 1
    with pytest.raises(ValidationFailed) as exc:
        services.tier_rule_save(
            actor=actor_for("investment"),
            zone_id=ald.zone_id,
            tier="unicorn",
            rule={"when": {"fact": "valuation", "op": ">=", "value": "5", "unit": "%"}},
        )
    assert "rule.when.unit" in exc.value.errors


def test_figures_per_tier() -> None:
    from zonedesk.core.figures import Period
    from zonedesk.cultivation.hooks import cultivation_figures

    zone_id = ent("中玻").zone_id
    figs = {
        f.key: f.value
        for f in cultivation_figures(frozenset([zone_id]), Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    }
    expected = TierAssessment.objects.filter(zone_id=zone_id, year=2025, tier="high_tech").count()
    assert figs["cultivation.tier.high_tech"] == expected == 3  # 中玻, 炜盛, 航天凌河
    assert figs["cultivation.new_high_tech"] == 1  # the one certificate issued in 2025: 航天凌河


def test_the_register_growth_tier_follows_the_ladder_and_is_audited(actor_for) -> None:
    ald = ent("阿拉丁")
    assert ald.growth_tier == latest(ald).tier == "gazelle"  # the demo's recompute synced it
    Enterprise.objects.filter(pk=ald.pk).update(growth_tier="unicorn")  # a stale hand-typed label
    actor = actor_for("investment")
    counts = services.tier_recompute(actor=actor, zone_id=ald.zone_id, enterprise_ids=[ald.pk])
    ald.refresh_from_db()
    assert (ald.growth_tier, counts["synced"]) == ("gazelle", 1)
    rows = AuditRecord.objects.filter(action="enterprises.growth_tier.sync", object_id=str(ald.pk))
    row = rows.latest("seq")
    assert (row.before, row.after["growth_tier"]) == ({"growth_tier": "unicorn"}, "gazelle")
    again = services.tier_recompute(actor=actor, zone_id=ald.zone_id, enterprise_ids=[ald.pk])
    assert again["synced"] == 0  # nothing to sync, nothing audited


def test_page_and_api_read_in_english(login_client) -> None:
    """The stored trace (computed in Chinese by the job) reads in English for an English reader;
    the API answers in the request's Accept-Language with the same codes."""
    # The middleware activates the request's language in this thread and leaves it there:
    # the override puts the site's language back for the tests that follow.
    with translation.override(settings.LANGUAGE_CODE):
        _read_in_english(login_client)


def _read_in_english(login_client) -> None:
    import re

    tg = ent("腾钢")
    client = login_client("investment")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("cultivation:enterprise", args=[tg.pk])).content.decode()
    assert "Annual sales revenue of no more than CNY 200 million" in page and "CNY 13 million over" in page
    client.cookies.pop("django_language")
    data = client.get(f"/api/cultivation/enterprises/{tg.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    sme = next(t for t in data["tiers"] if t["tier"] == "tech_sme")
    row = next(r for r in sme["trace"] if r["fact"] == "revenue")
    assert (row["value"], row["threshold"], row["op"], row["result"]) == ("21300", "20000", "<=", "failed")
    assert (row["gap"], row["gap_basis"]) == ("CNY 13 million over", {"over": "1300"})
    assert row["source"] == "yearly:2025"
    assert row["source_text"] == "2025 annual figures"
    han = re.compile(r"[\u4e00-\u9fff]")
    keys = ("value_text", "requirement", "gap")
    texts = [r[k] or "" for t in data["tiers"] for r in t["trace"] for k in keys]
    assert not [t for t in texts if han.search(t)]
    assert data["missing"] and not [m for m in data["missing"] if han.search(m)]
