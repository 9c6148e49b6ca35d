"""user_create, user_set_roles, department_create: rules, scope and audit."""

from __future__ import annotations

from typing import Any

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, DepartmentKind, User, UserRole, Zone
from zonedesk.organisation.roles import Role
from zonedesk.organisation.services import department_create, user_create, user_set_roles
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Blue-harbour-2031"


@pytest.fixture
def admin(actor_for: Any) -> Actor:
    return actor_for("admin")


@pytest.fixture
def unchanged() -> Any:
    """unchanged() -> True when no user, role grant or audit row was added since the fixture."""
    def now() -> tuple[int, int, int]:
        return (User.objects.count(), UserRole.objects.count(),
                audit_rows())

    counts = now()

    def check() -> bool:
        return now() == counts

    return check


def create(actor: Actor, **kwargs: Any) -> User:
    zone = kwargs.pop("zone", None) or Zone.objects.get(code="LY")
    return user_create(actor=actor, zone=zone, username=kwargs.pop("username", "newbie"),
                       password=kwargs.pop("password", GOOD_PASSWORD), **kwargs)


class TestUserCreate:
    def test_creates_the_user_with_roles_and_audits_it(self, admin: Actor) -> None:
        user = create(admin, full_name="新人", roles={Role.REVIEWER, Role.DEPARTMENT_HEAD})
        assert user.roles == {Role.REVIEWER, Role.DEPARTMENT_HEAD}
        assert user.check_password(GOOD_PASSWORD)
        assert not user.is_staff
        record = AuditRecord.objects.get(action="user.create", object_id=str(user.pk))
        assert record.actor_id == admin.user.pk
        assert record.after["roles"] == ["department_head", "reviewer"]
        assert "password" not in record.after
        assert GOOD_PASSWORD not in str(record.after)

    def test_a_system_administrator_gets_the_admin_site(self, admin: Actor) -> None:
        assert create(admin, roles={Role.SYSTEM_ADMIN}).is_staff

    @pytest.mark.parametrize("roles", [
        {Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN},
        {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN},
        {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN},
        {Role.AUDIT_ADMIN, Role.LEADER},
        {Role.SECURITY_ADMIN, Role.WINDOW_CLERK},
    ])
    def test_conflicting_roles_are_refused_on_the_roles_field(
        self, admin: Actor, unchanged: Any, roles: set[str]
    ) -> None:
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles=roles)
        assert caught.value.field == "roles"
        assert set(caught.value.errors) == {"roles"}
        assert unchanged()

    def test_an_enterprise_user_with_a_staff_role_is_refused(
        self, admin: Actor, unchanged: Any
    ) -> None:
        enterprise = Enterprise.objects.filter(zone__code="LY").first()
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles={Role.ENTERPRISE, Role.STEWARD}, enterprise=enterprise)
        assert "企业用户不能兼任" in caught.value.errors["roles"]
        assert unchanged()

    def test_an_enterprise_user_alone_with_its_enterprise_is_allowed(self, admin: Actor) -> None:
        enterprise = Enterprise.objects.filter(zone__code="LY").first()
        user = create(admin, roles={Role.ENTERPRISE}, enterprise=enterprise)
        assert user.roles == {Role.ENTERPRISE}
        assert user.enterprise_id == enterprise.pk

    def test_an_enterprise_user_needs_an_enterprise(self, admin: Actor, unchanged: Any) -> None:
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles={Role.ENTERPRISE})
        assert "enterprise" in caught.value.errors
        assert unchanged()

    def test_staff_are_not_linked_to_an_enterprise(self, admin: Actor, unchanged: Any) -> None:
        enterprise = Enterprise.objects.filter(zone__code="LY").first()
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles={Role.STEWARD}, enterprise=enterprise)
        assert "enterprise" in caught.value.errors
        assert unchanged()

    def test_an_enterprise_of_another_zone_is_refused(self, admin: Actor, unchanged: Any) -> None:
        jp_enterprise = Enterprise.objects.filter(zone__code="JP").first()
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles={Role.ENTERPRISE}, enterprise=jp_enterprise)
        assert caught.value.errors["enterprise"] == "企业不属于该园区"
        assert unchanged()

    def test_an_unknown_role_is_refused(self, admin: Actor, unchanged: Any) -> None:
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles={"superuser"})
        assert "未知角色：superuser" in caught.value.errors["roles"]
        assert unchanged()

    @pytest.mark.parametrize(("password", "hint"), [
        ("Ab1-short", "12"),
        ("abcdefghijklmnop", "至少 2 类"),
        ("123456789012345", "数字"),
    ])
    def test_the_password_policy_applies(
        self, admin: Actor, unchanged: Any, password: str, hint: str
    ) -> None:
        with pytest.raises(ValidationFailed) as caught:
            create(admin, password=password, roles={Role.REVIEWER})
        assert hint in caught.value.errors["password"]
        assert unchanged()

    def test_a_taken_username_is_refused(self, admin: Actor, unchanged: Any) -> None:
        with pytest.raises(ValidationFailed) as caught:
            create(admin, username="window", roles={Role.REVIEWER})
        assert caught.value.errors == {"username": "用户名已被使用"}
        assert unchanged()

    def test_a_department_of_another_zone_is_refused(self, admin: Actor, unchanged: Any) -> None:
        jp_dept = Department.objects.get(zone__code="JP", code="SPJ")
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles={Role.REVIEWER}, department=jp_dept)
        assert "department" in caught.value.errors
        assert unchanged()

    def test_only_a_provincial_user_sees_other_zones(self, admin: Actor, unchanged: Any) -> None:
        with pytest.raises(ValidationFailed) as caught:
            create(admin, roles={Role.LEADER}, extra_zones=[Zone.objects.get(code="JP")])
        assert "extra_zones" in caught.value.errors
        assert unchanged()

    @pytest.mark.parametrize("username", ["security", "auditor", "window", "leader"])
    def test_only_the_system_administrator_creates_users(
        self, actor_for: Any, unchanged: Any, username: str
    ) -> None:
        with pytest.raises(ServiceError) as caught:
            create(actor_for(username), roles={Role.REVIEWER})
        assert (caught.value.code, caught.value.status) == ("forbidden", 403)
        assert unchanged()

    def test_a_system_administrator_creates_users_only_in_their_zone(
        self, admin: Actor, unchanged: Any
    ) -> None:
        with pytest.raises(ServiceError) as caught:
            create(admin, zone=Zone.objects.get(code="JP"), roles={Role.REVIEWER})
        assert caught.value.status == 404
        assert unchanged()

    def test_a_management_command_creates_users_in_any_zone(self) -> None:
        user = create(Actor.system("bootstrap"), zone=Zone.objects.get(code="JP"),
                      roles={Role.SYSTEM_ADMIN})
        assert user.zone.code == "JP"


