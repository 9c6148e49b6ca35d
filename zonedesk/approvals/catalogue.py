"""The common catalogue template and the copy-on-write catalogue services.

Every zone's catalogue starts from TEMPLATE (limits and departments may differ per zone:
``catalogue_start(..., overrides=...)``). A revision copies the current version whole and
changes the copy; applications keep pointing at the version they started with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.approvals.catalogue_en import CATEGORIES_EN, ITEMS_EN, MATERIALS_EN
from zonedesk.approvals.models import (
    ApprovalItem,
    ApprovalSetting,
    CatalogueVersion,
    ItemMaterial,
    MaterialType,
    ProjectCategory,
    Requirement,
    Stage,
    StageLead,
)
from zonedesk.approvals.stage_models import ItemField
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.organisation.models import Department, Zone

R, S = Requirement.REQUIRED, Requirement.SECONDARY

# Documents of the enterprise itself, reused by all its projects; every other material (site
# plans, contracts, permits) is reused only within the project it was given for.
ENTERPRISE_WIDE = frozenset({"BIZ_LICENSE"})
# code -> (name, months valid or None)
MATERIALS: dict[str, tuple[str, int | None]] = {
    "BIZ_LICENSE": ("营业执照", None),
    "PROJ_REPORT": ("项目申请报告（备案信息表）", None),
    "SITE_PLAN": ("项目选址及总平面图", None),
    "LAND_CONTRACT": ("国有建设用地使用权出让合同", None),
    "DESIGN": ("建设工程设计方案", None),
    "EIA_REPORT": ("环境影响报告表", None),
    "SOIL_PLAN": ("水土保持方案报告书", None),
    "WATER_DEMAND": ("用水/用电/用气/用热需求表", None),
    "DRAWINGS": ("施工图设计文件", None),
    "CONTRACT": ("施工合同及中标通知书", None),
    "SUPERVISION": ("监理合同", None),
    "FUNDS": ("建设资金落实承诺", 12),
    "SAFETY": ("安全生产措施备案表", 12),
    "COMPLETION": ("竣工验收报告", None),
    "TESTS": ("工程质量检测报告", None),
    "ARCHIVE": ("城建档案预验收意见", None),
    # Certificates issued by items below enter the material library as these types.
    "CERT_FILING": ("企业投资项目备案证明", None),
    "CERT_SITE": ("建设项目用地预审与选址意见书", 36),
    "CERT_LAND_PLAN": ("建设用地规划许可证", None),
    "CERT_BUILD_PLAN": ("建设工程规划许可证", None),
    "CERT_CONSTRUCT": ("建筑工程施工许可证", None),
    "CERT_ACCEPT": ("竣工联合验收意见书", None),
}


@dataclass(frozen=True)
class TemplateItem:
    code: str
    name: str
    stage: str
    department: str  # department code in the zone
    statutory: int
    promised: int
    materials: tuple[tuple[str, str], ...]
    utility: str = ""  # the UtilityKind of a hook-up item
    waivable_by: str = ""
    certificate: str = ""  # material code of the certificate it issues


TEMPLATE: tuple[TemplateItem, ...] = (
    TemplateItem(
        "L01",
        "企业投资项目备案",
        Stage.LAND,
        "SPJ",
        3,
        1,
        (("BIZ_LICENSE", R), ("PROJ_REPORT", R)),
        certificate="CERT_FILING",
    ),
    TemplateItem(
        "L02",
        "建设项目用地预审与选址意见书",
        Stage.LAND,
        "ZRJ",
        20,
        5,
        (("BIZ_LICENSE", R), ("SITE_PLAN", R), ("PROJ_REPORT", R)),
        certificate="CERT_SITE",
    ),
    TemplateItem(
        "L03",
        "建设用地规划许可证核发",
        Stage.LAND,
        "ZRJ",
        20,
        5,
        (("SITE_PLAN", R), ("LAND_CONTRACT", S)),
        certificate="CERT_LAND_PLAN",
    ),
    TemplateItem(
        "L04", "压覆重要矿产资源审批", Stage.LAND, "ZRJ", 20, 5, (("SITE_PLAN", R),), waivable_by="minerals"
    ),
    TemplateItem(
        "L05",
        "地质灾害危险性评估备案",
        Stage.LAND,
        "ZRJ",
        20,
        3,
        (("SITE_PLAN", R),),
        waivable_by="geohazard",
    ),
    TemplateItem(
        "L06",
        "社会稳定风险评估审查",
        Stage.LAND,
        "SPJ",
        20,
        5,
        (("PROJ_REPORT", R),),
        waivable_by="stability",
    ),
    TemplateItem(
        "B01",
        "建设工程规划许可证核发",
        Stage.BUILD,
        "GHJ",
        20,
        5,
        (("CERT_LAND_PLAN", R), ("DESIGN", R), ("LAND_CONTRACT", S)),
        certificate="CERT_BUILD_PLAN",
    ),
    TemplateItem(
        "B02", "建设项目环境影响评价审批", Stage.BUILD, "AHJ", 60, 10, (("EIA_REPORT", R), ("SITE_PLAN", R))
    ),
    TemplateItem(
        "B03", "水土保持方案审批", Stage.BUILD, "AHJ", 20, 5, (("SOIL_PLAN", R),), waivable_by="soil"
    ),
    TemplateItem(
        "B04", "取水许可（水资源论证）", Stage.BUILD, "AHJ", 20, 5, (("PROJ_REPORT", R),), waivable_by="water"
    ),
    TemplateItem(
        "B05",
        "文物保护意见（考古调查勘探）",
        Stage.BUILD,
        "GHJ",
        20,
        5,
        (("SITE_PLAN", R),),
        waivable_by="relics",
    ),
    TemplateItem("B06", "供水报装", Stage.BUILD, "WB-GS", 10, 3, (("WATER_DEMAND", R),), utility="water"),
    TemplateItem("B07", "供电报装", Stage.BUILD, "WB-GD", 10, 3, (("WATER_DEMAND", R),), utility="power"),
    TemplateItem("B08", "供气报装", Stage.BUILD, "WB-RQ", 10, 3, (("WATER_DEMAND", R),), utility="gas"),
    TemplateItem("B09", "供热报装", Stage.BUILD, "WB-RL", 10, 3, (("WATER_DEMAND", R),), utility="heat"),
    TemplateItem(
        "C01",
        "施工图设计文件审查备案",
        Stage.CONSTRUCT,
        "GHJ",
        10,
        3,
        (("DRAWINGS", R), ("CERT_BUILD_PLAN", R)),
    ),
    TemplateItem(
        "C02",
        "建筑工程施工许可证核发",
        Stage.CONSTRUCT,
        "GHJ",
        7,
        3,
        (("CERT_BUILD_PLAN", R), ("CONTRACT", R), ("SUPERVISION", S), ("FUNDS", S), ("SAFETY", S)),
        certificate="CERT_CONSTRUCT",
    ),
    TemplateItem(
        "F01",
        "竣工联合验收",
        Stage.COMPLETE,
        "GHJ",
        20,
        5,
        (("COMPLETION", R), ("TESTS", S), ("ARCHIVE", S)),
        certificate="CERT_ACCEPT",
    ),
    TemplateItem("F02", "竣工验收备案", Stage.COMPLETE, "GHJ", 5, 2, (("COMPLETION", R),)),
)

# The data fields of the one form per stage (一张表单): key -> (label, type, unit, required,
# pattern, min, max, prefill). A field with no prefill source is carried over from the same key
# of an earlier stage's form; ``parcel.*`` reads the land register's parcels of the site. Each
# field is the data its items decide on, so each is required (the applicant types what no
# register holds).
FIELDS: dict[str, tuple] = {
    "enterprise_name": ("建设单位", "text", "", True, "", None, None, "enterprise.name"),
    "credit_code": ("统一社会信用代码", "text", "", True, r"[0-9A-HJ-NPQRTUWXY]{18}", None, None,
                    "enterprise.credit_code"),
    "project_name": ("项目名称", "text", "", True, "", None, None, "project.name"),
    "project_code": ("投资项目代码", "text", "", True, "", None, None, "project.code"),
    "parcels": ("建设地块", "text", "", True, "", None, None, "project.parcels"),
    "site_location": ("建设地点", "text", "", True, "", None, None, "parcel.location"),
    "land_use": ("土地用途", "text", "", True, "", None, None, "parcel.land_use"),
    "total_investment_wan": ("总投资", "number", "万元", True, "", "0", "10000000", ""),
    "land_area_m2": ("用地面积", "number", "平方米", True, "", "1", "100000000", "parcel.area_m2"),
    "plot_ratio": ("容积率", "number", "", True, "", "0", "20", ""),
    "floor_area_m2": ("总建筑面积", "number", "平方米", True, "", "1", "100000000", ""),
    "water_m3_day": ("最高日用水量", "number", "立方米/日", True, "", "0", "1000000", ""),
    "power_kva": ("申请用电容量", "number", "千伏安", True, "", "0", "10000000", ""),
    "contractor": ("施工单位", "text", "", True, "", None, None, ""),
    "contract_price_wan": ("施工合同价格", "number", "万元", True, "", "0", "10000000", ""),
    "construction_start": ("计划开工日期", "date", "", True, "", None, None, ""),
    "completion_date": ("竣工日期", "date", "", True, "", None, None, ""),
}
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    "L01": ("enterprise_name", "credit_code", "project_name", "project_code", "site_location",
            "total_investment_wan"),
    "L02": ("enterprise_name", "project_name", "parcels", "site_location", "land_use", "land_area_m2"),
    "L03": ("parcels", "land_use", "land_area_m2", "plot_ratio"),
    "L04": ("parcels",),
    "L05": ("parcels",),
    "L06": ("project_name", "total_investment_wan"),
    "B01": ("project_name", "parcels", "floor_area_m2", "plot_ratio"),
    "B02": ("project_name", "total_investment_wan"),
    "B03": ("parcels", "land_area_m2"),
    "B04": ("water_m3_day",),
    "B05": ("parcels",),
    "B06": ("water_m3_day",),
    "B07": ("power_kva",),
    "B08": ("floor_area_m2",),
    "B09": ("floor_area_m2",),
    "C01": ("floor_area_m2",),
    "C02": ("enterprise_name", "contractor", "contract_price_wan", "construction_start", "floor_area_m2"),
    "F01": ("completion_date", "floor_area_m2"),
    "F02": ("completion_date",),
}


def item_fields_create(zone, item: ApprovalItem) -> None:
    rows = []
    for sort, key in enumerate(ITEM_FIELDS.get(item.code, ())):
        label, type_, unit, required, pattern, lo, hi, prefill = FIELDS[key]
        rows.append(
            ItemField(
                zone=zone, item=item, key=key, label=label, type=type_, unit=unit, required=required,
                pattern=pattern, min_value=Decimal(lo) if lo else None, max_value=Decimal(hi) if hi else None,
                prefill=prefill, sort=sort,
            )
        )
    ItemField.objects.bulk_create(rows)


# What the applicant pays per item, in 元 (*configurable* reference values of the catalogue):
# administrative licences are free by law (行政许可法 art. 58); the applicant pays the technical
# reports an item needs — those a regional assessment replaces — and the hook-up works of the
# utilities for a small industrial connection.
FEES: dict[str, Decimal] = {
    "L04": Decimal("120000"),  # 压覆矿产资源评估报告
    "L05": Decimal("85000"),  # 地质灾害危险性评估报告
    "L06": Decimal("60000"),  # 社会稳定风险评估报告
    "B02": Decimal("50000"),  # 环境影响报告表编制
    "B03": Decimal("90000"),  # 水土保持方案编制
    "B04": Decimal("100000"),  # 水资源论证报告
    "B05": Decimal("75000"),  # 考古调查勘探
    "B06": Decimal("8000"),  # 供水接入工程
    "B07": Decimal("0"),  # 供电：小微企业低压接入“零投资”
    "B08": Decimal("12000"),  # 供气接入工程
    "B09": Decimal("15000"),  # 供热接入工程
    "C01": Decimal("30000"),  # 施工图审查（技术审查服务）
}

LEADS = {Stage.LAND: "ZRJ", Stage.BUILD: "GHJ", Stage.CONSTRUCT: "GHJ", Stage.COMPLETE: "GHJ"}
CATEGORIES = (
    ("industrial_social", "社会投资工业项目", 40),
    ("industrial_small", "社会投资小型工业项目", 20),
    ("public", "政府投资房屋建筑项目", 80),
)
FALLBACK_DEPARTMENT = "SPJ"  # a zone without a department of the template takes it at the window


@dataclass(frozen=True)
class ZoneOverrides:
    """How a zone's first catalogue differs from the template."""

    items: frozenset[str] | None = None  # None: every template item
    promised: Mapping[str, int] = field(default_factory=dict)
    category_limits: Mapping[str, int] = field(default_factory=dict)


