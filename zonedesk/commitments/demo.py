"""Demo commitments and arrears for Lingyuan (idempotent: a second load adds nothing).

The zone's side of the signed investment agreements of the pipeline (要素保障: land before
approval, roads and water after landing), policy letters and meeting minutes; a few kept on
time, one kept late, several overdue with 自然资源分局 and 规划建设局, one handed over to a new
responsible person (新官理旧账). Arrears owed to enterprises in every ageing bucket, some part
paid, 中玻's waiting for its confirmation. Everything goes through the services.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from zonedesk.commitments import services
from zonedesk.commitments.models import Arrear, Commitment
from zonedesk.core.actor import Actor
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, User, Zone
from zonedesk.projects.models import Project

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SYSTEM = Actor.system("demo_load")


def load(*, zones: dict[str, Zone]) -> None:
    zone = zones["LY"]
    if Commitment.objects.filter(zone=zone).exists():
        return
    with transaction.atomic():
        _load(zone)


def _load(zone: Zone) -> None:
    today = timezone.localdate()
    dept = {d.code: d for d in Department.objects.filter(zone=zone)}
    people = {u.username: u for u in User.objects.filter(zone=zone)}
    own = people["enterprise"].enterprise
    others = list(Enterprise.objects.filter(zone=zone).exclude(pk=own.pk).order_by("name")[:6])
    signed = list(
        Project.objects.filter(zone=zone, signed_on__isnull=False, signed_on__lte=today).order_by(
            "-is_key", "-signed_on", "pk"
        )[:6]
    )
    steward_project = (
        Project.objects.filter(zone=zone, project_steward=people.get("steward"), signed_on__isnull=False)
        .order_by("pk")
        .first()
    )
    if steward_project is not None and steward_project not in signed:
        signed[-1] = steward_project

    def commit(
        project: Project | None,
        enterprise: Enterprise | None,
        title: str,
        kind: str,
        source: str,
        source_title: str,
        promised: dt.date,
        due: dt.date,
        department: str,
        responsible: str | None,
        amount: str | None = None,
        detail: str = "",
        beneficiary: str = "",
    ) -> Commitment:
        data = {
            "title": title,
            "kind": kind,
            "source_kind": source,
            "source_title": source_title,
            "promised_on": promised,
            "due_on": due,
            "department_id": dept[department].pk,
            "responsible_id": people[responsible].pk if responsible else None,
            "enterprise_id": enterprise.pk if enterprise else None,
            "project_id": project.pk if project else None,
            "detail": detail,
            "beneficiary": beneficiary,
            "amount_yuan": amount,
            "promised_by": "刘振华",
        }
        return services.commitment_create(
            actor=SYSTEM, zone_id=zone.pk, data=data, source_file=(f"{source_title}.pdf", PDF)
        )

    def keep(c: Commitment, on: dt.date, note: str, evidence: str) -> None:
        services.commitment_evidence_add(
            actor=SYSTEM, commitment_id=c.pk, title=evidence, upload=(f"{evidence}.pdf", PDF)
        )
        services.commitment_fulfil(actor=SYSTEM, commitment_id=c.pk, fulfilled_on=on, note=note)

    # The zone's side of each signed agreement: land delivered before approval, roads and water
    # to the site after landing.
    for i, p in enumerate(signed):
        agreement = f"{p.name}投资协议"
        target = p.enterprise
        name = "" if target else (p.investor_name or p.name)
        land_due = min(p.signed_on + dt.timedelta(days=90), today + dt.timedelta(days=60))
        land = commit(
            p,
            target,
            f"{p.name}：净地交付（完成征收、场地平整）",
            "land",
            "agreement",
            agreement,
            p.signed_on,
            max(land_due, p.signed_on),
            "ZRJ",
            "leader",
            detail="协议约定园区在约定期限内交付净地，具备办理不动产权证条件。",
            beneficiary=name,
        )
        road_due = p.signed_on + dt.timedelta(days=180)
        road = commit(
            p,
            target,
            f"{p.name}：道路、供水接至地块红线",
            "infrastructure",
            "agreement",
            agreement,
            p.signed_on,
            road_due,
            "GHJ",
            "depthead",
            detail="园区道路接通至项目地块出入口，供水管网接至红线。",
            beneficiary=name,
        )
        if i % 3 == 0 and land.due_on <= today:
            keep(
                land, land.due_on - dt.timedelta(days=5), "已按期交付净地，企业签收交地确认书。", "交地确认书"
            )
        elif i % 3 == 1 and land.due_on < today:
            keep(
                land,
                min(land.due_on + dt.timedelta(days=20), today),
                "征收协议延期签订，交地晚于约定。",
                "交地确认书",
            )
        if i == 0 and road.due_on <= today:
            keep(road, road.due_on, "道路及供水管网已接至红线，完成联合验收。", "配套工程验收记录")

    # Policy letters and minutes.
    subsidy = commit(
        None,
        own,
        "设备购置补贴（按设备投资额 10%）",
        "subsidy",
        "policy",
        "关于支持中玻新材料扩产的承诺函",
        dt.date(2026, 3, 16),
        dt.date(2026, 9, 30),
        "JFJ",
        "leader",
        amount="1500000.00",
        detail="扩产项目设备投资额 1500 万元，按 10% 给予补贴。",
    )
    commit(
        None,
        own,
        "标准厂房租金三年免收",
        "rent_free",
        "minutes",
        "管委会主任办公会议纪要〔2026〕7号",
        dt.date(2026, 2, 10),
        today + dt.timedelta(days=7),
        "JT-YY",
        None,
        detail="入驻标准化厂房 A3 栋，2026 年起三年免收租金。",
    )
    if others:
        c = commit(
            None,
            others[0],
            "企业投产后 30 个工作日内办结能评和环评",
            "service",
            "minutes",
            "项目推进会会议纪要〔2026〕12号",
            dt.date(2026, 5, 6),
            dt.date(2026, 8, 31),
            "AHJ",
            None,
        )
        keep(c, dt.date(2026, 8, 20), "能评、环评均已批复。", "批复文件")
    # 新官理旧账: the responsible person changed, the commitment stays with the zone.
    services.commitment_handover(
        actor=SYSTEM,
        commitment_id=subsidy.pk,
        to_user_id=people["investment"].pk,
        to_department_id=dept["JFJ"].pk,
        on=min(dt.date(2026, 10, 8), today),
        note="原分管领导调任，补贴兑现由招商专员跟进",
    )

    # Arrears: one in each ageing bucket, some part paid, 中玻's waiting for its confirmation.
    def owe(
        enterprise: Enterprise,
        department: str,
        kind: str,
        basis: str,
        amount: str,
        due: dt.date,
        paid: list[tuple[str, dt.date]] = (),
    ) -> Arrear:
        a = services.arrear_create(
            actor=SYSTEM,
            zone_id=zone.pk,
            enterprise_id=enterprise.pk,
            department_id=dept[department].pk,
            data={"kind": kind, "basis": basis, "amount_yuan": amount, "due_on": due},
        )
        for value, on in paid:
            services.arrear_pay(actor=SYSTEM, arrear_id=a.pk, amount_yuan=value, paid_on=min(on, today))
        return a

    # Payments fall in the zone's reporting period, so the dashboard's 期内清偿 shows them.
    anchor = min(today, zone.reporting_until or today)
    owe(
        own,
        "JT-JS",
        "works",
        "园区污水管网改造工程施工合同（JS-2025-031）",
        "2860000.00",
        today - dt.timedelta(days=45),
        [("1000000.00", anchor - dt.timedelta(days=20))],
    )
    owe(own, "JFJ", "subsidy", "2025 年度技术改造奖补", "420000.00", today + dt.timedelta(days=30))
    if len(others) >= 4:
        owe(
            others[0],
            "JT-JS",
            "works",
            "园区道路白改黑工程结算",
            "1235000.50",
            today - dt.timedelta(days=150),
        )
        owe(others[1], "JT-YY", "goods", "园区绿化养护服务合同", "186500.00", today - dt.timedelta(days=260))
        owe(
            others[2],
            "JT-JS",
            "deposit",
            "标准厂房工程履约保证金",
            "500000.00",
            today - dt.timedelta(days=420),
        )
        owe(
            others[3],
            "JFJ",
            "subsidy",
            "2025 年度稳岗补贴",
            "96000.00",
            today - dt.timedelta(days=100),
            [("96000.00", anchor - dt.timedelta(days=10))],
        )