class TestUserSetRoles:
    def test_changes_the_roles_and_audits_before_and_after(self, admin: Actor, demo_user: Any) -> None:
        reviewer = demo_user("reviewer")
        user_set_roles(actor=admin, user=reviewer, roles={Role.STEWARD, Role.INVESTMENT_OFFICER})
        reviewer.refresh_from_db()
        assert reviewer.roles == {Role.STEWARD, Role.INVESTMENT_OFFICER}
        record = AuditRecord.objects.filter(action="user.set_roles").latest("id")
        assert record.before == {"roles": ["reviewer"]}
        assert record.after == {"roles": ["investment_officer", "steward"]}
        assert record.object_id == str(reviewer.pk)

    @pytest.mark.parametrize(("target", "roles"), [
        ("security", {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}),
        ("admin", {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}),
        ("auditor", {Role.AUDIT_ADMIN, Role.LEADER}),
        ("window", {Role.WINDOW_CLERK, Role.SYSTEM_ADMIN}),
        ("enterprise", {Role.ENTERPRISE, Role.STEWARD}),
        ("window", {Role.WINDOW_CLERK, "root"}),
    ])
    def test_refused_on_the_roles_field_and_nothing_changes(
        self, admin: Actor, demo_user: Any, target: str, roles: set[str]
    ) -> None:
        user = demo_user(target)
        before = set(user.roles)
        rows = audit_rows()
        with pytest.raises(ValidationFailed) as caught:
            user_set_roles(actor=admin, user=user, roles=roles)
        assert caught.value.field == "roles"
        user.refresh_from_db()
        assert user.roles == before
        assert audit_rows() == rows

    def test_the_enterprise_role_needs_the_users_enterprise(
        self, admin: Actor, demo_user: Any
    ) -> None:
        with pytest.raises(ValidationFailed) as caught:
            user_set_roles(actor=admin, user=demo_user("window"), roles={Role.ENTERPRISE})
        assert "企业用户必须关联所属企业" in caught.value.errors["roles"]
        with pytest.raises(ValidationFailed):
            user_set_roles(actor=admin, user=demo_user("enterprise"), roles={Role.STEWARD})

    def test_granting_or_removing_system_admin_follows_is_staff(
        self, admin: Actor, demo_user: Any
    ) -> None:
        security = demo_user("security")
        assert user_set_roles(actor=admin, user=security, roles={Role.SYSTEM_ADMIN}).is_staff
        assert not user_set_roles(actor=admin, user=security, roles={Role.SECURITY_ADMIN}).is_staff

    @pytest.mark.parametrize("username", ["security", "auditor", "leader"])
    def test_only_the_system_administrator_sets_roles(
        self, actor_for: Any, demo_user: Any, username: str
    ) -> None:
        window = demo_user("window")
        with pytest.raises(ServiceError) as caught:
            user_set_roles(actor=actor_for(username), user=window, roles={Role.LEADER})
        assert caught.value.status == 403
        window.refresh_from_db()
        assert window.roles == {Role.WINDOW_CLERK}

    def test_a_user_of_another_zone_is_not_found(self, admin: Actor, demo_user: Any) -> None:
        jp_window = demo_user("jp-window")
        with pytest.raises(ServiceError) as caught:
            user_set_roles(actor=admin, user=jp_window, roles={Role.LEADER})
        assert caught.value.status == 404
        jp_window.refresh_from_db()
        assert jp_window.roles == {Role.WINDOW_CLERK}