def current_version(zone_id: int) -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(zone_id=zone_id, is_current=True).first()


def settings_for(zone_id: int) -> ApprovalSetting:
    s = ApprovalSetting.objects.filter(zone_id=zone_id).first()
    return s or ApprovalSetting(zone_id=zone_id)


def catalogue_start(
    *, actor: Actor, zone: Zone, overrides: ZoneOverrides = ZoneOverrides()
) -> CatalogueVersion:
    """Create the zone's version 1 from the template (idempotent: returns the existing one)."""
    with transaction.atomic():
        existing = current_version(zone.pk)
        if existing is not None:
            return existing
        depts = {d.code: d for d in Department.objects.filter(zone=zone)}
        if FALLBACK_DEPARTMENT not in depts:
            raise ValidationFailed({"zone": _("园区缺少行政审批局（编码 SPJ），无法建立事项目录")})
        types = {}
        for code, (name, months) in MATERIALS.items():
            types[code], _created = MaterialType.objects.get_or_create(
                zone=zone,
                code=code,
                defaults={"name": name, "name_en": MATERIALS_EN.get(code, ""), "months_valid": months,
                          "per_project": code not in ENTERPRISE_WIDE},
            )
        version = CatalogueVersion.objects.create(zone=zone, number=1, note=_("由通用模板建立"))
        ApprovalSetting.objects.get_or_create(zone=zone)
        for code, name, limit in CATEGORIES:
            ProjectCategory.objects.create(
                zone=zone,
                version=version,
                code=code,
                name=name,
                name_en=CATEGORIES_EN.get(code, ""),
                limit_days=overrides.category_limits.get(code, limit),
            )
        for stage, dept in LEADS.items():
            StageLead.objects.create(
                zone=zone,
                version=version,
                stage=stage,
                department=depts.get(dept) or depts[FALLBACK_DEPARTMENT],
            )
        for i, t in enumerate(TEMPLATE):
            if overrides.items is not None and t.code not in overrides.items:
                continue
            promised = min(overrides.promised.get(t.code, t.promised), t.statutory)
            item = ApprovalItem.objects.create(
                zone=zone,
                version=version,
                code=t.code,
                name=t.name,
                name_en=ITEMS_EN.get(t.code, ""),
                stage=t.stage,
                department=depts.get(t.department) or depts[FALLBACK_DEPARTMENT],
                statutory_days=t.statutory,
                promised_days=promised,
                is_utility=bool(t.utility),
                utility_kind=t.utility,
                fee_yuan=FEES.get(t.code, Decimal("0")),
                waivable_by=t.waivable_by,
                sort=i,
                certificate_title=MATERIALS[t.certificate][0] if t.certificate else "",
                certificate_material=types[t.certificate] if t.certificate else None,
            )
            ItemMaterial.objects.bulk_create(
                [
                    ItemMaterial(zone=zone, item=item, material_type=types[m], requirement=req)
                    for m, req in t.materials
                ]
            )
            item_fields_create(zone, item)
        audit_record(
            actor=actor,
            action="approvals.catalogue.start",
            obj=version,
            after={"number": 1, "items": version.items.count()},
        )
    return version


