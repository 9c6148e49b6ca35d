"""Who may open what in policies: every demo login × every policies URL and API route."""

from __future__ import annotations

from functools import cached_property

import pytest
from django.urls import reverse

from zonedesk.core.tests.scope import Demo, url_names
from zonedesk.cultivation.tests.matrix import STAFF, STAFF_JP, STAFF_LY, Case, every, expect, run
from zonedesk.policies.models import Award, Clause, PolicyApplication

pytestmark = pytest.mark.django_db


class Objects(Demo):
    @cached_property
    def clause(self) -> Clause:
        return Clause.objects.get(zone__code="LY", code="一.1")

    @cached_property
    def application(self) -> PolicyApplication:  # the enterprise user's own, submitted
        return PolicyApplication.objects.get(enterprise=self.own, clause__code="引才.1")

    @cached_property
    def award(self) -> Award:  # the enterprise user's own, paid
        return Award.objects.get(enterprise=self.own, clause=self.clause)


RULE_FORM = {
    "depth_0": "0",
    "kind_0": "all",
    "depth_1": "1",
    "kind_1": "cond",
    "fact_1": "revenue",
    "op_1": ">=",
    "value_1": "4",
    "unit_1": "%",
    "benefit_kind": "fixed",
    "benefit_amount": "10",
    "action": "save",
    "version": "1",
}
BAD_RULE = {
    "rule": {"when": {"fact": "revenue", "op": ">=", "value": "4", "unit": "%"}},
    "benefit": {"kind": "fixed", "amount": "1"},
    "version": 1,
}

CASES = {
    "policies:list": Case("get", lambda d: reverse("policies:list"), expect(every(STAFF | {"enterprise"}))),
    "policies:recompute": Case(
        "post",
        lambda d: reverse("policies:recompute"),
        expect({**every(STAFF, "302x"), "window": "302", "investment": "302", "jp-window": "302"}),
    ),
    "policies:clause": Case(
        "get", lambda d: reverse("policies:clause", args=[d.clause.pk]), expect(every(STAFF_LY))
    ),
    # Only investment officers edit rules; a rule comparing money with a percentage is refused
    # on the page (200 with the error) and nothing is written.
    "policies:rule": Case(
        "post",
        lambda d: reverse("policies:rule", args=[d.clause.pk]),
        expect({"investment": "200"}),
        RULE_FORM,
    ),
    "policies:auto_confirm": Case(
        "post",
        lambda d: reverse("policies:auto_confirm", args=[d.clause.pk]),
        expect(every(STAFF_LY, "302x")),
        {"period": "2025"},
    ),
    "policies:enterprise[own]": Case(
        "get",
        lambda d: reverse("policies:enterprise", args=[d.own.pk]),
        expect(every(STAFF_LY | {"enterprise"})),
    ),
    "policies:enterprise[jp]": Case(
        "get",
        lambda d: reverse("policies:enterprise", args=[d.jp.pk]),
        expect(every(STAFF_JP | {"province"})),
    ),
    "policies:mine": Case("get", lambda d: reverse("policies:mine"), expect({"enterprise": "302"})),
    "policies:awards": Case(
        "get", lambda d: reverse("policies:awards"), expect(every(STAFF | {"enterprise"}))
    ),
    "policies:awards_export": Case(
        "get", lambda d: reverse("policies:awards_export"), expect(every(STAFF | {"enterprise"}))
    ),
    "policies:award": Case(
        "get",
        lambda d: reverse("policies:award", args=[d.award.pk]),
        expect(every(STAFF_LY | {"enterprise"})),
    ),
    # The award is paid: approving it again is refused with a message for everyone who sees it.
    "policies:award_act": Case(
        "post",
        lambda d: reverse("policies:award_act", args=[d.award.pk, "approve"]),
        expect(every(STAFF_LY | {"enterprise"}, "302x")),
        {"version": "1"},
    ),
    # Only enterprise users apply; an application for a 免申即享 clause is refused (nothing written).
    "policies:apply": Case(
        "post",
        lambda d: reverse("policies:apply", args=[d.clause.pk]),
        expect({"enterprise": "302x"}),
        {"period": "2025"},
    ),
    "policies:applications": Case(
        "get", lambda d: reverse("policies:applications"), expect(every(STAFF | {"enterprise"}))
    ),
    "policies:application": Case(
        "get",
        lambda d: reverse("policies:application", args=[d.application.pk]),
        expect(every(STAFF_LY | {"enterprise"})),
    ),
    # Refusing without a reason: everyone who sees it is sent back with a message.
    "policies:application_act": Case(
        "post",
        lambda d: reverse("policies:application_act", args=[d.application.pk, "refuse"]),
        expect(every(STAFF_LY | {"enterprise"}, "302x")),
        {"version": "1", "reason": ""},
    ),
    "api:policies[list]": Case(
        "api-get",
        lambda d: "/api/policies/",
        expect(every(STAFF | {"enterprise"}, "200"), default="200", anon="401"),
    ),
    "api:policies[evaluations]": Case(
        "api-get",
        lambda d: f"/api/policies/enterprises/{d.own.pk}/evaluations",
        expect(every(STAFF_LY | {"enterprise"}), anon="401"),
    ),
    "api:policies[matches]": Case(
        "api-get",
        lambda d: f"/api/policies/clauses/{d.clause.pk}/matches",
        expect({**every(STAFF_LY), **every(STAFF_JP, "404")}, default="403", anon="401"),
    ),
    "api:policies[rule]": Case(
        "api-post",
        lambda d: f"/api/policies/clauses/{d.clause.pk}/rules",
        expect({**every(STAFF_LY | {"enterprise"}, "403"), "investment": "422"}, anon="401"),
        BAD_RULE,
    ),
    "api:policies[award]": Case(
        "api-get",
        lambda d: f"/api/policies/awards/{d.award.pk}",
        expect(every(STAFF_LY | {"enterprise"}), anon="401"),
    ),
    "api:policies[award_act]": Case(
        "api-post",
        lambda d: f"/api/policies/awards/{d.award.pk}/approve",
        expect({**every(STAFF_LY | {"enterprise"}, "403"), "leader": "409"}, anon="401"),
        {"version": 3},
    ),
}


def test_every_url_of_the_app_has_a_case() -> None:
    names = {n for n in url_names() if n.startswith("policies:")}
    assert names == {k.split("[")[0] for k in CASES if not k.startswith("api:")}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matrix(client, name) -> None:
    assert run(client, CASES[name], Objects()) == CASES[name].expected