class TestDepartmentCreate:
    def test_creates_and_audits(self, admin: Actor) -> None:
        zone = Zone.objects.get(code="LY")
        dept = department_create(actor=admin, zone=zone, code="NEW", name=" 新局 ",
                                 kind=DepartmentKind.BUREAU)
        assert dept.name == "新局"
        record = AuditRecord.objects.get(action="department.create", object_id=str(dept.pk))
        assert record.after["code"] == "NEW"

    @pytest.mark.parametrize(("kwargs", "field"), [
        ({"code": "SPJ"}, "code"),
        ({"name": "  "}, "name"),
        ({"kind": "ministry"}, "kind"),
    ])
    def test_invalid_input_is_refused(self, admin: Actor, unchanged: Any, kwargs: dict,
                                      field: str) -> None:
        args = {"code": "NEW", "name": "新局", "kind": DepartmentKind.BUREAU, **kwargs}
        with pytest.raises(ValidationFailed) as caught:
            department_create(actor=admin, zone=Zone.objects.get(code="LY"), **args)
        assert field in caught.value.errors
        assert unchanged()

    def test_a_parent_of_another_zone_is_refused(self, admin: Actor) -> None:
        with pytest.raises(ValidationFailed) as caught:
            department_create(actor=admin, zone=Zone.objects.get(code="LY"), code="NEW",
                              name="新局", kind=DepartmentKind.BUREAU,
                              parent=Department.objects.get(zone__code="JP", code="GWH"))
        assert "parent" in caught.value.errors

    def test_another_zone_is_not_found(self, admin: Actor) -> None:
        with pytest.raises(ServiceError) as caught:
            department_create(actor=admin, zone=Zone.objects.get(code="JP"), code="NEW",
                              name="新局", kind=DepartmentKind.BUREAU)
        assert caught.value.status == 404
        assert not Department.objects.filter(code="NEW").exists()
