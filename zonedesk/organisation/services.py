"""Writes for zones, departments, users, roles, logins and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from zonedesk.audit.chain import sm3_hex
from zonedesk.audit.denied import audit_denied
from zonedesk.audit.models import Result
from zonedesk.audit.services import audit_event, audit_record
from zonedesk.core import throttle
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from zonedesk.core.jsonable import diff, snapshot
from zonedesk.organisation import totp
from zonedesk.organisation.devices import device_trusted
from zonedesk.organisation.models import (
    ApiToken,
    Department,
    DepartmentKind,
    MfaDevice,
    MfaRecoveryCode,
    Post,
    User,
    UserRole,
    Zone,
)
from zonedesk.organisation.roles import Role, role_conflicts


class LoginFailed(ServiceError):
    status = 401


# One answer for an unknown name, a wrong password and a locked account, so the answer never
# tells which accounts exist (the lockout is still explained, without saying whose it is).
BAD_CREDENTIALS = gettext_noop(
    "用户名或密码错误。连续失败多次的账号会被暂时锁定，请稍后再试或联系安全管理员。"
)


# --- login and lockout -------------------------------------------------------------------

def auth_login(*, username: str, password: str, ip: str | None, channel: str = "web",
               device: str | None = None) -> User:
    """Check a password, applying the lockout rule; every attempt is audited.

    The same message answers an unknown user and a wrong password, so the login form does
    not reveal which accounts exist; an unknown user costs one password hash too, so the
    answer's timing does not reveal it either. The hash is checked before the user's row is
    locked (it takes a good part of a second, and on SQLite a transaction holds the whole
    database's write lock); the count is then kept on the locked row, so concurrent
    attempts are each counted. Failures are committed before the error is raised: the
    failure count and its audit row must survive the refusal.

    ``device`` is the browser's known-device cookie (organisation/devices.py): with a valid
    one the account lockout and the per-account throttle do not apply, only the device's own
    throttle, so nobody can lock a user out by guessing wrong passwords elsewhere.
    """
    user = User.objects.filter(username=username, is_active=True).first()
    known = device_trusted(device, user)
    _login_throttle(username, ip, channel, known)
    if user is None:
        User().set_password(password)  # the same work as a real check
        audit_event(actor=Actor(user=None, ip=ip, channel=channel, label="anonymous"),
                    action="auth.login", object_type="organisation.user",
                    object_repr=username[:150], result=Result.FAILED,
                    message=gettext_noop("用户名不存在或已停用"))
        _login_failed(username, ip, None)
        raise LoginFailed("bad_credentials", _(BAD_CREDENTIALS))
    password_ok = user.check_password(password)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.password != user.password:  # changed meanwhile: the new one decides
            password_ok = locked.check_password(password)
            known = device_trusted(device, locked)
        failure = _login_apply(locked, Actor(user=locked, ip=ip, channel=channel),
                               password_ok and locked.is_active, known)
    if failure is not None:
        _login_failed(username, ip, known)
        raise failure
    return locked


def _login_throttle(username: str, ip: str | None, channel: str, known: str | None = None) -> None:
    """Refuse (429) a client address or an account name with too many recent failures, before
    any password is checked; the refusal is audited, aggregated per address and minute. A
    known device answers only to its own throttle: the address may be shared with the
    attacker (one office NAT) and the account name is what the attacker aims at."""
    try:
        if known:
            throttle.refuse_over("login-device", known, *settings.THROTTLE_LOGIN_DEVICE)
        else:
            throttle.refuse_over("login-ip", ip, *settings.THROTTLE_LOGIN_IP)
            throttle.refuse_over("login-account", username.casefold(), *settings.THROTTLE_LOGIN_ACCOUNT)
    except throttle.Throttled:
        audit_denied(actor=Actor(user=None, ip=ip, channel=channel, label="anonymous"),
                     method="POST", path=f"login:{username[:100]}", status=429)
        raise


def _login_failed(username: str, ip: str | None, known: str | None = None) -> None:
    if known:
        throttle.count("login-device", known, settings.THROTTLE_LOGIN_DEVICE[1])
        return
    if ip:
        throttle.count("login-ip", ip, settings.THROTTLE_LOGIN_IP[1])
    throttle.count("login-account", username.casefold(), settings.THROTTLE_LOGIN_ACCOUNT[1])


def _login_apply(user: User, who: Actor, password_ok: bool, known: str | None = None) -> LoginFailed | None:
    """Record one attempt on the locked row; the refusal to raise after commit, if any. From a
    known device the lockout neither refuses nor counts: the device's throttle does that."""
    now = timezone.now()
    is_locked = bool(user.locked_until and user.locked_until > now)
    if is_locked and not known:
        audit_record(actor=who, action="auth.login", obj=user, result=Result.DENIED,
                     message=gettext_noop("账号已锁定"))
        return LoginFailed("bad_credentials", _(BAD_CREDENTIALS))
    if password_ok:
        if known and is_locked:
            # The lock stays for unknown devices: whoever caused it may still be guessing.
            user.last_login = now
            user.save(update_fields=["last_login"])
            audit_record(actor=who, action="auth.login", obj=user,
                         message=gettext_noop("登录成功（账号对未知设备锁定中，已识别的设备不受影响）"))
            return None
        cleared = bool(user.failed_logins or user.locked_until)
        user.failed_logins = 0
        user.locked_until = None
        user.last_login = now
        user.save(update_fields=["failed_logins", "locked_until", "last_login"])
        audit_record(actor=who, action="auth.login", obj=user,
                     message=(gettext_noop("登录成功（失败计数清零）") if cleared
                              else gettext_noop("登录成功")))
        return None
    if known:
        audit_record(actor=who, action="auth.login", obj=user, result=Result.FAILED,
                     message=gettext_noop("密码错误（已识别的设备）"))
        return LoginFailed("bad_credentials", _(BAD_CREDENTIALS))
    user.failed_logins += 1
    lock = user.failed_logins >= settings.LOGIN_MAX_FAILURES
    if lock:
        user.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        user.failed_logins = 0
    user.save(update_fields=["failed_logins", "locked_until"])
    audit_record(actor=who, action="auth.login", obj=user, result=Result.FAILED,
                 message=gettext_noop("密码错误，账号锁定") if lock else gettext_noop("密码错误"))
    return LoginFailed("bad_credentials", _(BAD_CREDENTIALS))


def auth_logout(*, actor: Actor, session_key: str | None = None, token: str | None = None) -> list[int]:
    """Sign out; revokes the API tokens that this web session asked for and, from the API,
    the token the request came with. Returns the ids of the tokens revoked."""
    if actor.user is None:
        return []
    with transaction.atomic():
        live = ApiToken.objects.select_for_update().filter(user=actor.user, revoked=False)
        ended = models.Q(pk__in=[])
        if session_key:
            ended |= models.Q(session_key=session_key)
        if token:
            ended |= models.Q(digest=token_digest(token))
        revoked = sorted(live.filter(ended).values_list("pk", flat=True))
        if revoked:
            ApiToken.objects.filter(pk__in=revoked).update(revoked=True)
        audit_record(actor=actor, action="auth.logout", obj=actor.user,
                     after={"revoked_tokens": revoked} if revoked else None)
    return revoked


def user_unlock(*, actor: Actor, user: User) -> None:
    _require(actor, Role.SECURITY_ADMIN)
    _require_zone(actor, user.zone_id, _("用户不存在"))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = snapshot(locked, ["failed_logins", "locked_until"])
        locked.failed_logins = 0
        locked.locked_until = None
        locked.save(update_fields=["failed_logins", "locked_until"])
        audit_record(actor=actor, action="user.unlock", obj=locked, before=before,
                     after=snapshot(locked, ["failed_logins", "locked_until"]))
    # The per-account throttle too, or the unlocked user would still get 429 for minutes.
    throttle.reset("login-account", user.username.casefold(), settings.THROTTLE_LOGIN_ACCOUNT[1])


# --- the second factor (TOTP) ------------------------------------------------------------------

def mfa_required(user: User) -> bool:
    """Whether signing in as ``user`` needs a second factor: a role the setting names, or a
    device the user enrolled."""
    if user.roles & settings.MFA_REQUIRED_ROLES:
        return True
    return MfaDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def mfa_enrolled(user: User) -> bool:
    return MfaDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def mfa_enrol_start(*, actor: Actor, user: User) -> MfaDevice:
    """A new, unconfirmed authenticator key for ``user`` (replacing an unconfirmed one)."""
    with transaction.atomic():
        device = MfaDevice.objects.select_for_update().filter(user=user).first()
        if device is not None and device.confirmed_at is not None:
            raise Conflict("mfa_enrolled", _("已绑定动态口令；如需更换，请联系安全管理员重置。"))
        if device is None:
            device = MfaDevice(user=user, zone_id=user.zone_id)
        device.secret = totp.new_secret()
        device.last_step = 0
        device.save()
        audit_record(actor=actor, action="mfa.enrol_start", obj=user,
                     message=gettext_noop("生成动态口令密钥"))
    return device


def mfa_enrol_confirm(*, actor: Actor, user: User, code: str) -> list[str]:
    """Confirm the device with a first code; returns the recovery codes (shown once)."""
    with transaction.atomic():
        device = MfaDevice.objects.select_for_update().filter(user=user).first()
        if device is None or device.confirmed_at is not None:
            raise Conflict("mfa_no_pending_device", _("没有待绑定的动态口令，请重新开始绑定。"))
        step = totp.matching_step(device.secret, code, timezone.now().timestamp(), device.last_step)
        if step is None:
            raise ValidationFailed({"code": _("动态口令不正确或已过期，请输入验证器当前显示的 6 位数字")})
        device.confirmed_at = timezone.now()
        device.last_step = step
        device.save(update_fields=["confirmed_at", "last_step"])
        codes = _new_recovery_codes(user)
        audit_record(actor=actor, action="mfa.enrol", obj=user,
                     after={"confirmed_at": device.confirmed_at, "recovery_codes": len(codes)})
    return codes


def _new_recovery_codes(user: User) -> list[str]:
    MfaRecoveryCode.objects.filter(user=user).delete()
    codes = totp.new_recovery_codes()
    MfaRecoveryCode.objects.bulk_create(
        [MfaRecoveryCode(user=user, zone_id=user.zone_id,
                         digest=sm3_hex(totp.normalise_recovery_code(c).encode()))
         for c in codes])
    return codes


MFA_FAILED = gettext_noop("动态口令或恢复码不正确")


def mfa_verify(*, user: User, code: str, ip: str | None, channel: str = "web",
               device: str | None = None) -> str:
    """Check a TOTP code (or a recovery code) of an enrolled user; every attempt is audited and
    failures count towards the sign-in throttles (the device's own on a known device).
    Returns "totp" or "recovery"."""
    known = device_trusted(device, user)
    _login_throttle(user.username, ip, channel, known)
    who = Actor(user=user, ip=ip, channel=channel)
    with transaction.atomic():
        device = (MfaDevice.objects.select_for_update()
                  .filter(user=user, confirmed_at__isnull=False).first())
        if device is None:
            raise LoginFailed("mfa_not_enrolled", _("尚未绑定动态口令"))
        step = totp.matching_step(device.secret, code, timezone.now().timestamp(), device.last_step)
        if step is not None:
            device.last_step = step
            device.save(update_fields=["last_step"])
            audit_record(actor=who, action="auth.mfa", obj=user, message=gettext_noop("动态口令验证通过"))
            return "totp"
        digest = sm3_hex(totp.normalise_recovery_code(code).encode())
        spare = (MfaRecoveryCode.objects.select_for_update()
                 .filter(user=user, digest=digest, used_at__isnull=True).first())
        if spare is not None:
            spare.used_at = timezone.now()
            spare.save(update_fields=["used_at"])
            left = MfaRecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
            audit_record(actor=who, action="auth.mfa", obj=user,
                         message=f"使用恢复码登录（剩余 {left} 个）")
            return "recovery"
        audit_record(actor=who, action="auth.mfa", obj=user, result=Result.FAILED, message=MFA_FAILED)
    _login_failed(user.username, ip, known)
    raise LoginFailed("mfa_invalid", _(MFA_FAILED))


def mfa_reset(*, actor: Actor, user: User) -> None:
    """The security administrator removes a user's authenticator and recovery codes (a lost
    phone); the user enrols again at the next sign-in."""
    _require(actor, Role.SECURITY_ADMIN)
    _require_zone(actor, user.zone_id, _("用户不存在"))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        device = MfaDevice.objects.filter(user=locked).first()
        before = {"enrolled": bool(device and device.confirmed_at),
                  "recovery_codes": MfaRecoveryCode.objects.filter(user=locked, used_at__isnull=True).count()}
        MfaDevice.objects.filter(user=locked).delete()
        MfaRecoveryCode.objects.filter(user=locked).delete()
        audit_record(actor=actor, action="user.mfa_reset", obj=locked, before=before,
                     after={"enrolled": False, "recovery_codes": 0})


# --- API tokens ----------------------------------------------------------------------------

def token_digest(token: str) -> str:
    return sm3_hex(token.encode())


def api_token_issue(*, actor: Actor, user: User, session_key: str = "") -> str:
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(
            user=user, zone_id=user.zone_id, digest=token_digest(token),
            session_key=session_key or "",
            expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
        )
        audit_record(actor=actor, action="api_token.issue", obj=user,
                     after={"token_id": row.pk, "expires_at": row.expires_at})
    return token


def api_token_user(token: str) -> User | None:
    """The user of a live token: not revoked, not expired, and used within the idle timeout
    (API_TOKEN_IDLE_MINUTES); each use moves the idle clock (written at most once a minute)."""
    now = timezone.now()
    idle_since = now - dt.timedelta(minutes=settings.API_TOKEN_IDLE_MINUTES)
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked=False, expires_at__gt=now)
        .filter(models.Q(last_used_at__gt=idle_since)
                | models.Q(last_used_at__isnull=True, created_at__gt=idle_since))
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def api_token_revoke(*, actor: Actor, token_id: int, own_only: bool = False) -> ApiToken:
    """Revoke one of the actor's own tokens (a security administrator: any user's of their
    zone, unless ``own_only``)."""
    with transaction.atomic():
        qs = ApiToken.objects.select_for_update()
        if actor.user is None:
            raise NotFound()
        if Role.SECURITY_ADMIN in actor.user.roles and not own_only:
            qs = qs.filter(user__zone_id__in=actor.user.visible_zone_ids)
        else:
            qs = qs.filter(user=actor.user)
        row = qs.filter(pk=token_id).first()
        if row is None:
            raise NotFound(_("令牌不存在"))
        if row.revoked:
            raise Conflict("token_revoked", _("该令牌已吊销"))
        row.revoked = True
        row.save(update_fields=["revoked"])
        audit_record(actor=actor, action="api_token.revoke", obj=row.user,
                     before={"token_id": row.pk, "revoked": False},
                     after={"token_id": row.pk, "revoked": True})
    return row