def catalogue_revise(
    *, actor: Actor, zone_id: int, note: str, change: Callable[[CatalogueVersion, dict[int, object]], None]
) -> CatalogueVersion:
    """Copy the current version whole into a new current version, then apply ``change`` to the
    copy. ``change(new_version, mapping)`` receives a map from old row ids (items, categories)
    to their copies."""
    with transaction.atomic():
        old = CatalogueVersion.objects.select_for_update().filter(zone_id=zone_id, is_current=True).first()
        if old is None:
            raise NotFound()
        CatalogueVersion.objects.filter(pk=old.pk).update(is_current=False)
        new = CatalogueVersion.objects.create(zone_id=zone_id, number=old.number + 1, note=note[:200])
        mapping: dict[tuple[str, int], object] = {}
        for cat in ProjectCategory.objects.filter(version=old):
            old_id = cat.pk
            cat.pk = None
            cat.version = new
            cat.save()
            mapping[("category", old_id)] = cat
        for lead in StageLead.objects.filter(version=old):
            lead.pk = None
            lead.version = new
            lead.save()
        for item in ApprovalItem.objects.filter(version=old).prefetch_related("materials", "fields"):
            old_id = item.pk
            materials = list(item.materials.all())
            fields = list(item.fields.all())
            item.pk = None
            item.version = new
            item.save()
            ItemMaterial.objects.bulk_create(
                [
                    ItemMaterial(
                        zone_id=zone_id,
                        item=item,
                        material_type_id=m.material_type_id,
                        requirement=m.requirement,
                    )
                    for m in materials
                ]
            )
            for f in fields:  # the item's declared form fields belong to the version too
                f.pk, f.item = None, item
            ItemField.objects.bulk_create(fields)
            mapping[("item", old_id)] = item
        from zonedesk.approvals.packages import packages_copy  # 一件事 packages are part of the version

        packages_copy(old, new, mapping)
        change(new, mapping)
        audit_record(
            actor=actor,
            action="approvals.catalogue.revise",
            obj=new,
            before={"version": old.number},
            after={"version": new.number, "note": note},
        )
    return new


