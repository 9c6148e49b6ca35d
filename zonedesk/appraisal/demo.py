"""Demo appraisal of Lingyuan: the HR department, two versions of a KPI template, and one period
run from template to final ranking through the services (derived values from the demo's own
approval items, appeals, ratings and stage moves; a veto, a tie, an objection and decisions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zonedesk.appraisal import services
from zonedesk.appraisal.models import AppraisalPeriod, AppraisalSetting, KpiTemplate, SheetStatus
from zonedesk.core.actor import Actor
from zonedesk.organisation.models import Department, User

TEMPLATE = "审批与诉求经办岗位考核指标"
PERIOD = "2026年度考核（审批与诉求经办岗位）"
GROUP = "管委会审批与诉求经办岗位"
PEOPLE = (
    "reviewer",
    "reviewer-zrj",
    "reviewer-ahj",
    "reviewer-spj",
    "reviewer-wb-gs",
    "reviewer-wb-rl",
    "reviewer-wb-rq",
    "reviewer-wb-gd",
    "ly-zrj",
    "ly-ahj",
    "ly-jfj",
    "ly-wb-gd",
)
VETOED = "ly-wb-gd"

V1 = [
    dict(
        code="A1", name="审批事项按时办结率", source="approvals_on_time", weight=40, full_at=100, zero_at=80
    ),
    dict(code="B1", name="诉求按时答复率", source="appeals_on_time", weight=20, full_at=100, zero_at=80),
    dict(code="M1", name="工作作风与服务态度", source="manual", weight=40),
]
V2 = [
    dict(
        code="A1", name="审批事项按时办结率", source="approvals_on_time", weight=30, full_at=100, zero_at=80
    ),
    dict(code="A2", name="审批事项补正率", source="approvals_supplement", weight=10, full_at=0, zero_at=50),
    dict(code="B1", name="诉求按时答复率", source="appeals_on_time", weight=20, full_at=100, zero_at=80),
    dict(code="B2", name="经办诉求满意率", source="ratings_satisfied", weight=15, full_at=100, zero_at=60),
    dict(code="B3", name="经办诉求差评", source="ratings_bad", weight=5, full_at=0, zero_at=3),
    dict(code="M1", name="工作作风与服务态度", source="manual", weight=20),
    dict(code="V1", name="廉洁纪律（一票否决）", source="manual", weight=0, is_veto=True),
    dict(
        code="V2",
        name="差评累计（一票否决）",
        source="ratings_bad",
        weight=0,
        full_at=0,
        zero_at=3,
        is_veto=True,
        veto_at=3,
    ),
]


def _actor(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), ip=None, channel="web")


def load(*, zones) -> None:
    zone = zones["LY"]
    if AppraisalPeriod.objects.filter(zone=zone, name=PERIOD).exists():
        return
    hr = Department.objects.get(zone=zone, code="JT-RL")
    AppraisalSetting.objects.get_or_create(zone=zone, defaults={"hr_department": hr})
    if not User.objects.filter(username="ly-hr").exists():
        from zonedesk.demo.people import DEMO_PASSWORD, SYSTEM
        from zonedesk.organisation.services import user_create

        user_create(
            actor=SYSTEM,
            zone=zone,
            username="ly-hr",
            password=DEMO_PASSWORD,
            check_password=False,
            full_name="何静",
            roles={"department_head"},
            department=hr,
        )
    leader = _actor("leader")
    if not KpiTemplate.objects.filter(zone=zone, name=TEMPLATE).exists():
        services.template_create(
            actor=leader,
            zone_id=zone.pk,
            name=TEMPLATE,
            applies_to="管委会局室及外部单位审批、诉求经办岗位",
            period_kind="year",
            indicators=V1,
            note="首版",
        )
        services.template_create(
            actor=leader,
            zone_id=zone.pk,
            name=TEMPLATE,
            applies_to="管委会局室及外部单位审批、诉求经办岗位",
            period_kind="year",
            indicators=V2,
            note="增加补正率、满意率、差评及一票否决",
        )
    template = KpiTemplate.objects.get(zone=zone, name=TEMPLATE, is_current=True)
    people = [u for u in (User.objects.filter(username=n).first() for n in PEOPLE) if u is not None]
    members = [
        {
            "person_id": u.pk,
            "assessor_id": User.objects.get(username="depthead").pk,
            "reviewer_id": User.objects.get(username="leader").pk,
            "rank_group": GROUP,
        }
        for u in people
    ]
    period = services.period_create(
        actor=leader,
        zone_id=zone.pk,
        name=PERIOD,
        template_id=template.pk,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        members=members,
        objection_days=0,
        demote_count=1,
        demote_pct=Decimal(10),
        dismiss_count=1,
        tie_rule="derived",
    )
    assessor = _actor("depthead")
    manual = {ind.code: ind for ind in template.indicators.all()}
    for i, sheet in enumerate(period.sheets.select_related("person").order_by("id")):
        services.sheet_self_assess(
            actor=Actor(user=sheet.person, channel="web"),
            sheet_id=sheet.pk,
            summary="本年度按承诺时限办理审批事项和企业诉求，落实首问负责和一次性告知。",
        )
        # The three utility reviewers get the same score, so with the same data they tie.
        points = (
            Decimal(16) if sheet.person.username.startswith("reviewer-wb-") else Decimal(12 + (i * 3) % 9)
        )
        services.score_enter(
            actor=assessor,
            sheet_id=sheet.pk,
            indicator_id=manual["M1"].pk,
            points=points,
            evidence="日常考勤、窗口服务巡查记录",
            comment="服务规范，作风良好" if points >= 16 else "服务意识有待加强",
        )
        vetoed = sheet.person.username == VETOED
        services.score_enter(
            actor=assessor,
            sheet_id=sheet.pk,
            indicator_id=manual["V1"].pk,
            veto=vetoed,
            evidence="凌开纪〔2026〕3号：违规接受服务对象宴请" if vetoed else "",
            comment="一票否决" if vetoed else "无违纪情况",
        )
        services.sheet_submit(actor=assessor, sheet_id=sheet.pk)
        services.sheet_review(actor=leader, sheet_id=sheet.pk, approve=True, note="同意")
    assert not period.sheets.exclude(status=SheetStatus.DONE).exists()
    services.period_publish(actor=leader, period_id=period.pk)
    # An objection, reviewed by the leader (not the assessor), upheld with a recorded correction.
    wang = period.sheets.get(person__username="reviewer")
    obj = services.objection_raise(
        actor=_actor("reviewer"),
        sheet_id=wang.pk,
        reason="8月牵头完成凌源智能制造产业园联合审批，工作作风评分未体现。",
    )
    services.objection_decide(
        actor=leader,
        objection_id=obj.pk,
        upheld=True,
        note="经核实联合审批工作属实，工作作风与服务态度更正为 18 分",
        indicator_id=manual["M1"].pk,
        points=Decimal(18),
    )
    services.period_finalise(actor=leader, period_id=period.pk)
    for sheet in period.sheets.all():
        if sheet.flag == "dismiss":
            services.decision_record(
                actor=leader,
                sheet_id=sheet.pk,
                kind="dismiss",
                effective_on=dt.date(2027, 1, 1),
                note="2026年度考核末位，依《考核办法》解聘",
            )
        elif sheet.flag == "demote":
            services.decision_record(
                actor=leader,
                sheet_id=sheet.pk,
                kind="transfer",
                effective_on=dt.date(2027, 1, 1),
                note="考核排名靠后，调整至辅助岗位",
            )
        elif sheet.place == 1:
            services.decision_record(
                actor=leader,
                sheet_id=sheet.pk,
                kind="renew",
                effective_on=dt.date(2027, 1, 1),
                note="考核优秀，续聘三年",
            )
