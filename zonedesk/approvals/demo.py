"""Demo data for approvals: the LY and JP catalogues, LY's regional assessments and 中玻's
projects in every state the window, the reviewer, the department head and the enterprise
meet. Idempotent: a project that exists is left alone.

Applications are written through the services as the demo logins; the history of the
finished stages is then moved back in time (``_backdate``), since a service only ever acts
"now". Nothing else is written behind the services' back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.utils import timezone

from zonedesk.approvals import services
from zonedesk.approvals.catalogue import ZoneOverrides, catalogue_start
from zonedesk.approvals.models import (
    Application,
    ApplicationStatus,
    AssessmentKind,
    ConstructionProject,
    ItemState,
    MaterialStatus,
    Pause,
    ProjectCategory,
    RegionalAssessment,
    Stage,
)
from zonedesk.approvals.services._common import stage_lead_id
from zonedesk.approvals.services.clocks import item_clocks_refresh
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.organisation.models import User, Zone
from zonedesk.workdays.selectors import work_calendar

SYSTEM = Actor.system("demo_load")
COVERED = [f"LY-TC-{n:02d}" for n in range(1, 13)]  # 同创产业园 parcels, assessed once by the committee
# (kind, title, cost 万元 saved per project)
ASSESSMENTS = [
    (AssessmentKind.MINERALS, "凌源经开区压覆重要矿产资源区域评估", "12.00"),
    (AssessmentKind.GEOHAZARD, "凌源经开区地质灾害危险性区域评估", "8.50"),
    (AssessmentKind.STABILITY, "凌源经开区社会稳定风险区域评估", "6.00"),
    (AssessmentKind.SOIL, "凌源经开区水土保持区域评估", "9.00"),
    (AssessmentKind.WATER, "凌源经开区水资源论证区域评估", "10.00"),
    (AssessmentKind.RELICS, "凌源经开区文物考古调查勘探区域评估", "7.50"),
]
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# What the demo's applicants type into the stage forms: the fields no register holds (the
# enterprise, the project and the land register's parcels prefill the rest).
FORM_VALUES = {
    "site_location": "凌源经济开发区同创产业园",
    "land_use": "工业用地",
    "total_investment_wan": "18000",
    "land_area_m2": "26680",
    "plot_ratio": "1.2",
    "floor_area_m2": "32000",
    "water_m3_day": "120",
    "power_kva": "2500",
    "contractor": "辽宁省建设集团有限公司",
    "contract_price_wan": "9600",
    "construction_start": "2026-06-01",
    "completion_date": "2026-11-20",
}


def form_values(stage: str, zone_id: int, prefilled: Iterable[str] = ()) -> dict[str, str]:
    """The demo applicant's entries for the stage's form in the zone's current catalogue,
    leaving alone what the registers prefilled (``prefilled``: those keys)."""
    from zonedesk.approvals.catalogue import current_version
    from zonedesk.approvals.services.stage_forms import field_specs

    version = current_version(zone_id)
    keys = {s.key for s in field_specs(version.pk, stage)} - set(prefilled) if version else set()
    return {k: v for k, v in FORM_VALUES.items() if k in keys}


def _form(project: ConstructionProject, stage: str) -> dict[str, str]:
    from zonedesk.approvals.catalogue import current_version
    from zonedesk.approvals.services.stage_forms import field_specs, prefill_for

    version = current_version(project.zone_id)
    specs = field_specs(version.pk, stage) if version else []
    return form_values(stage, project.zone_id, prefill_for(project, stage, specs))


def _submit(ent: Actor, project: ConstructionProject, stage: str, **kwargs) -> Application:
    """Submit the stage's one form as the demo applicant fills it."""
    form = {**_form(project, stage), **kwargs.pop("form", {})}
    return services.application_submit(actor=ent, project_id=project.pk, stage=stage, form=form, **kwargs)


def _actor(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), ip=None, channel="web")


def load(*, zones: dict[str, Zone]) -> None:
    _REVIEWERS.clear()  # users of an earlier load may have been flushed (transactional tests)
    catalogue_start(actor=SYSTEM, zone=zones["LY"])
    catalogue_start(
        actor=SYSTEM,
        zone=zones["JP"],
        overrides=ZoneOverrides(
            items=frozenset({"L01", "L02", "L03", "B01", "B02", "C02", "F01"}),
            promised={"L02": 7, "B01": 7},
            category_limits={"industrial_social": 45},
        ),
    )
    _assessments(zones["LY"])
    if ConstructionProject.objects.filter(zone=zones["LY"]).exists():
        return
    _projects(zones["LY"])


