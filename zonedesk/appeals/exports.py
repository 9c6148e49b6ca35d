"""The appeal and rating registers as Excel (core.xlsx): the filtered list as seen."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zonedesk.appeals import clocks
from zonedesk.core.xlsx import Column, Sheet
from zonedesk.workdays.selectors import work_calendar


def appeal_sheet(qs, zone_id: int | None) -> Sheet:
    cal, s = work_calendar(), clocks.zone_settings(zone_id or 0)

    def due(a):
        t = clocks.timing(a, cal, s.yellow_ratio)
        return t.due.date if t.due else None

    warnings = {"yellow": "黄色预警", "red": "红色预警（超期）"}

    def state(a):
        return warnings.get(clocks.timing(a, cal, s.yellow_ratio).state, "")

    return Sheet("企业诉求", [
        Column(_("诉求编号"), lambda a: a.number, 16),
        Column(_("标题"), lambda a: a.title, 30),
        Column(_("企业"), lambda a: a.enterprise.name, 30),
        Column(_("统一社会信用代码"), lambda a: a.enterprise.credit_code, 22),
        Column(_("类别"), lambda a: a.category.name),
        Column(_("来源"), lambda a: a.get_source_display(), 10),
        Column(_("主办部门"), lambda a: a.lead_department.name if a.lead_department_id else ""),
        Column(_("状态"), lambda a: a.get_status_display(), 12),
        Column(_("提交时间"), lambda a: a.submitted_at),
        Column(_("受理时间"), lambda a: a.accepted_at),
        Column(_("办理期限"), due, 12),
        Column(_("预警"), state, 12),
        Column(_("答复时间"), lambda a: a.replied_at),
        Column(_("按时答复"), lambda a: a.replied_on_time),
        Column(_("办结时间"), lambda a: a.closed_at),
        Column(_("已上报"), lambda a: a.escalated_at is not None, 8),
    ], qs.iterator(chunk_size=1000))


def rating_sheet(qs) -> Sheet:
    def rect(r, attr):
        rectification = getattr(r, "rectification", None)
        return getattr(rectification, attr, None) if rectification else None

    return Sheet("好差评", [
        Column(_("事项"), lambda r: r.case_title, 32),
        Column(_("类型"), lambda r: r.kind, 10),
        Column(_("企业"), lambda r: r.enterprise.name, 30),
        Column(_("被评价部门"), lambda r: "、".join(d.name for d in r.departments.all()), 24),
        Column(_("评价等级"), lambda r: r.get_level_display(), 12),
        Column(_("初次评价"), lambda r: r.get_first_level_display(), 12),
        Column(_("标签"), lambda r: "、".join(r.tags or []), 20),
        Column(_("评价内容"), lambda r: r.comment, 40),
        Column(_("评价时间"), lambda r: r.rated_at),
        Column(_("状态"), lambda r: r.get_status_display(), 10),
        Column(_("整改状态"), lambda r: r.rectification.get_status_display() if rect(r, "pk") else "", 12),
        Column(_("整改期限"), lambda r: rect(r, "due_on"), 12),
        Column(_("整改后复评时间"), lambda r: r.rerated_at),
    ], qs.iterator(chunk_size=1000))