# --- users and roles -------------------------------------------------------------------------

def _require(actor: Actor, *roles: str) -> None:
    if actor.user is None and actor.channel == "command":
        return  # management commands run as the deployment operator
    if actor.user is None or not actor.user.has_role(*roles):
        raise Forbidden("forbidden", _("当前角色无权执行此操作"))


def _require_zone(actor: Actor, zone_id: int | None, message: str) -> None:
    """An administrator acts only within the zones they see; anything else is not found."""
    if actor.user is None and actor.channel == "command":
        return
    if actor.user is None or zone_id not in actor.user.visible_zone_ids:
        raise NotFound(message)


def _role_problems(roles: set[str]) -> list[str]:
    problems = role_conflicts(roles)
    unknown = roles - set(Role.values)
    if unknown:
        names = pgettext("list separator", "、").join(sorted(unknown))
        problems.append(_("未知角色：%(roles)s") % {"roles": names})
    return problems


def _enterprise_problem(roles: set[str], enterprise_id: int | None) -> str:
    # An enterprise login sees its own enterprise only through this link; staff never have one.
    if Role.ENTERPRISE in roles and enterprise_id is None:
        return _("企业用户必须关联所属企业")
    if enterprise_id is not None and Role.ENTERPRISE not in roles:
        return _("只有企业用户可以关联企业")
    return ""