def _assessments(zone: Zone) -> None:
    from zonedesk.organisation.services import reference_save

    year = timezone.localdate().year
    for kind, title, cost in ASSESSMENTS:
        if RegionalAssessment.objects.filter(zone=zone, kind=kind).exists():
            continue
        reference_save(
            actor=SYSTEM,
            action="approvals.regionalassessment.create",
            instance=RegionalAssessment(
                zone=zone,
                kind=kind,
                title=title,
                parcels=COVERED,
                valid_from=dt.date(year - 2, 1, 1),
                valid_until=dt.date(year + 3, 12, 31),
                cost_wan=Decimal(cost),
            ),
        )


def _upload_all(ent: Actor, app: Application, *, skip: tuple[str, ...] = ()) -> None:
    for row in app.materials.select_related("material_type"):
        if row.status == MaterialStatus.MISSING and row.material_type.code not in skip:
            services.application_add_material(
                actor=ent,
                application_id=app.pk,
                material_type_id=row.material_type_id,
                upload=(f"{row.material_type.name}.pdf", PDF),
            )


def _run_stage(
    ent: Actor, project: ConstructionProject, stage: str, *, finish: bool = True, close: bool = True
) -> Application:
    app = _submit(ent, project, stage)
    _upload_all(ent, app)
    services.application_accept(actor=_actor("window"), application_id=app.pk)
    if finish:
        for ai in app.items.filter(state=ItemState.IN_REVIEW).select_related("department"):
            services.item_approve(actor=_reviewer_for(ai.department_id), item_id=ai.pk)
        app.refresh_from_db()
        lead_id = stage_lead_id(app)
        if close and app.status == ApplicationStatus.LEAD_SUMMARY and lead_id is not None:
            services.stage_close(  # the lead department's combined result
                actor=_reviewer_for(lead_id),
                application_id=app.pk,
                result="各事项均准予许可，本阶段办结。",
            )
    app.refresh_from_db()
    return app


_REVIEWERS: dict[int, Actor] = {}


def _reviewer_for(department_id: int) -> Actor:
    """The demo reviewer of GHJ, or a reviewer of the department added for the demo."""
    if department_id not in _REVIEWERS:
        user = User.objects.filter(department_id=department_id, role_grants__role="reviewer").first()
        if user is None:
            from zonedesk.demo.people import DEMO_PASSWORD
            from zonedesk.organisation.models import Department
            from zonedesk.organisation.services import user_create

            dept = Department.objects.get(pk=department_id)
            user = user_create(
                actor=SYSTEM,
                zone=dept.zone,
                username=f"reviewer-{dept.code.lower()}",
                password=DEMO_PASSWORD,
                check_password=False,
                full_name=f"{dept.name}审批员",
                roles={"reviewer"},
                department=dept,
            )
        _REVIEWERS[department_id] = Actor(user=user, ip=None, channel="web")
    return _REVIEWERS[department_id]


def _backdate(app: Application, days: int, *, spread: int = 0, late: frozenset[str] = frozenset()) -> None:
    """Move an application's history about ``days`` calendar days back, onto working days: the
    hall accepts on a working day (the nearest one on or before), and each item is decided
    ``spread`` working days after acceptance but within its own promised limit, as the zone
    that promises "on time" decides (``late``: item codes decided two working days after their
    limit, so the on-time rate is plausible rather than perfect)."""
    cal = work_calendar()
    accepted = app.accepted_at - dt.timedelta(days=days)
    while not cal.is_working_day(timezone.localtime(accepted).date()):
        accepted -= dt.timedelta(days=1)
    shift = app.accepted_at - accepted
    accepted_day = timezone.localtime(accepted).date()
    decided_last = None
    for ai in app.items.exclude(started_at=None).select_related("item"):
        fields = {"started_at": ai.started_at - shift}
        if ai.decided_at:
            n = ai.limit_days + 2 if ai.item.code in late else min(spread, ai.limit_days)
            # 0 working days: decided on the day of acceptance, in the afternoon.
            day = cal.add_working_days(accepted_day, n).date if n else accepted_day
            decided = timezone.make_aware(dt.datetime.combine(day, dt.time(15, 30)))
            fields["decided_at"] = decided
            decided_last = max(decided_last or decided, decided)
        type(ai).objects.filter(pk=ai.pk).update(**fields)
        Pause.objects.filter(application_item=ai).update(start=ai.started_at - shift + dt.timedelta(days=2))
    submitted = accepted - dt.timedelta(days=1)
    while not cal.is_working_day(timezone.localtime(submitted).date()):
        submitted -= dt.timedelta(days=1)
    Application.objects.filter(pk=app.pk).update(
        submitted_at=submitted,
        accepted_at=accepted,
        completed_at=(decided_last or accepted) if app.completed_at else None,
        lead_closed_at=(decided_last or accepted) if app.lead_closed_at else None,
        promise_signed_at=app.promise_signed_at - shift if app.promise_signed_at else None,
    )
    item_clocks_refresh(queryset=app.items.all())


