"""Parks of a zone (园区载体): buildings, units with leasable area, leases, entries and exits
(腾笼换鸟) and incubation. Occupancy is computed from the leases (never stored)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned
from zonedesk.organisation.roles import Role

# Who sees the zone's parks, buildings and leases; the investment officer and the park
# operator (运营方, the company that runs the zone's parks) edit them.
PARK_READ_ROLES = frozenset(
    {Role.INVESTMENT_OFFICER, Role.PARK_OPERATOR, Role.LEADER, Role.PROVINCIAL, Role.STEWARD}
)
PARK_EDIT_ROLES = frozenset({Role.INVESTMENT_OFFICER, Role.PARK_OPERATOR})


class ParkKind(models.TextChoices):
    INDUSTRIAL = "industrial", _("产业园")
    INCUBATOR = "incubator", _("孵化基地")
    FACTORY = "factory", _("标准化厂房")


class ParkQuerySet(models.QuerySet):
    def visible_to(self, user) -> ParkQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class Park(ZoneOwned):
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=ParkKind.choices, default=ParkKind.INDUSTRIAL)

    objects = ParkQuerySet.as_manager()

    class Meta:
        verbose_name = _("产业园")
        verbose_name_plural = _("产业园")
        ordering = ["zone", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "name"],
                name="park_name_unique_in_zone",
                violation_error_message=_("本园区已有同名产业园"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Building(ZoneOwned):
    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("产业园")
    )
    name = models.CharField(_("楼栋"), max_length=60)
    floors = models.PositiveIntegerField(_("层数"), default=1)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["park", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "name"],
                name="parks_building_name_unique",
                violation_error_message=_("本产业园已有同名楼栋"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.park.name} {self.name}"


class UnitKind(models.TextChoices):
    FACTORY = "factory", _("标准厂房")
    OFFICE = "office", _("办公")
    WAREHOUSE = "warehouse", _("仓储")
    INCUBATOR = "incubator", _("孵化")


class UnitStatus(models.TextChoices):
    LEASABLE = "leasable", _("可出租")
    RENOVATING = "renovating", _("改造中")
    SELF_USE = "self_use", _("自用")


class Unit(ZoneOwned):
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="units", verbose_name=_("楼栋")
    )
    code = models.CharField(_("单元/房间"), max_length=40)
    floor = models.IntegerField(_("楼层"), default=1)
    area_m2 = models.DecimalField(_("可租面积（平方米）"), max_digits=12, decimal_places=2)
    kind = models.CharField(_("类型"), max_length=16, choices=UnitKind.choices, default=UnitKind.FACTORY)
    status = models.CharField(
        _("状态"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.LEASABLE
    )
    available_since = models.DateField(_("可出租起始日"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("单元")
        verbose_name_plural = _("单元")
        ordering = ["building", "floor", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "code"],
                name="parks_unit_code_unique",
                violation_error_message=_("本楼栋已有该单元编号"),
            ),
            models.CheckConstraint(
                condition=Q(area_m2__gt=0),
                name="parks_unit_area_positive",
                violation_error_message=_("可租面积须大于 0"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.code}"


class LeaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> LeaseQuerySet:
        """Park staff and leaders see their zones' leases; an enterprise its own."""
        if not user.is_authenticated:
            return self.none()
        roles = user.roles
        allowed = Q(pk__in=[])
        if roles & PARK_READ_ROLES:
            allowed |= Q(pk__isnull=False)
        if Role.ENTERPRISE in roles and user.enterprise_id:
            allowed |= Q(enterprise_id=user.enterprise_id)
        return self.filter(allowed, zone_id__in=user.visible_zone_ids)

    def active_on(self, day) -> LeaseQuerySet:
        return self.filter(start_on__lte=day, occupied_until__gte=day)


class Lease(ZoneOwned):
    """A tenant's lease of one unit. ``occupied_until`` is the contract's end, or the day the
    tenant left when it ended early; two leases of a unit never overlap (an exclusion
    constraint on PostgreSQL, the service's check under the unit's row lock everywhere)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leases", verbose_name=_("单元"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="leases", verbose_name=_("承租企业")
    )
    contract_no = models.CharField(_("合同编号"), max_length=40, blank=True)
    start_on = models.DateField(_("起租日"))
    end_on = models.DateField(_("到期日"))
    ended_on = models.DateField(_("提前退租日"), null=True, blank=True)
    occupied_until = models.DateField(_("实际占用至"))
    rent_yuan_m2_month = models.DecimalField(_("租金（元/平方米/月）"), max_digits=8, decimal_places=2)
    free_months = models.PositiveIntegerField(_("免租期（月）"), default=0)
    deposit_yuan = models.DecimalField(_("押金（元）"), max_digits=12, decimal_places=2, default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = LeaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("租约")
        verbose_name_plural = _("租约")
        ordering = ["-start_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__gte=models.F("start_on")),
                name="parks_lease_dates",
                violation_error_message=_("到期日不能早于起租日"),
            ),
            models.CheckConstraint(
                condition=Q(occupied_until__gte=models.F("start_on")),
                name="parks_lease_occupied",
                violation_error_message=_("退租日不能早于起租日"),
            ),
            models.CheckConstraint(
                condition=Q(rent_yuan_m2_month__gte=0),
                name="parks_lease_rent",
                violation_error_message=_("租金不能为负数"),
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "start_on", "occupied_until"]),
            models.Index(fields=["zone", "occupied_until"]),
            models.Index(fields=["zone", "start_on"]),
        ]


class ExitReason(models.TextChoices):
    INEFFICIENT = "inefficient", _("低效")
    EXPIRED = "expired", _("到期")
    BREACH = "breach", _("违约")
    MOVED = "moved", _("迁出")
    TRANSFORM = "transform", _("转型")


class ParkExit(ZoneOwned):
    """An enterprise leaving a park (退出), with the reason and its replacement (腾笼换鸟)."""

    park = models.ForeignKey(Park, on_delete=models.PROTECT, related_name="exits", verbose_name=_("产业园"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("退出企业")
    )
    lease = models.OneToOneField(Lease, null=True, blank=True, on_delete=models.PROTECT, related_name="exit")
    exited_on = models.DateField(_("退出日期"))
    reason = models.CharField(_("退出原因"), max_length=16, choices=ExitReason.choices)
    replacement = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("替换入驻企业"),
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("退出记录")
        verbose_name_plural = _("退出记录")
        ordering = ["-exited_on", "id"]
        indexes = [models.Index(fields=["zone", "exited_on"])]


class Incubation(ZoneOwned):
    """An enterprise incubated in a 孵化基地, until it graduates (毕业)."""

    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, related_name="incubations", verbose_name=_("孵化基地")
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name=_("在孵企业")
    )
    started_on = models.DateField(_("入孵日期"))
    graduated_on = models.DateField(_("毕业日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("孵化")
        verbose_name_plural = _("孵化")
        ordering = ["-started_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["park", "enterprise"],
                condition=Q(graduated_on__isnull=True),
                name="parks_incubation_open_unique",
                violation_error_message=_("该企业已在本基地孵化"),
            )
        ]
