"""The rule form edits nested trees (all / any / not) as an outline: saved as the tree, refused
with the row and the reason, dated parameters kept, and previewed with the trace."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zonedesk.policies.forms import RuleForm
from zonedesk.policies.models import Clause, ClauseRule
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def clause():
    return Clause.objects.get(zone__code="LY", code="一.1")  # all[…] with a dated parameter @rd_min


def row(i, depth, kind="cond", fact="", op="", value="", unit="", label=""):
    return {
        f"depth_{i}": str(depth),
        f"kind_{i}": kind,
        f"fact_{i}": fact,
        f"op_{i}": op,
        f"value_{i}": value,
        f"unit_{i}": unit,
        f"label_{i}": label,
    }


def post(client, clause, *rows, action="save", **extra):
    data = {"benefit_kind": "percent", "benefit_fact": "rd_spending", "benefit_rate": "10"}
    data |= {"benefit_cap": "100", "version": str(clause.version), "action": action, **extra}
    for r in rows:
        data |= r
    return client.post(reverse("policies:rule", args=[clause.pk]), data)


NESTED = (
    row(0, 0, "all"),
    row(1, 1, "any"),
    row(2, 2, fact="rd_ratio", op=">=", value="@rd_min", label="研发投入占比"),
    row(3, 2, "all"),
    row(4, 3, fact="tech_staff_ratio", op=">=", value="10", unit="%"),
    row(5, 3, fact="revenue", op="between", value="1000,20000", unit="万元"),
    row(6, 1, "not"),
    row(7, 2, fact="dishonest", op="is", value="是"),
)


def test_a_nested_tree_is_saved_as_the_tree_with_its_parameters(login_client, clause) -> None:
    response = post(login_client("investment"), clause, *NESTED)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = ClauseRule.objects.get(clause=clause, number=clause.rule_version + 1)
    assert saved.rule["when"] == {
        "all": [
            {
                "any": [
                    {"fact": "rd_ratio", "op": ">=", "value": {"param": "rd_min"}, "label": "研发投入占比"},
                    {
                        "all": [
                            {"fact": "tech_staff_ratio", "op": ">=", "value": "10", "unit": "%"},
                            {
                                "fact": "revenue",
                                "op": "between",
                                "min": "1000",
                                "max": "20000",
                                "unit": "万元",
                            },
                        ]
                    },
                ]
            },
            {"not": {"fact": "dishonest", "op": "is", "value": True}},
        ]
    }
    assert saved.rule["params"]["rd_min"]["values"][0]["value"] == "3"  # carried over
    # and the saved tree comes back into the same rows
    initial = RuleForm.initial_from(saved.rule, saved.benefit)
    assert [(initial[f"depth_{i}"], initial[f"kind_{i}"]) for i in range(8)] == [
        (r[f"depth_{i}"], r[f"kind_{i}"]) for i, r in enumerate(NESTED)
    ]
    assert (initial["value_2"], initial["value_5"]) == ("@rd_min", "1000,20000")


@pytest.mark.parametrize(
    "rows, words",
    [
        ((row(0, 0, "all"), row(1, 2, fact="tax", op=">", value="0")), "第 2 行：层级只能比上方的条件组深"),
        ((row(0, 0, fact="tax", op=">", value="0"), row(1, 1, fact="tax", op=">", value="1")), "单项条件"),
        ((row(0, 0, "not"), row(1, 0, fact="tax", op=">", value="0")), "第 2 行：最外层只能有一个"),
        ((row(0, 0, "all"), row(1, 1, "not")), "第 2 行：“不得满足”组下须有一个条件"),
        # a money fact against a percentage, two groups deep: the service's path becomes row 3
        (
            (row(0, 0, "any"), row(1, 1, "all"), row(2, 2, fact="revenue", op=">=", value="4", unit="%")),
            "第 3 行（rule.when.any[0].all[0].unit）",
        ),
        ((row(0, 0, "all"), row(1, 1, "any")), "第 2 行（rule.when.all[0].any）：条件组不能为空"),
    ],
)
def test_bad_outlines_are_refused_naming_the_row(login_client, clause, rows, words) -> None:
    before = (ClauseRule.objects.count(), audit_rows())
    response = post(login_client("investment"), clause, *rows)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert (ClauseRule.objects.count(), audit_rows()) == before


def test_preview_shows_the_trace_of_five_enterprises(login_client, clause) -> None:
    before = ClauseRule.objects.count()
    response = post(login_client("investment"), clause, *NESTED, action="preview")
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="preview-row"') == 5
    assert page.count('<ul class="trace">') == 5 and "研发投入占比" in page
    assert ClauseRule.objects.count() == before
