"""role_conflicts: separation of duties (三员分立) as a pure rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonedesk.organisation.roles import ADMIN_ROLES, BUSINESS_STAFF_ROLES, Role, role_conflicts

ADMINS = sorted(ADMIN_ROLES)
BUSINESS = sorted(BUSINESS_STAFF_ROLES)


@pytest.mark.parametrize("role", sorted(Role.values))
def test_any_single_role_is_allowed(role: str) -> None:
    assert role_conflicts({role}) == []


def test_no_role_at_all_is_allowed() -> None:
    assert role_conflicts(set()) == []


@pytest.mark.parametrize("pair", [
    {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN},
    {Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN},
    {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN},
    set(ADMIN_ROLES),
])
def test_two_administrator_roles_are_never_combined(pair: set[str]) -> None:
    problems = role_conflicts(pair)
    assert len(problems) == 1
    assert "须由不同人员担任" in problems[0]
    for role in pair:
        assert str(Role(role).label) in problems[0]


@pytest.mark.parametrize("admin", ADMINS)
@pytest.mark.parametrize("business", [*BUSINESS, Role.ENTERPRISE])
def test_an_administrator_role_is_never_combined_with_a_business_role(
    admin: str, business: str
) -> None:
    problems = role_conflicts({admin, business})
    assert any("管理员角色不能与业务角色同时授予" in p for p in problems)


@pytest.mark.parametrize("other", [r for r in Role.values if r != Role.ENTERPRISE])
def test_an_enterprise_user_holds_no_other_role(other: str) -> None:
    problems = role_conflicts({Role.ENTERPRISE, other})
    assert any("企业用户不能兼任" in p for p in problems)


def test_business_roles_combine_freely() -> None:
    assert role_conflicts({Role.DEPARTMENT_HEAD, Role.REVIEWER}) == []
    assert role_conflicts(set(BUSINESS)) == []


def test_every_reason_is_given_at_once() -> None:
    problems = role_conflicts({Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN, Role.ENTERPRISE})
    assert len(problems) == 3


@given(st.sets(st.sampled_from(sorted(Role.values))))
def test_the_rule_as_a_property(roles: set[str]) -> None:
    admins = roles & ADMIN_ROLES
    allowed = (
        len(admins) <= 1
        and not (admins and roles - ADMIN_ROLES)
        and not (Role.ENTERPRISE in roles and len(roles) > 1)
    )
    assert (role_conflicts(roles) == []) == allowed
