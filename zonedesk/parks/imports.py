"""Excel import of buildings, units and leases through the shared flow
(core/register_import.py): each row names its park, building and unit by name, and is written
by the same service as the form, so the file gets the form's messages."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.register_import import ImportColumn, Importer, choice, importers, lookup
from zonedesk.enterprises.models import Enterprise
from zonedesk.parks import services
from zonedesk.parks.models import PARK_EDIT_ROLES, Building, Park, Unit, UnitKind, UnitStatus


def may_edit(user) -> bool:
    return user.is_authenticated and bool(user.roles & PARK_EDIT_ROLES)


def _park(zone_id: int, name: str | None) -> Park:
    park = Park.objects.filter(zone_id=zone_id, name=name).first() if name else None
    if park is None:
        raise ValidationFailed({"park": _("本园区没有名为“%(n)s”的产业园") % {"n": name or ""}})
    return park


def _building(zone_id: int, values: dict[str, Any]) -> Building:
    park = _park(zone_id, values.get("park"))
    building = Building.objects.filter(park=park, name=values.get("building")).first()
    if building is None:
        raise ValidationFailed(
            {"building": _("%(p)s没有楼栋“%(b)s”") % {"p": park.name, "b": values.get("building") or ""}}
        )
    return building


def _data(values: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The row's values the service reads: a blank optional cell leaves the service's default."""
    return {k: values[k] for k in keys if values.get(k) is not None}


def building_row(actor: Actor, zone_id: int, values: dict[str, Any]):
    park = _park(zone_id, values.get("park"))
    return services.building_create(
        actor=actor, park_id=park.pk, data={"name": values.get("name"), **_data(values, "floors", "note")}
    )


def unit_row(actor: Actor, zone_id: int, values: dict[str, Any]):
    building = _building(zone_id, values)
    return services.unit_create(
        actor=actor,
        building_id=building.pk,
        data=_data(values, "code", "floor", "area_m2", "kind", "status", "available_since"),
    )


def lease_row(actor: Actor, zone_id: int, values: dict[str, Any]):
    building = _building(zone_id, values)
    unit = Unit.objects.filter(building=building, code=values.get("unit")).first()
    errors = {}
    if unit is None:
        errors["unit"] = _("%(b)s没有单元“%(u)s”") % {"b": building, "u": values.get("unit") or ""}
    tenant = lookup(Enterprise, zone_id, values.get("enterprise") or "")
    if tenant is None:
        errors["enterprise"] = _("本园区企业库中没有“%(e)s”（填写企业名称或统一社会信用代码）") % {
            "e": values.get("enterprise") or ""
        }
    if errors:
        raise ValidationFailed(errors)
    return services.lease_create(
        actor=actor,
        unit_id=unit.pk,
        data={
            "enterprise_id": tenant.pk,
            **_data(
                values,
                "contract_no",
                "start_on",
                "end_on",
                "rent_yuan_m2_month",
                "free_months",
                "deposit_yuan",
            ),
        },
    )


PARK = ImportColumn("park", gettext_lazy("产业园"), required=True)
BUILDING = ImportColumn("building", gettext_lazy("楼栋"), required=True)

importers.register(
    Importer(
        kind="parks-buildings",
        label=gettext_lazy("楼栋"),
        columns=(
            PARK,
            ImportColumn("name", gettext_lazy("楼栋名称"), required=True),
            ImportColumn("floors", gettext_lazy("层数"), "int"),
            ImportColumn("note", gettext_lazy("说明")),
        ),
        write_row=building_row,
        may_edit=may_edit,
        back="parks:list",
    )
)
importers.register(
    Importer(
        kind="parks-units",
        label=gettext_lazy("单元"),
        columns=(
            PARK,
            BUILDING,
            ImportColumn("code", gettext_lazy("单元/房间"), required=True),
            ImportColumn("floor", gettext_lazy("楼层"), "int"),
            ImportColumn("area_m2", gettext_lazy("可租面积（平方米）"), "decimal", required=True),
            ImportColumn("kind", gettext_lazy("类型"), parse=choice(UnitKind.choices)),
            ImportColumn("status", gettext_lazy("状态"), parse=choice(UnitStatus.choices)),
            ImportColumn("available_since", gettext_lazy("可出租起始日"), "date"),
        ),
        write_row=unit_row,
        may_edit=may_edit,
        back="parks:list",
        note=gettext_lazy("楼栋须已登记（可先通过楼栋导入登记）。"),
    )
)
importers.register(
    Importer(
        kind="parks-leases",
        label=gettext_lazy("租约"),
        columns=(
            PARK,
            BUILDING,
            ImportColumn("unit", gettext_lazy("单元/房间"), required=True, fields=("unit_id",)),
            ImportColumn("enterprise", gettext_lazy("承租企业"), required=True),
            ImportColumn("contract_no", gettext_lazy("合同编号")),
            ImportColumn("start_on", gettext_lazy("起租日"), "date", required=True),
            ImportColumn("end_on", gettext_lazy("到期日"), "date", required=True),
            ImportColumn(
                "rent_yuan_m2_month", gettext_lazy("租金（元/平方米/月）"), "decimal", required=True
            ),
            ImportColumn("free_months", gettext_lazy("免租期（月）"), "int"),
            ImportColumn("deposit_yuan", gettext_lazy("押金（元）"), "decimal"),
        ),
        write_row=lease_row,
        may_edit=may_edit,
        back="parks:leases",
        note=gettext_lazy(
            "承租企业填写企业名称或统一社会信用代码；同一单元的租期不能重叠（与已有租约和文件中的其他行）。"
        ),
    )
)