def item_revise(*, actor: Actor, item: ApprovalItem, changes: Mapping[str, object]) -> ApprovalItem:
    """Change one catalogue item by revising the whole catalogue (copy-on-write)."""
    result: dict[str, ApprovalItem] = {}

    def apply(new: CatalogueVersion, mapping) -> None:
        copy = mapping[("item", item.pk)]
        for key, value in changes.items():
            setattr(copy, key, value)
        copy.full_clean(exclude=["version"])
        copy.save()
        result["item"] = copy

    catalogue_revise(
        actor=actor, zone_id=item.zone_id, note=_("修改事项 %(name)s") % {"name": item.name}, change=apply
    )
    return result["item"]


def category_revise(
    *, actor: Actor, category: ProjectCategory, changes: Mapping[str, object]
) -> ProjectCategory:
    result: dict[str, ProjectCategory] = {}

    def apply(new: CatalogueVersion, mapping) -> None:
        copy = mapping[("category", category.pk)]
        for key, value in changes.items():
            setattr(copy, key, value)
        copy.full_clean(exclude=["version"])
        copy.save()
        result["category"] = copy

    catalogue_revise(
        actor=actor,
        zone_id=category.zone_id,
        note=_("修改项目类别 %(name)s") % {"name": category.name},
        change=apply,
    )
    return result["category"]


def saved_cost(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal("0"))