def _user_create_errors(*, zone: Zone, username: str, password: str, full_name: str,
                        roles: set[str], department: Department | None, enterprise: Any,
                        post: Post | None, extra_zones: Sequence[Zone],
                        check_password: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not username or len(username) > 150:
        errors["username"] = _("用户名必填，且不超过 150 个字符")
    elif User.objects.filter(username=username).exists():
        errors["username"] = _("用户名已被使用")
    problems = _role_problems(roles)
    if problems:
        errors["roles"] = "；".join(problems)
    enterprise_problem = _enterprise_problem(roles, enterprise.pk if enterprise else None)
    if enterprise_problem:
        errors["enterprise"] = enterprise_problem
    elif enterprise is not None and enterprise.zone_id != zone.pk:
        errors["enterprise"] = _("企业不属于该园区")
    if department is not None and department.zone_id != zone.pk:
        errors["department"] = _("部门不属于该园区")
    if post is not None and (department is None or post.department_id != department.pk):
        errors["post"] = _("岗位不属于所选部门")
    if extra_zones and Role.PROVINCIAL not in roles:
        errors["extra_zones"] = _("只有省级平台用户可以查看其他园区")
    if check_password:
        try:
            validate_password(password, User(username=username, full_name=full_name))
        except ValidationError as exc:
            errors["password"] = "；".join(exc.messages)
    return errors


def user_create(
    *, actor: Actor, zone: Zone, username: str, password: str, full_name: str = "",
    roles: set[str] | frozenset[str] = frozenset(), department: Department | None = None,
    enterprise: Any = None, phone: str = "", check_password: bool = True, post: Post | None = None,
    extra_zones: Sequence[Zone] = (),
) -> User:
    _require(actor, Role.SYSTEM_ADMIN)
    _require_zone(actor, zone.pk, _("园区不存在"))
    roles = set(roles)
    errors = _user_create_errors(zone=zone, username=username, password=password,
                                 full_name=full_name, roles=roles, department=department,
                                 enterprise=enterprise, post=post, extra_zones=extra_zones,
                                 check_password=check_password)
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            user = User(username=username, zone=zone, full_name=full_name, department=department,
                        enterprise=enterprise, phone=phone, password_changed_at=timezone.now(),
                        is_staff=Role.SYSTEM_ADMIN in roles, post=post)
            user.set_password(password)
            user.save()
            UserRole.objects.bulk_create(
                [UserRole(user=user, zone_id=user.zone_id, role=r) for r in sorted(roles)]
            )
            if extra_zones:
                user.extra_zones.set(extra_zones)
            audit_record(actor=actor, action="user.create", obj=user,
                         after={**snapshot(user), "roles": sorted(roles),
                                "extra_zones": sorted(z.code for z in extra_zones)})
    except IntegrityError as exc:
        # Two administrators creating the same username at once: the unique index decides.
        if User.objects.filter(username=username).exists():
            raise ValidationFailed({"username": _("用户名已被使用")}) from exc
        raise
    return user


def user_set_roles(*, actor: Actor, user: User, roles: set[str]) -> User:
    _require(actor, Role.SYSTEM_ADMIN)
    _require_zone(actor, user.zone_id, _("用户不存在"))
    roles = set(roles)
    problems = _role_problems(roles)
    enterprise_problem = _enterprise_problem(roles, user.enterprise_id)
    if enterprise_problem:
        problems.append(enterprise_problem)
    if problems:
        raise ValidationFailed({"roles": "；".join(problems)})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = sorted(locked.role_grants.values_list("role", flat=True))
        UserRole.objects.filter(user=locked).exclude(role__in=roles).delete()
        UserRole.objects.bulk_create(
            [UserRole(user=locked, zone_id=locked.zone_id, role=r) for r in sorted(roles - set(before))]
        )
        locked.is_staff = Role.SYSTEM_ADMIN in roles
        locked.save(update_fields=["is_staff"])
        audit_record(actor=actor, action="user.set_roles", obj=locked,
                     before={"roles": before}, after={"roles": sorted(roles)})
    user.__dict__.pop("roles", None)
    return locked


def user_update(
    *, actor: Actor, user: User, full_name: str, phone: str, department: Department | None,
    post: Post | None, is_active: bool, roles: set[str], new_password: str = "",
) -> User:
    """The administrator's edit of an account: details, roles, active flag and an optional
    password reset, validated together and written in one transaction (all or nothing)."""
    _require(actor, Role.SYSTEM_ADMIN)
    _require_zone(actor, user.zone_id, _("用户不存在"))
    roles = set(roles)
    errors: dict[str, str] = {}
    if not full_name.strip():
        errors["full_name"] = _("姓名必填")
    problems = _role_problems(roles)
    enterprise_problem = _enterprise_problem(roles, user.enterprise_id)
    if enterprise_problem:
        problems.append(enterprise_problem)
    if problems:
        errors["roles"] = "；".join(problems)
    if department is not None and department.zone_id != user.zone_id:
        errors["department"] = _("部门不属于该用户的园区")
    if post is not None and (department is None or post.department_id != department.pk):
        errors["post"] = _("岗位不属于所选部门")
    if actor.user is not None and actor.user.pk == user.pk and (
        not is_active or Role.SYSTEM_ADMIN not in roles
    ):
        errors["roles"] = _("不能停用自己或取消自己的系统管理员角色")
    if new_password:
        try:
            validate_password(new_password, user)
        except ValidationError as exc:
            errors["new_password"] = "；".join(exc.messages)
    if errors:
        raise ValidationFailed(errors)
    fields = ["full_name", "phone", "department_id", "post_id", "is_active", "is_staff"]
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = {**snapshot(locked, fields),
                  "roles": sorted(locked.role_grants.values_list("role", flat=True))}
        locked.full_name = full_name.strip()
        locked.phone = phone.strip()
        locked.department = department
        locked.post = post
        locked.is_active = is_active
        locked.is_staff = Role.SYSTEM_ADMIN in roles
        if new_password:
            locked.set_password(new_password)
            locked.password_changed_at = timezone.now()
        locked.save()
        UserRole.objects.filter(user=locked).exclude(role__in=roles).delete()
        UserRole.objects.bulk_create(
            [UserRole(user=locked, zone_id=locked.zone_id, role=r)
             for r in sorted(roles - set(before["roles"]))]
        )
        if new_password or not is_active:
            # A reset or a deactivation ends the API sessions the old credentials opened.
            ApiToken.objects.filter(user=locked, revoked=False).update(revoked=True)
        after = {**snapshot(locked, fields), "roles": sorted(roles)}
        b, a = diff(before, after)
        if new_password:
            a["password"] = "已重置"
        audit_record(actor=actor, action="user.update", obj=locked, before=b, after=a)
    locked.__dict__.pop("roles", None)
    return locked


def user_change_password(*, actor: Actor, user: User, old_password: str, new_password: str) -> None:
    """A user changes their own password; their API tokens die with the old one."""
    if actor.user is None or actor.user.pk != user.pk:
        raise Forbidden("forbidden", _("只能修改本人的密码"))
    errors: dict[str, str] = {}
    if not user.check_password(old_password):
        errors["old_password"] = _("原密码不正确")
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
        revoked = ApiToken.objects.filter(user=locked, revoked=False).update(revoked=True)
        audit_record(actor=actor, action="user.change_password", obj=locked,
                     after={"password_changed_at": locked.password_changed_at,
                            "api_tokens_revoked": revoked})


def user_set_large_text(*, actor: Actor, user: User, large_text: bool) -> User:
    """A person turns the large-text mode (适老化) of their own pages on or off."""
    if actor.user is None or actor.user.pk != user.pk:
        raise Forbidden("forbidden", _("只能修改本人的显示设置"))
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = locked.large_text
        locked.large_text = bool(large_text)
        locked.save(update_fields=["large_text"])
        audit_record(actor=actor, action="user.large_text", obj=locked,
                     before={"large_text": before}, after={"large_text": locked.large_text})
    return locked


def department_create(*, actor: Actor, zone: Zone, code: str, name: str, kind: str,
                      parent: Department | None = None, sort: int = 0, name_en: str = "") -> Department:
    _require(actor, Role.SYSTEM_ADMIN)
    _require_zone(actor, zone.pk, _("园区不存在"))
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("部门名称必填")
    if kind not in DepartmentKind.values:
        errors["kind"] = _("部门类别不正确")
    if Department.objects.filter(zone=zone, code=code).exists():
        errors["code"] = _("本园区已有相同编码的部门")
    if parent is not None and parent.zone_id != zone.pk:
        errors["parent"] = _("上级部门不属于该园区")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        dept = Department.objects.create(zone=zone, code=code, name=name.strip(), kind=kind,
                                         parent=parent, sort=sort, name_en=name_en.strip()[:200])
        audit_record(actor=actor, action="department.create", obj=dept, after=snapshot(dept))
    return dept


def reference_save(*, actor: Actor, instance: models.Model, action: str) -> None:
    """Generic audited save for reference data edited in the admin (catalogues, calendars)."""
    with transaction.atomic():
        before = {}
        if instance.pk:
            old = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
            before = snapshot(old) if old else {}
        instance.full_clean()
        instance.save()
        b, a = diff(before, snapshot(instance))
        audit_record(actor=actor, action=action, obj=instance, before=b, after=a)


def zone_bootstrap(*, actor: Actor, code: str, name: str, region_code: str) -> tuple[Zone, bool]:
    """Create a zone for a new deployment (or find it by code): the first step of `bootstrap`.
    Validation names each field; the creation is audited in the zone's own chain."""
    code, name, region_code = (code or "").strip(), (name or "").strip(), (region_code or "").strip()
    errors: dict[str, str] = {}
    if not code or len(code) > 16 or not code.isascii() or not code.replace("-", "").isalnum():
        errors["zone_code"] = _("园区编码须为 1–16 位字母、数字或连字符")
    if not name:
        errors["zone_name"] = _("请填写园区名称")
    if len(region_code) != 6 or not region_code.isdigit():
        errors["region_code"] = _("行政区划代码须为 6 位数字（GB/T 2260，如 211382）")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        zone = Zone.objects.select_for_update().filter(code=code).first()
        if zone is not None:
            return zone, False
        zone = Zone.objects.create(code=code, name=name, region_code=region_code,
                                   province_code=region_code[:2], is_default=not Zone.objects.exists())
        audit_record(actor=actor, action="zone.create", obj=zone, after=snapshot(zone))
    return zone, True