def _project(ent: Actor, enterprise_id: int, n: int, name: str, parcels: list[str]) -> ConstructionProject:
    """A 社会投资工业项目 of the demo, code ``<year>-211382-30-03-<n>``."""
    from zonedesk.enterprises.models import Enterprise

    zone_id = Enterprise.objects.values_list("zone_id", flat=True).get(pk=enterprise_id)
    category = ProjectCategory.objects.get(
        version__zone_id=zone_id, version__is_current=True, code="industrial_social"
    )
    return services.project_create(
        actor=ent,
        enterprise_id=enterprise_id,
        name=name,
        code=f"{timezone.localdate().year}-211382-30-03-{n:06d}",
        category_id=category.pk,
        parcels=parcels,
    )


def _tolerance_stage(ent: Actor, project: ConstructionProject) -> Application:
    """施工许可 accepted on the 信用承诺书 (容缺) with three secondary materials outstanding."""
    app = _submit(ent, project, Stage.CONSTRUCT)
    _upload_all(ent, app, skip=("SUPERVISION", "FUNDS", "SAFETY"))
    services.application_sign_promise(actor=ent, application_id=app.pk)
    services.application_accept(actor=_actor("window"), application_id=app.pk, tolerance=True)
    app.refresh_from_db()
    return app


def _enterprise_login(zone: Zone, enterprise, username: str) -> Actor:
    """The demo login of another enterprise of the zone (created once)."""
    from zonedesk.demo.people import DEMO_PASSWORD
    from zonedesk.organisation.services import user_create

    user = User.objects.filter(username=username).first() or user_create(
        actor=SYSTEM,
        zone=zone,
        username=username,
        password=DEMO_PASSWORD,
        check_password=False,
        full_name=f"{enterprise.name}经办人",
        roles={"enterprise"},
        enterprise=enterprise,
    )
    return Actor(user=user, ip=None, channel="web")


def _projects(zone: Zone) -> None:
    ent = _actor("enterprise")
    enterprise_id = User.objects.values_list("enterprise_id", flat=True).get(username="enterprise")
    assert enterprise_id is not None

    def project(n: int, name: str, parcels: list[str]) -> ConstructionProject:
        return _project(ent, enterprise_id, n, name, parcels)

    # 1. Green channel: 容缺受理 of 施工许可 with secondary materials outstanding (first, so
    #    the library does not yet hold them).
    p3 = project(103, "中玻镀膜玻璃技术改造项目", ["LY-TC-09"])
    _backdate(_run_stage(ent, p3, Stage.LAND), 45, spread=4)
    _backdate(_run_stage(ent, p3, Stage.BUILD), 30, spread=7)
    _tolerance_stage(ent, p3)

    # 2. Three stages done within the 40-day limit; 施工许可 under review, one item in 补正.
    p1 = project(101, "中玻高端玻璃深加工生产线项目", ["LY-TC-03", "LY-TC-04"])
    a = _run_stage(ent, p1, Stage.LAND)
    _backdate(a, 70, spread=4)
    a = _run_stage(ent, p1, Stage.BUILD)
    _backdate(a, 55, spread=8)
    a = _run_stage(ent, p1, Stage.CONSTRUCT, finish=False)
    items = {ai.item.code: ai for ai in a.items.select_related("item")}
    services.item_approve(actor=_actor("reviewer"), item_id=items["C01"].pk)
    types = dict(
        a.materials.values_list("material_type__code", "material_type_id")
    )
    services.item_request_supplement(
        actor=_actor("reviewer"),
        item_id=items["C02"].pk,
        reason="施工合同缺少项目负责人签字页，请补正后上传；监理合同请补充监理单位资质证书。",
        material_type_ids=[types["CONTRACT"], types["SUPERVISION"]],
    )
    # GHJ leads 施工许可: it sends the stage's one notice (一次性告知) with every request.
    services.stage_notice_issue(actor=_actor("reviewer"), application_id=a.pk)

    # 3. Whole project finished (four stages) in under 40 working days.
    p2 = project(102, "中玻光伏玻璃原片仓储中心", ["LY-TC-07"])
    for stage, back, spread in (
        (Stage.LAND, 90, 5),
        (Stage.BUILD, 80, 9),
        (Stage.CONSTRUCT, 66, 3),
        (Stage.COMPLETE, 40, 6),
    ):
        _backdate(_run_stage(ent, p2, stage), back, spread=spread)

    # 4. Waiting at the window: 模拟审批 before land is granted, materials missing.
    p4 = project(104, "中玻新材料研发中心（模拟审批）", ["LY-QH-21"])
    _submit(ent, p4, Stage.LAND, simulated=True, form={"note": "土地尚未出让，申请模拟审批"})

    # 5. At the window after a 一次性告知 补正 notice.
    p5 = project(105, "中玻厂区分布式光伏发电项目", ["LY-TC-11"])
    _backdate(_run_stage(ent, p5, Stage.LAND), 20, spread=3)
    app = _submit(ent, p5, Stage.BUILD)
    _upload_all(ent, app, skip=("EIA_REPORT",))
    services.application_request_supplement(
        actor=_actor("window"), application_id=app.pk, note="环境影响报告表须加盖编制单位公章。"
    )

    # 6. Every item of 工程建设许可 decided: the stage waits for the lead department's (GHJ)
    #    combined result (待牵头部门汇总) before 施工许可 can be filed.
    p6 = project(106, "中玻玻璃窑炉节能改造项目", ["LY-TC-12"])
    _backdate(_run_stage(ent, p6, Stage.LAND), 25, spread=3)
    _backdate(_run_stage(ent, p6, Stage.BUILD, close=False), 10, spread=4)
    _ordinary_channel(zone)
    _credit_breach(zone)
    with_audit_note(zone)


