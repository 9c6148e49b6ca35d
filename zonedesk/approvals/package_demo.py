"""Demo of 一件事一次办 for Lingyuan (idempotent): the departments the packages need and one
reviewer login for each, the template's packages in every zone's current catalogue, and a few
cases of 中玻 (online with no visit, one visit, two visits, one waiting for 补正) so the
dashboard's 最多跑一次 rate has something to show. Everything goes through the services."""

from __future__ import annotations

from django.db import transaction

from zonedesk.approvals.catalogue import current_version
from zonedesk.approvals.demo import _reviewer_for
from zonedesk.approvals.models import MaterialType
from zonedesk.approvals.package_models import PackageCase, PackageItem, ServicePackage
from zonedesk.approvals.packages import package_materials, packages_start
from zonedesk.approvals.services import packages as services
from zonedesk.core.actor import Actor
from zonedesk.demo.people import SYSTEM
from zonedesk.organisation.models import Department, DepartmentKind, User, Zone
from zonedesk.organisation.services import department_create

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The departments the packages need that the foundation's demo does not have (code, name).
DEPARTMENTS = [
    ("SCJ", "市场监督管理分局"),
    ("GAJ", "公安分局经开区派出所"),
    ("SWJ", "税务分局"),
    ("RSJ", "人力资源和社会保障局"),
    ("YH", "合作开户银行（网点）"),
]


def load(*, zones: dict[str, Zone]) -> None:
    zone = zones["LY"]
    with transaction.atomic():
        for code, name in DEPARTMENTS:
            if not Department.objects.filter(zone=zone, code=code).exists():
                department_create(
                    actor=SYSTEM, zone=zone, code=code, name=name, kind=DepartmentKind.EXTERNAL, sort=90
                )
        for z in zones.values():
            version = current_version(z.pk)
            if version is not None:
                packages_start(actor=SYSTEM, version=version)
        # A reviewer login for every department a package item goes to (reviewer-<code>).
        for department_id in set(
            PackageItem.objects.filter(zone=zone, package__version__is_current=True).values_list(
                "department_id", flat=True
            )
        ):
            _reviewer_for(department_id)
        if PackageCase.objects.filter(zone=zone).exists():
            return
        _cases(zone)


def _as(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), channel="web")


def _uploads(case_package: ServicePackage, enterprise_id: int) -> dict:
    from django.utils import timezone

    from zonedesk.approvals.services.packages import _valid_record

    today = timezone.localdate()
    out = {}
    for mt in MaterialType.objects.filter(pk__in=list(package_materials(case_package))):
        if _valid_record(enterprise_id, mt, None, today) is None:
            out[mt.code] = (f"{mt.name}.pdf", PDF)
    return out


def _run(zone: Zone, code: str, visits: list[str], supplement: bool = False) -> PackageCase:
    package = ServicePackage.objects.get(zone=zone, version__is_current=True, code=code)
    ent = User.objects.get(username="enterprise")
    case = services.package_case_submit(
        actor=_as("enterprise"),
        enterprise_id=ent.enterprise_id,
        package_id=package.pk,
        form={"contact_name": "张明", "contact_phone": "13904210001", "summary": package.name},
        uploads=_uploads(package, ent.enterprise_id),
    )
    window = _as("window")
    for reason in visits:
        services.package_case_visit_record(actor=window, case_id=case.pk, visited_on=None, reason=reason)
    services.package_case_accept(actor=window, case_id=case.pk)
    for i, ai in enumerate(case.items.all()):
        reviewer = _reviewer_for(ai.department_id)  # the approvals demo's reviewer of that department
        if supplement and i == 0:
            services.package_item_request_supplement(
                actor=reviewer, item_id=ai.pk, reason="请补充岗位的学历和专业要求"
            )
            continue
        services.package_item_approve(actor=reviewer, item_id=ai.pk, note="符合条件，准予办理")
    return case


def _backdate(case: PackageCase, days: int) -> None:
    """Move a finished demo case into the zone's reporting period (demo data only)."""
    import datetime as dt

    from django.utils import timezone

    from zonedesk.approvals.package_models import CaseVisit, PackageCaseItem
    from zonedesk.approvals.services.packages import _refresh_case_item_due

    today = timezone.localdate()
    end = min(today, case.zone.reporting_until or today)
    shift = dt.timedelta(days=(today - end).days + days)
    case.refresh_from_db()
    PackageCase.objects.filter(pk=case.pk).update(
        submitted_at=case.submitted_at - shift,
        accepted_at=case.accepted_at - shift,
        completed_at=case.completed_at - shift,
    )
    for ai in PackageCaseItem.objects.filter(case=case):
        ai.started_at, ai.decided_at = ai.started_at - shift, ai.decided_at - shift
        ai.save(update_fields=["started_at", "decided_at"])
        _refresh_case_item_due(ai, ai.started_at)
    for v in CaseVisit.objects.filter(case=case):
        CaseVisit.objects.filter(pk=v.pk).update(visited_on=v.visited_on - shift)


def _cases(zone: Zone) -> None:
    _backdate(_run(zone, "YGZP", []), 20)  # 不见面: online, nobody came in
    _backdate(_run(zone, "SDQR", ["现场核对用电负荷"]), 12)
    first = _run(zone, "YGZP", ["人才公寓选房签约"])
    services.package_case_visit_record(
        actor=_as("window"), case_id=first.pk, visited_on=None, reason="人才公寓钥匙领取"
    )  # two visits: not 最多跑一次
    _backdate(first, 5)
    _run(zone, "YGZP", [], supplement=True)
