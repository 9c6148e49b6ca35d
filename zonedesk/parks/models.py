"""Parks of a zone. Buildings, units and leases arrive with the parks capability (11)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.models import ZoneOwned


class ParkQuerySet(models.QuerySet):
    def visible_to(self, user) -> ParkQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(zone_id__in=user.visible_zone_ids)


class Park(ZoneOwned):
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ParkQuerySet.as_manager()

    class Meta:
        verbose_name = _("产业园")
        verbose_name_plural = _("产业园")
        ordering = ["zone", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="park_name_unique_in_zone",
                                               violation_error_message=_("本园区已有同名产业园"))]

    def __str__(self) -> str:
        return self.name
