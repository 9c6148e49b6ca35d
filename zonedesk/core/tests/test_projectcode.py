"""The one 投资项目代码 rule, as both the pipeline and the approvals apply it."""

from __future__ import annotations

import pytest

from zonedesk.core import projectcode


@pytest.mark.parametrize("code", [
    "2026-211382-30-03-000105",  # the approvals module's example: year form YYYY
    "2017-210000-44-03-012345",
    "2106-211382-04-01-123456",  # year-and-month form YYMM
    " 2512－211322－04－02－000017 ",
])
def test_accepted(code: str) -> None:
    assert projectcode.problem(code) is None


@pytest.mark.parametrize(("code", "rule"), [
    ("2613-211382-30-03-000105", "time"),  # month 13, and no year 2613
    ("2013-211382-30-03-000105", "time"),  # before the platform: read as 2020-13
    ("2106-211382-04-01-12345", "length"),
    ("2106 211382-04-01-123456x", "separator"),
    ("2106-21138A-04-01-123456", "digits"),
    ("2106-991382-04-01-123456", "region"),
    ("2106-211382-00-01-123456", "department"),
    ("2106-211382-04-00-123456", "kind"),
])
def test_each_broken_rule_is_named(code: str, rule: str) -> None:
    found = projectcode.problem(code)
    assert found is not None and found.rule == rule
    assert "%(" not in found.message()


@pytest.mark.django_db
def test_both_modules_give_the_same_answer() -> None:
    """The pipeline's cleaning and the approvals' project_create accept the example alike and
    refuse month 13 alike, with the same message."""
    from zonedesk.approvals.models import ProjectCategory
    from zonedesk.approvals.services import project_create
    from zonedesk.core.actor import Actor
    from zonedesk.core.errors import ValidationFailed
    from zonedesk.organisation.models import User
    from zonedesk.projects import cleaning

    lookups = cleaning.Lookups(chains={}, parks={}, enterprises={}, stewards={})
    _, errors = cleaning.clean_project({"project_code": projectcode.EXAMPLE}, lookups, partial=True)
    assert "project_code" not in errors
    _, errors = cleaning.clean_project({"project_code": "2613-211382-30-03-000105"}, lookups, partial=True)
    pipeline_message = errors["project_code"]
    assert "2613" in pipeline_message

    user = User.objects.get(username="enterprise")
    category = ProjectCategory.objects.get(version__zone__code="LY", version__is_current=True,
                                           code="industrial_social")
    with pytest.raises(ValidationFailed) as exc:
        project_create(actor=Actor(user=user), enterprise_id=user.enterprise_id, name="月份测试",
                       code="2613-211382-30-03-000105", category_id=category.pk, parcels=["LY-TC-05"])
    assert exc.value.errors["code"] == pipeline_message
