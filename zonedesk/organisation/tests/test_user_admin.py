"""The system administrator's department tree and account pages."""

from __future__ import annotations

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.organisation.models import ApiToken, Department, User
from zonedesk.organisation.roles import Role
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def _dept(code: str) -> Department:
    return Department.objects.get(zone__code="LY", code=code)


@pytest.mark.parametrize("username", ["window", "leader", "auditor", "security", "enterprise"])
def test_user_pages_are_not_found_for_anyone_but_the_system_admin(login_client, demo_user, username):
    client = login_client(username)
    target = demo_user("reviewer")
    for url in ("/organisation/users/", "/organisation/users/new/",
                f"/organisation/users/{target.pk}/"):
        assert client.get(url).status_code == 404
    before = User.objects.count()
    response = client.post("/organisation/users/new/", {"username": "x1", "full_name": "某人",
                                                        "password": "Good-password-2026"})
    assert response.status_code == 404
    assert User.objects.count() == before


def test_department_tree_shows_the_group_1_plus_n_structure(login_client):
    body = login_client("leader").get("/organisation/").content.decode()
    for name in ("凌源经开发展投资集团有限公司", "人力资源部", "财务部", "综合管理部", "审计监察部",
                 "法务部", "凌源经开招商服务有限公司", "行政审批局（审批大厅）"):
        assert name in body
    assert "建平" not in body


def test_enterprise_user_has_no_organisation_page(login_client):
    assert login_client("enterprise").get("/organisation/").status_code == 404


def test_admin_creates_a_reviewer_and_the_creation_is_audited(login_client):
    client = login_client("admin")
    dept = _dept("GHJ")
    response = client.post("/organisation/users/new/", {
        "username": "newreviewer", "full_name": "新审批员", "phone": "13800000000",
        "department": dept.pk, "roles": [Role.REVIEWER], "password": "Planning-review-2026",
    })
    assert response.status_code == 302
    user = User.objects.get(username="newreviewer")
    assert user.roles == {Role.REVIEWER}
    assert user.department == dept
    assert AuditRecord.objects.filter(action="user.create", object_id=str(user.pk)).count() == 1


def test_combining_admin_roles_is_refused_on_the_roles_field_and_nothing_is_written(login_client):
    client = login_client("admin")
    before = (User.objects.count(), audit_rows())
    response = client.post("/organisation/users/new/", {
        "username": "twohats", "full_name": "两个帽子",
        "roles": [Role.SYSTEM_ADMIN, Role.AUDIT_ADMIN], "password": "Planning-review-2026",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "roles" in errors and "不同人员" in errors["roles"][0]
    assert (User.objects.count(), audit_rows()) == before


def test_weak_password_is_refused_with_the_policy_message(login_client):
    response = login_client("admin").post("/organisation/users/new/", {
        "username": "weak", "full_name": "弱密码", "roles": [Role.REVIEWER], "password": "short",
    })
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(username="weak").exists()


def test_edit_changes_roles_details_and_resets_password_in_one_audited_write(login_client, demo_user):
    client = login_client("admin")
    target = demo_user("reviewer")
    ApiToken.objects.create(user=target, digest="x" * 64, expires_at="2099-01-01T00:00:00Z")
    audit_before = AuditRecord.objects.filter(action="user.update").count()
    response = client.post(f"/organisation/users/{target.pk}/", {
        "full_name": "王建国（改）", "phone": "", "department": _dept("ZRJ").pk,
        "roles": [Role.REVIEWER, Role.DEPARTMENT_HEAD], "is_active": "on",
        "new_password": "Another-strong-2026",
    })
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "王建国（改）"
    assert target.roles == {Role.REVIEWER, Role.DEPARTMENT_HEAD}
    assert target.check_password("Another-strong-2026")
    assert not ApiToken.objects.filter(user=target, revoked=False).exists()
    record = AuditRecord.objects.filter(action="user.update").latest("id")
    assert AuditRecord.objects.filter(action="user.update").count() == audit_before + 1
    assert record.after["roles"] == [Role.DEPARTMENT_HEAD, Role.REVIEWER]
    assert record.after["password"] == "已重置"
    assert "zonedesk-demo" not in str(record.after)


def test_a_bad_edit_changes_nothing(login_client, demo_user):
    client = login_client("admin")
    target = demo_user("reviewer")
    response = client.post(f"/organisation/users/{target.pk}/", {
        "full_name": "改名", "department": _dept("GHJ").pk, "is_active": "on",
        "roles": [Role.REVIEWER, Role.SECURITY_ADMIN], "new_password": "",
    })
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.full_name == "王建国"
    assert target.roles == {Role.REVIEWER}


def test_admin_cannot_lock_themselves_out(login_client, demo_user):
    admin = demo_user("admin")
    response = login_client("admin").post(f"/organisation/users/{admin.pk}/", {
        "full_name": "系统管理员", "roles": [Role.SYSTEM_ADMIN], "new_password": "",
    })
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.is_active


def test_another_zones_user_is_not_found(login_client, demo_user):
    assert login_client("admin").get(f"/organisation/users/{demo_user('jp-leader').pk}/").status_code == 404
