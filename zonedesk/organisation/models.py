from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from zonedesk.core.i18n import EnglishNamed, english_active
from zonedesk.organisation.roles import ADMIN_ROLES, BUSINESS_STAFF_ROLES, ZONE_WIDE_ROLES, Role


class Zone(EnglishNamed):
    """An economic development zone. Every zone-owned row carries one (the distribution key).

    Its names are in Chinese; the optional English names (``name_en`` from ``EnglishNamed``,
    ``short_name_en``) show in English mode, else the Chinese name shows marked ``lang="zh-Hans"``
    (``{{ zone|local_name }}``, ``{{ zone|local_short_name }}``)."""

    code = models.CharField(_("代码"), max_length=16, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    short_name_en = models.CharField(
        _("英文简称"), max_length=60, blank=True,
        help_text=_("英文界面的页头显示此简称；留空时显示英文名称。"),
    )
    region_code = models.CharField(_("行政区划代码"), max_length=6)
    province_code = models.CharField(_("省级区划代码"), max_length=2)
    is_default = models.BooleanField(_("默认园区"), default=False)
    reporting_year = models.PositiveIntegerField(_("报告年度"), null=True, blank=True)
    # The date the zone's figures are reported "as of" (截至); the dashboard's default period
    # runs from 1 January of the reporting year to this date.
    reporting_until = models.DateField(_("报告截至日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("园区")
        verbose_name_plural = _("园区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def local_short_name(self) -> str:
        """The short name in the active language, as plain text (titles, options, the header)."""
        if english_active():
            return self.short_name_en or self.name_en or self.short_name or self.name
        return self.short_name or self.name

    def local_short_name_html(self) -> SafeString:
        if english_active() and not (self.short_name_en or self.name_en):
            return format_html('<span lang="zh-Hans">{}</span>', self.short_name or self.name)
        return format_html("{}", self.local_short_name)

    def reporting_period(self) -> tuple[dt.date, dt.date] | None:
        if not self.reporting_year:
            return None
        start = dt.date(self.reporting_year, 1, 1)
        end = self.reporting_until or dt.date(self.reporting_year, 12, 31)
        return start, end


class ZoneOwned(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, verbose_name=_("园区"), db_index=True)

    class Meta:
        abstract = True


class DepartmentKind(models.TextChoices):
    COMMITTEE = "committee", _("管委会")
    BUREAU = "bureau", _("管委会局室")
    GROUP = "group", _("集团")
    HQ = "hq", _("集团总部部室")
    SUBSIDIARY = "subsidiary", _("子公司")
    EXTERNAL = "external", _("外部单位")


class DepartmentQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> DepartmentQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class Department(EnglishNamed, ZoneOwned):
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("上级部门"),
    )
    code = models.CharField(_("编码"), max_length=32)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=16, choices=DepartmentKind.choices)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["zone", "sort", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "code"], name="department_code_unique_in_zone",
                violation_error_message=_("本园区已有相同编码的部门"),
            )
        ]

    def __str__(self) -> str:
        return self.local_name


class PostSystem(models.TextChoices):
    QUOTA = "quota", _("员额制")
    APPOINTMENT = "appointment", _("聘任制")
    ESTABLISHMENT = "establishment", _("编制内")


class Post(ZoneOwned):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="posts",
                                   verbose_name=_("部门"))
    name = models.CharField(_("岗位名称"), max_length=100)
    system = models.CharField(_("用人方式"), max_length=16, choices=PostSystem.choices,
                              default=PostSystem.APPOINTMENT)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["department", "name"]

    def __str__(self) -> str:
        return f"{self.department.name} · {self.name}"


