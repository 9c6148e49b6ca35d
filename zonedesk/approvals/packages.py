"""The 一件事 catalogue: the common template of packages and the copy-on-write hook that
carries them into each new catalogue version.

A package's items are either service items of their own (registration, seal, invoice, social
security, bank account...) or approval items of the catalogue reused as they are (the utility
hook-ups of 工程建设许可, the 竣工验收 stage), picked by ``reuse``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from zonedesk.approvals.models import ApprovalItem, CatalogueVersion, MaterialType, Requirement
from zonedesk.approvals.package_models import PackageItem, PackageItemMaterial, ServicePackage
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound
from zonedesk.organisation.models import Department

R, S = Requirement.REQUIRED, Requirement.SECONDARY
FALLBACK_DEPARTMENT = "SPJ"

# Materials of the service items (enterprise-wide: reused by every later case of the enterprise).
MATERIALS: dict[str, str] = {
    "KB_APPLY": "企业设立登记申请书",
    "KB_ID": "法定代表人及股东身份证明",
    "KB_ADDR": "住所（经营场所）使用证明",
    "KB_CHARTER": "公司章程",
    "ZP_POSTS": "招聘岗位需求表",
    "ZP_HOUSING": "人才公寓申请表",
    "ZX_PROMISE": "全体投资人承诺书",
    "ZX_APPLY": "简易注销登记申请书",
}


@dataclass(frozen=True)
class ItemT:
    code: str
    name: str
    department: str
    days: int
    materials: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class PackageT:
    code: str
    name: str
    limit: int
    description: str
    items: tuple[ItemT, ...] = ()
    # Reuse approval items of the catalogue version instead (e.g. utilities, completion stage).
    reuse: Callable[[ApprovalItem], bool] | None = field(default=None, compare=False)


TEMPLATE: tuple[PackageT, ...] = (
    PackageT(
        "QYKB",
        "企业开办",
        2,
        "营业执照、公章刻制、发票申领、社保登记、银行开户一次申请、并联办理",
        (
            ItemT(
                "KB_REG",
                "企业设立登记（营业执照）",
                "SCJ",
                1,
                (("KB_APPLY", R), ("KB_ID", R), ("KB_ADDR", R), ("KB_CHARTER", R)),
            ),
            ItemT("KB_SEAL", "公章刻制备案", "GAJ", 1, (("KB_ID", R),)),
            ItemT("KB_INVOICE", "发票申领及税务 Ukey 发放", "SWJ", 1, (("KB_ID", R),)),
            ItemT("KB_SOCIAL", "单位社会保险登记", "RSJ", 1, (("KB_ID", R),)),
            ItemT("KB_BANK", "银行开户预约", "YH", 1, (("KB_ID", R), ("KB_CHARTER", S))),
        ),
    ),
    PackageT(
        "SDQR",
        "水电气热联合报装",
        10,
        "已投产企业扩容、改造等工程项目以外的供水、供电、供气、供热联合报装",
        reuse=lambda item: item.is_utility,
    ),
    PackageT(
        "YGZP",
        "员工招聘",
        5,
        "岗位发布、专场招聘、就业补贴与人才公寓一次申请",
        (
            ItemT("ZP_POST", "招聘岗位信息发布", "RSJ", 1, (("BIZ_LICENSE", R), ("ZP_POSTS", R))),
            ItemT("ZP_FAIR", "园区专场招聘会报名", "RSJ", 2, (("ZP_POSTS", R),)),
            ItemT("ZP_HOUSING", "人才公寓配租", "JT-YY", 5, (("BIZ_LICENSE", R), ("ZP_HOUSING", R))),
        ),
    ),
    PackageT(
        "JYZX",
        "企业简易注销",
        5,
        "清税、社保注销、印章缴销与简易注销登记一次申请",
        (
            ItemT("ZX_TAX", "清税证明", "SWJ", 1, (("BIZ_LICENSE", R),)),
            ItemT("ZX_SOCIAL", "单位社保注销", "RSJ", 1, (("BIZ_LICENSE", R),)),
            ItemT("ZX_SEAL", "印章缴销", "GAJ", 1, (("BIZ_LICENSE", S),)),
            ItemT("ZX_REG", "简易注销登记", "SCJ", 3, (("ZX_PROMISE", R), ("ZX_APPLY", R))),
        ),
    ),
    PackageT(
        "JGYS",
        "项目竣工联合验收",
        10,
        "规划、消防、人防、档案等竣工验收事项一次申请、联合验收",
        reuse=lambda item: item.stage == "complete",
    ),
)


def packages_start(*, actor: Actor, version: CatalogueVersion) -> int:
    """Add the template's packages to a catalogue version (idempotent: a package already in the
    version is left alone). Returns the number added."""
    zone_id = version.zone_id
    with transaction.atomic():
        depts = {d.code: d for d in Department.objects.filter(zone_id=zone_id)}
        if FALLBACK_DEPARTMENT not in depts:
            raise NotFound()
        types = {}
        for code, name in MATERIALS.items():
            types[code], _created = MaterialType.objects.get_or_create(
                zone_id=zone_id, code=code, defaults={"name": name, "per_project": False}
            )
        types.update(
            {t.code: t for t in MaterialType.objects.filter(zone_id=zone_id, code__in=["BIZ_LICENSE"])}
        )
        have = set(ServicePackage.objects.filter(version=version).values_list("code", flat=True))
        added = 0
        for sort, t in enumerate(TEMPLATE):
            if t.code in have:
                continue
            package = ServicePackage.objects.create(
                zone_id=zone_id,
                version=version,
                code=t.code,
                name=t.name,
                description=t.description,
                limit_days=t.limit,
                sort=sort,
            )
            if t.reuse is not None:
                for i, item in enumerate(
                    a for a in ApprovalItem.objects.filter(version=version).order_by("sort") if t.reuse(a)
                ):
                    PackageItem.objects.create(
                        zone_id=zone_id,
                        package=package,
                        approval_item=item,
                        code=item.code,
                        name=item.name,
                        department_id=item.department_id,
                        promised_days=item.promised_days,
                        sort=i,
                    )
            for i, it in enumerate(t.items):
                pi = PackageItem.objects.create(
                    zone_id=zone_id,
                    package=package,
                    code=it.code,
                    name=it.name,
                    department=depts.get(it.department) or depts[FALLBACK_DEPARTMENT],
                    promised_days=it.days,
                    sort=i,
                )
                PackageItemMaterial.objects.bulk_create(
                    [
                        PackageItemMaterial(
                            zone_id=zone_id, package_item=pi, material_type=types[m], requirement=r
                        )
                        for m, r in it.materials
                    ]
                )
            added += 1
        if added:
            audit_record(
                actor=actor,
                action="approvals.packages.start",
                obj=version,
                after={"version": version.number, "packages": added},
            )
    return added


def packages_copy(old: CatalogueVersion, new: CatalogueVersion, mapping: dict) -> None:
    """Called by ``catalogue_revise`` in its transaction: the new version gets a copy of every
    package, its reused items pointing at the new version's copies of the approval items."""
    for package in ServicePackage.objects.filter(version=old).prefetch_related("items__materials"):
        items = list(package.items.all())
        package.pk = None
        package.version = new
        package.save()
        for pi in items:
            materials = list(pi.materials.all())
            pi.pk = None
            pi.package = package
            if pi.approval_item_id is not None:
                copy = mapping.get(("item", pi.approval_item_id))
                if copy is not None:
                    # The revision's change() runs after this copy: a reused item's department
                    # and limit are read from the approval item when a case starts.
                    pi.approval_item = copy
            pi.save()
            PackageItemMaterial.objects.bulk_create(
                [
                    PackageItemMaterial(
                        zone_id=pi.zone_id,
                        package_item=pi,
                        material_type_id=m.material_type_id,
                        requirement=m.requirement,
                    )
                    for m in materials
                ]
            )


def package_materials(package: ServicePackage) -> dict[int, str]:
    """The package's one checklist: material type id -> requirement (required wins)."""
    from zonedesk.approvals.models import ItemMaterial

    needs: dict[int, str] = {}
    items = list(package.items.all())
    own = PackageItemMaterial.objects.filter(
        package_item__in=[i for i in items if i.approval_item_id is None]
    )
    reused = ItemMaterial.objects.filter(
        item_id__in=[i.approval_item_id for i in items if i.approval_item_id]
    )
    for m in [*own, *reused]:
        if needs.get(m.material_type_id) != R:
            needs[m.material_type_id] = m.requirement
    return needs


def current_packages(zone_id: int):
    return (
        ServicePackage.objects.filter(zone_id=zone_id, version__is_current=True)
        .prefetch_related("items__department")
        .order_by("sort", "code")
    )