def _ordinary_channel(zone: Zone) -> None:
    """An enterprise on the 经营异常名录: no green channel, so the inboxes show both queues."""
    from zonedesk.enterprises.models import Enterprise

    enterprise = Enterprise.objects.filter(zone=zone, pk__in=_flagged_ids(zone)).order_by("pk").first()
    if enterprise is None:
        return
    ent = _enterprise_login(zone, enterprise, "enterprise-nh")
    project = _project(ent, enterprise.pk, 201, f"{enterprise.name[:8]}扩建厂房项目", ["LY-QH-30"])
    _backdate(_run_stage(ent, project, Stage.LAND), 12, spread=3)
    app = _run_stage(ent, project, Stage.BUILD, finish=False)
    _backdate(app, 6)


def _credit_breach(zone: Zone) -> None:
    """A green-channel enterprise that missed its 容缺 deadline: terminated, a credit event with
    the green channel suspended for 12 months (shown on its enterprise page)."""
    from zonedesk.enterprises.models import Enterprise

    own = User.objects.get(username="enterprise").enterprise_id
    enterprise = (
        Enterprise.objects.filter(zone=zone, credit_grade__in=["AAA", "AA", "A"])
        .exclude(pk__in=[own, *_flagged_ids(zone)])
        .order_by("pk")
        .first()
    )
    if enterprise is None:
        return
    ent = _enterprise_login(zone, enterprise, "enterprise-cb")
    project = _project(ent, enterprise.pk, 301, f"{enterprise.name[:8]}技改项目", ["LY-QH-33"])
    _backdate(_run_stage(ent, project, Stage.LAND), 60, spread=3)
    _backdate(_run_stage(ent, project, Stage.BUILD), 45, spread=5)
    app = _tolerance_stage(ent, project)
    _backdate(app, 20)
    # The whole history moved back, the 容缺 deadline with it; the daily sweep then ends it.
    Application.objects.filter(pk=app.pk).update(
        tolerance_deadline=app.tolerance_deadline - dt.timedelta(days=20)
    )
    services.tolerance_sweep()


def _flagged_ids(zone: Zone) -> list[int]:
    from zonedesk.enterprises.models import EnterpriseFlag

    today = timezone.localdate()
    return [
        f.enterprise_id
        for f in EnterpriseFlag.objects.filter(zone=zone, removed_on__isnull=True)
        if f.active_on(today)
    ]


def with_audit_note(zone: Zone) -> None:
    from django.db import transaction

    with transaction.atomic():
        audit_record(
            actor=SYSTEM,
            action="approvals.demo.backdate",
            zone_id=zone.pk,
            message="演示数据：已办结阶段的时间记录向前平移，以展示历史办理时长",
        )