class User(AbstractUser):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, null=True, blank=True,
                             verbose_name=_("所属园区"), related_name="users")
    # Provincial platform users may be granted further zones; everyone else sees one.
    extra_zones = models.ManyToManyField(Zone, blank=True, related_name="+",
                                         verbose_name=_("可查看的其他园区"))
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="members", verbose_name=_("部门"))
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL,
                             verbose_name=_("岗位"))
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="users",
                                   verbose_name=_("所属企业"))
    failed_logins = models.PositiveIntegerField(_("连续登录失败次数"), default=0)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    # 适老化: larger text on every page, chosen by the person and kept with their account.
    large_text = models.BooleanField(_("大字模式"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_enterprise_user(self) -> bool:
        return Role.ENTERPRISE in self.roles

    @property
    def is_business_staff(self) -> bool:
        return bool(self.roles & BUSINESS_STAFF_ROLES)

    @property
    def is_admin_role(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)

    @property
    def sees_whole_zone(self) -> bool:
        return bool(self.roles & ZONE_WIDE_ROLES)

    @cached_property
    def visible_zone_ids(self) -> frozenset[int]:
        ids = {self.zone_id} if self.zone_id else set()
        if Role.PROVINCIAL in self.roles:
            ids |= set(self.extra_zones.values_list("id", flat=True))
        return frozenset(ids)

    def refresh_from_db(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        for attr in ("roles", "visible_zone_ids"):
            self.__dict__.pop(attr, None)
        return super().refresh_from_db(*args, **kwargs)


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    # The user's home zone, copied when the row is made (the distribution column: a row lives
    # on its person's zone); empty only for an account of no zone (createsuperuser).
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("园区"))
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="user_role_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token; only its SM3 digest is stored, so a database leak reveals no token."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    # The user's home zone, copied when the row is made (the distribution column: a row lives
    # on its person's zone); empty only for an account of no zone (createsuperuser).
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("园区"))
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)
    # The web session that asked for the token (signed in when it called /api/auth/token):
    # signing out of that session revokes it (issue 16, point 3).
    session_key = models.CharField(max_length=40, blank=True, default="", db_index=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")


class MfaDevice(models.Model):
    """A user's TOTP authenticator (the second factor). Unconfirmed until a first code from
    it is entered; ``last_step`` stops a code being used twice."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="mfa_device",
                                verbose_name=_("用户"))
    # The user's home zone, copied when the row is made (the distribution column: a row lives
    # on its person's zone); empty only for an account of no zone (createsuperuser).
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("园区"))
    secret = models.CharField(_("密钥"), max_length=64)
    confirmed_at = models.DateTimeField(_("绑定时间"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")


class MfaRecoveryCode(models.Model):
    """A single-use recovery code; only its SM3 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mfa_recovery_codes")
    # The user's home zone, copied when the row is made (the distribution column: a row lives
    # on its person's zone); empty only for an account of no zone (createsuperuser).
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("园区"))
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")
        indexes = [models.Index(fields=["user", "digest"])]


class SsoProvider(models.TextChoices):
    OIDC = "oidc", _("统一身份认证（OpenID Connect）")
    CAS = "cas", _("统一身份认证（CAS）")


class SsoIdentity(ZoneOwned):
    """Which zone user an account of the province's 统一身份认证 signs in as (organisation/sso.py).

    Made on the first single sign-on, by matching a claim to exactly one active user, and then
    keyed on the provider's stable subject, so a later change of the matched claim (a new phone
    number, a renamed account) cannot move the sign-in to somebody else."""

    # zone: the user's, copied when linked (every zone-owned table carries its zone).
    provider = models.CharField(_("认证方式"), max_length=10, choices=SsoProvider.choices)
    subject = models.CharField(_("统一身份认证账号标识"), max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities",
                             verbose_name=_("用户"))
    created_at = models.DateTimeField(_("关联时间"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("最近登录"), null=True, blank=True)

    class Meta:
        verbose_name = _("统一身份认证关联")
        verbose_name_plural = _("统一身份认证关联")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_identity_subject_unique",
                                    violation_error_message=_("该统一身份认证账号已关联其他用户")),
            models.UniqueConstraint(fields=["provider", "user"], name="sso_identity_user_unique",
                                    violation_error_message=_("该用户已关联一个统一身份认证账号")),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"
