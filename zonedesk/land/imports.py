"""Excel import of parcels through the shared flow (core/register_import.py): each row is
created by ``parcel_create``, so the file gets the form's messages (areas > 0, a polygon
inside China, a code unique in the zone)."""

from __future__ import annotations

import json
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.register_import import ImportColumn, Importer, choice, importers
from zonedesk.enterprises.models import Industry
from zonedesk.land import services
from zonedesk.land.models import LAND_EDIT_ROLES, LandUse
from zonedesk.organisation.models import Zone
from zonedesk.parks.models import Park


def may_edit(user) -> bool:
    return user.is_authenticated and bool(user.roles & LAND_EDIT_ROLES)


def _boundary(raw: Any, zone_id: int) -> Any:
    if raw is None or not str(raw).strip():
        return None
    try:
        return json.loads(str(raw))
    except ValueError as exc:
        raise ValueError(_("须为 GeoJSON 文本（Polygon，经纬度）")) from exc


def parcel_row(actor: Actor, zone_id: int, values: dict[str, Any]):
    data = {k: v for k, v in values.items() if k not in ("industry", "park") and v is not None}
    errors = {}
    if values.get("industry"):
        code = str(values["industry"]).strip().lstrip("ABCDEFGHIJKLMNOPQRST")
        industry = Industry.objects.filter(code=code).first()
        if industry is None:
            errors["industry"] = _("国民经济行业大类代码“%(c)s”不存在（GB/T 4754，如 C30 或 30）") % {
                "c": values["industry"]
            }
        else:
            data["industry_id"] = industry.pk
    if values.get("park"):
        park = Park.objects.filter(zone_id=zone_id, name=values["park"]).first()
        if park is None:
            errors["park"] = _("本园区没有名为“%(n)s”的产业园") % {"n": values["park"]}
        else:
            data["park_id"] = park.pk
    if errors:
        raise ValidationFailed(errors)
    return services.parcel_create(actor=actor, zone=Zone.objects.get(pk=zone_id), data=data)


importers.register(
    Importer(
        kind="land-parcels",
        label=gettext_lazy("地块"),
        columns=(
            ImportColumn("code", gettext_lazy("地块编号"), required=True),
            ImportColumn("location", gettext_lazy("位置")),
            ImportColumn("area_mu", gettext_lazy("面积（亩）"), "decimal"),
            ImportColumn("area_m2", gettext_lazy("面积（平方米）"), "decimal"),
            ImportColumn("land_use", gettext_lazy("用途"), parse=choice(LandUse.choices)),
            ImportColumn("industry", gettext_lazy("准入行业"), fields=("industry_id",)),
            ImportColumn("park", gettext_lazy("产业园"), fields=("park_id",)),
            ImportColumn("boundary", gettext_lazy("边界（GeoJSON）"), parse=_boundary),
            ImportColumn("note", gettext_lazy("说明")),
        ),
        write_row=parcel_row,
        may_edit=may_edit,
        back="land:list",
        note=gettext_lazy("面积填亩或平方米之一即可（1 亩 = 10000/15 平方米）；控制指标在地块页设置。"),
    )
)
