"""Policies speak the reader's language (issue 15): the services' refusals go through gettext,
and an award keeps how its amount was computed as a code with figures (``benefit:{...}``),
read in each reader's language; a basis stored as a sentence before stays readable."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from zonedesk.core.errors import Conflict, Forbidden, ValidationFailed
from zonedesk.enterprises.models import Enterprise
from zonedesk.policies import services
from zonedesk.policies.models import Award, Clause
from zonedesk.rules_engine.benefit import basis_display
from zonedesk.rules_engine.texts import HAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def clause():
    return Clause.objects.get(zone__code="LY", code="一.1")  # 研发投入后补助, 免申即享, cap 100


def ent(name_part: str) -> Enterprise:
    return Enterprise.objects.get(zone__code="LY", name__contains=name_part)


def test_refusals_read_in_english(actor_for, clause) -> None:
    with translation.override("en"):
        with pytest.raises(ValidationFailed) as exc:
            services.auto_award_confirm(
                actor=actor_for("investment"), clause_id=clause.pk, period=1990, enterprise_ids=[]
            )
        assert not HAN.search(str(exc.value.errors)), exc.value.errors
        with pytest.raises(Forbidden) as forbidden:
            services.auto_award_confirm(
                actor=actor_for("leader"), clause_id=clause.pk, period=2025, enterprise_ids=[ent("渤丰").pk]
            )
        assert forbidden.value.code == "forbidden" and not HAN.search(forbidden.value.message)
        with pytest.raises(ValidationFailed) as refused:
            services.auto_award_confirm(
                actor=actor_for("investment"),
                clause_id=clause.pk,
                period=2025,
                enterprise_ids=[ent("腾钢").pk],
            )
        # the enterprise's own name is zone data; the sentence around it is English
        message = refused.value.errors["enterprise_ids"]
        assert "does not qualify" in message and not HAN.search(message.replace(ent("腾钢").name, "")), (
            message
        )
        services.auto_award_confirm(
            actor=actor_for("investment"), clause_id=clause.pk, period=2025, enterprise_ids=[ent("渤丰").pk]
        )
        with pytest.raises(Conflict) as twice:
            services.auto_award_confirm(
                actor=actor_for("investment"),
                clause_id=clause.pk,
                period=2025,
                enterprise_ids=[ent("渤丰").pk],
            )
        assert twice.value.code == "already_awarded" and not HAN.search(twice.value.message)
    with translation.override("zh-hans"), pytest.raises(Conflict) as zh:
        services.auto_award_confirm(
            actor=actor_for("investment"), clause_id=clause.pk, period=2025, enterprise_ids=[ent("渤丰").pk]
        )
    assert zh.value.message == "已有 1 家企业本年度获得该条款兑现，不能重复确认"


def test_an_award_basis_is_stored_as_figures_and_read_per_language(actor_for, clause, login_client) -> None:
    with translation.override("zh-hans"):
        [award] = services.auto_award_confirm(
            actor=actor_for("investment"), clause_id=clause.pk, period=2025, enterprise_ids=[ent("渤丰").pk]
        )
    assert award.basis.startswith("benefit:") and not HAN.search(award.basis)
    with translation.override("zh-hans"):
        zh = basis_display(award.basis)
    with translation.override("en"):
        en = basis_display(award.basis)
    assert "万元" in zh and "=" in zh
    assert not HAN.search(en) and "CNY" in en, en
    client = login_client("investment")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("policies:award", args=[award.pk])).content.decode()
    assert escape(en) in page
    api = client.get(f"/api/policies/awards/{award.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["basis"] == en


def test_an_old_sentence_basis_stays_readable() -> None:
    with translation.override("en"):
        assert basis_display("定额 20 万元") == "定额 20 万元"
        assert basis_display("benefit:{broken") == "benefit:{broken"


def test_award_basis_fits_its_column(actor_for, clause) -> None:
    [award] = services.auto_award_confirm(
        actor=actor_for("investment"), clause_id=clause.pk, period=2025, enterprise_ids=[ent("科创").pk]
    )
    assert len(Award.objects.get(pk=award.pk).basis) <= 300
