"""The applications and their items as Excel (core.xlsx), as the signed-in person sees them."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from zonedesk.approvals.models import Application, ApplicationItem
from zonedesk.casefiles.models import CaseNumber
from zonedesk.core.xlsx import Column, Sheet


def _case_no(app_ref: str):
    return Subquery(CaseNumber.objects.filter(kind="application", object_id=OuterRef(app_ref))
                    .values("number")[:1])


def application_sheets(user) -> list[Sheet]:
    apps = (Application.objects.visible_to(user)
            .select_related("project", "project__enterprise")
            .annotate(case_no=_case_no("pk")).order_by("-submitted_at", "-id"))
    items = (ApplicationItem.objects.visible_to(user)
             .select_related("application", "application__project", "item", "department")
             .annotate(case_no=_case_no("application_id")).order_by("-application_id", "item__sort", "id"))
    return [
        Sheet("审批申请", [
            Column(_("办件编号"), lambda a: a.case_no, 20),
            Column(_("项目名称"), lambda a: a.project.name, 30),
            Column(_("投资项目代码"), lambda a: a.project.code, 26),
            Column(_("建设单位"), lambda a: a.project.enterprise.name, 30),
            Column(_("阶段"), lambda a: a.get_stage_display(), 16),
            Column(_("状态"), lambda a: a.get_status_display(), 12),
            Column(_("信用绿色通道"), lambda a: a.green_channel, 10),
            Column(_("容缺受理"), lambda a: a.tolerance, 10),
            Column(_("容缺补齐期限"), lambda a: a.tolerance_deadline, 12),
            Column(_("提交时间"), lambda a: a.submitted_at),
            Column(_("受理时间"), lambda a: a.accepted_at),
            Column(_("办结时间"), lambda a: a.completed_at),
            Column(_("区域评估节省（万元）"), lambda a: a.saved_cost_wan, 14),
        ], apps.iterator(chunk_size=1000)),
        Sheet("审批事项", [
            Column(_("办件编号"), lambda i: i.case_no, 20),
            Column(_("项目名称"), lambda i: i.application.project.name, 30),
            Column(_("阶段"), lambda i: i.application.get_stage_display(), 16),
            Column(_("事项"), lambda i: i.item.name, 30),
            Column(_("办理部门"), lambda i: i.department.name, 20),
            Column(_("状态"), lambda i: i.get_state_display(), 12),
            Column(_("承诺时限（工作日）"), lambda i: i.limit_days, 10),
            Column(_("办理期限"), lambda i: i.due_date, 12),
            Column(_("办结时间"), lambda i: i.decided_at),
            Column(_("决定人"), lambda i: i.decided_by, 12),
        ], items.iterator(chunk_size=1000)),
    ]
