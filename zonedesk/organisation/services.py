"""Writes for zones, departments, users, roles, logins and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zonedesk.audit.chain import sm3_hex
from zonedesk.audit.models import Result
from zonedesk.audit.services import audit_event, audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.jsonable import diff, snapshot
from zonedesk.organisation.models import ApiToken, Department, User, UserRole, Zone
from zonedesk.organisation.roles import Role, role_conflicts


class LoginFailed(ServiceError):
    status = 401


# --- login and lockout -------------------------------------------------------------------

def _lockout_message(user: User) -> str:
    local = timezone.localtime(user.locked_until)
    return f"账号因连续 {settings.LOGIN_MAX_FAILURES} 次登录失败已被锁定，请于 {local:%H:%M} 后再试或联系安全管理员。"


def auth_login(*, username: str, password: str, ip: str | None, channel: str = "web") -> User:
    """Check a password, applying the lockout rule; every attempt is audited.

    The same message answers an unknown user and a wrong password, so the login form does
    not reveal which accounts exist. Failures are committed before the error is raised:
    the failure count and its audit row must survive the refusal.
    """
    now = timezone.now()
    outcome = "unknown"
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is not None and user.is_active:
            who = Actor(user=user, ip=ip, channel=channel)
            if user.locked_until and user.locked_until > now:
                audit_record(actor=who, action="auth.login", obj=user, result=Result.DENIED,
                             message="账号已锁定")
                outcome = "locked"
            elif authenticate(username=username, password=password) is not None:
                cleared = bool(user.failed_logins or user.locked_until)
                user.failed_logins = 0
                user.locked_until = None
                user.last_login = now
                user.save(update_fields=["failed_logins", "locked_until", "last_login"])
                audit_record(actor=who, action="auth.login", obj=user,
                             message="登录成功" + ("（失败计数清零）" if cleared else ""))
                return user
            else:
                user.failed_logins += 1
                outcome = "bad"
                if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
                    user.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
                    user.failed_logins = 0
                    outcome = "locked"
                user.save(update_fields=["failed_logins", "locked_until"])
                audit_record(actor=who, action="auth.login", obj=user, result=Result.FAILED,
                             message="密码错误" + ("，账号锁定" if outcome == "locked" else ""))
    if outcome == "locked":
        raise LoginFailed("locked", _lockout_message(user))
    if outcome == "unknown":
        audit_event(actor=Actor(user=None, ip=ip, channel=channel, label="anonymous"),
                    action="auth.login", object_type="organisation.user",
                    object_repr=username[:150], result=Result.FAILED,
                    message="用户名不存在或已停用")
    raise LoginFailed("bad_credentials", "用户名或密码错误")


def auth_logout(*, actor: Actor) -> None:
    if actor.user is None:
        return
    with transaction.atomic():
        audit_record(actor=actor, action="auth.logout", obj=actor.user)


def user_unlock(*, actor: Actor, user: User) -> None:
    _require(actor, Role.SECURITY_ADMIN)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(locked, ["failed_logins", "locked_until"])
        locked.failed_logins = 0
        locked.locked_until = None
        locked.save(update_fields=["failed_logins", "locked_until"])
        audit_record(actor=actor, action="user.unlock", obj=locked, before=before,
                     after=snapshot(locked, ["failed_logins", "locked_until"]))


# --- API tokens ----------------------------------------------------------------------------

def token_digest(token: str) -> str:
    return sm3_hex(token.encode())


def api_token_issue(*, actor: Actor, user: User) -> str:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user, digest=token_digest(token),
            expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
        )
        audit_record(actor=actor, action="api_token.issue", obj=user,
                     after={"token_id": row.pk, "expires_at": row.expires_at})
    return token


def api_token_user(token: str) -> User | None:
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked=False, expires_at__gt=timezone.now())
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


# --- users and roles -------------------------------------------------------------------------

def _require(actor: Actor, *roles: str) -> None:
    if actor.user is None and actor.channel == "command":
        return  # management commands run as the deployment operator
    if actor.user is None or not actor.user.has_role(*roles):
        raise ServiceError("forbidden", "当前角色无权执行此操作")


def user_create(
    *, actor: Actor, zone: Zone, username: str, password: str, full_name: str = "",
    roles: set[str] | frozenset[str] = frozenset(), department: Department | None = None,
    enterprise=None, phone: str = "", check_password: bool = True, post=None,
    extra_zones: list[Zone] | tuple[Zone, ...] = (),
) -> User:
    _require(actor, Role.SYSTEM_ADMIN)
    errors: dict[str, str] = {}
    if not username or len(username) > 150:
        errors["username"] = "用户名必填，且不超过 150 个字符"
    elif User.objects.filter(username=username).exists():
        errors["username"] = "用户名已被使用"
    problems = role_conflicts(set(roles))
    if problems:
        errors["roles"] = "；".join(problems)
    if Role.ENTERPRISE in roles and enterprise is None:
        errors["enterprise"] = "企业用户必须关联所属企业"
    if department is not None and department.zone_id != zone.pk:
        errors["department"] = "部门不属于该园区"
    if post is not None and (department is None or post.department_id != department.pk):
        errors["post"] = "岗位不属于所选部门"
    if extra_zones and Role.PROVINCIAL not in roles:
        errors["extra_zones"] = "只有省级平台用户可以查看其他园区"
    if check_password:
        try:
            validate_password(password, User(username=username, full_name=full_name))
        except ValidationError as exc:
            errors["password"] = "；".join(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        user = User(username=username, zone=zone, full_name=full_name, department=department,
                    enterprise=enterprise, phone=phone, password_changed_at=timezone.now(),
                    is_staff=Role.SYSTEM_ADMIN in roles, post=post)
        user.set_password(password)
        user.save()
        UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(roles)])
        if extra_zones:
            user.extra_zones.set(extra_zones)
        audit_record(actor=actor, action="user.create", obj=user,
                     after={**snapshot(user), "roles": sorted(roles),
                            "extra_zones": sorted(z.code for z in extra_zones)})
    return user


def user_set_roles(*, actor: Actor, user: User, roles: set[str]) -> User:
    _require(actor, Role.SYSTEM_ADMIN)
    problems = role_conflicts(roles)
    unknown = roles - set(Role.values)
    if unknown:
        problems.append("未知角色：" + "、".join(sorted(unknown)))
    if problems:
        raise ValidationFailed({"roles": "；".join(problems)})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = sorted(locked.role_grants.values_list("role", flat=True))
        UserRole.objects.filter(user=locked).exclude(role__in=roles).delete()
        UserRole.objects.bulk_create(
            [UserRole(user=locked, role=r) for r in sorted(roles - set(before))]
        )
        locked.is_staff = Role.SYSTEM_ADMIN in roles
        locked.save(update_fields=["is_staff"])
        audit_record(actor=actor, action="user.set_roles", obj=locked,
                     before={"roles": before}, after={"roles": sorted(roles)})
    user.__dict__.pop("roles", None)
    return locked


def user_change_password(*, actor: Actor, user: User, old_password: str, new_password: str) -> None:
    errors: dict[str, str] = {}
    if not user.check_password(old_password):
        errors["old_password"] = "原密码不正确"
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        errors["new_password"] = "；".join(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        locked.password_changed_at = timezone.now()
        locked.save(update_fields=["password", "password_changed_at"])
        audit_record(actor=actor, action="user.change_password", obj=locked)


def department_create(*, actor: Actor, zone: Zone, code: str, name: str, kind: str,
                      parent: Department | None = None, sort: int = 0) -> Department:
    _require(actor, Role.SYSTEM_ADMIN)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "部门名称必填"
    if Department.objects.filter(zone=zone, code=code).exists():
        errors["code"] = "本园区已有相同编码的部门"
    if parent is not None and parent.zone_id != zone.pk:
        errors["parent"] = "上级部门不属于该园区"
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        dept = Department.objects.create(zone=zone, code=code, name=name.strip(), kind=kind,
                                         parent=parent, sort=sort)
        audit_record(actor=actor, action="department.create", obj=dept, after=snapshot(dept))
    return dept


def reference_save(*, actor: Actor, instance, action: str) -> None:
    """Generic audited save for reference data edited in the admin (catalogues, calendars)."""
    with transaction.atomic():
        before = {}
        if instance.pk:
            old = type(instance).objects.select_for_update().filter(pk=instance.pk).first()
            before = snapshot(old) if old else {}
        instance.full_clean()
        instance.save()
        b, a = diff(before, snapshot(instance))
        audit_record(actor=actor, action=action, obj=instance, before=b, after=a)
