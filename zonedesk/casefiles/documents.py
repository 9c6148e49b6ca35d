"""What each printed notice says, from the application as it stands. A notice exists only in
the state it belongs to (no 不予受理决定书 for an accepted application)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from zonedesk.casefiles.models import CaseKind, CaseNumber
from zonedesk.casefiles.notices import Notice

KINDS = {
    "accept": "受理通知书",
    "supplement": "一次性补正告知书",
    "refuse": "不予受理决定书",
    "tolerance": "容缺受理告知书",
    "complete": "办结通知书",
}
# The same titles for the page's buttons, through i18n (the PDF itself is always Chinese).
LABELS = {
    "accept": _("受理通知书"),
    "supplement": _("一次性补正告知书"),
    "refuse": _("不予受理决定书"),
    "tolerance": _("容缺受理告知书"),
    "complete": _("办结通知书"),
}
REMEDIES = ("申请人对本决定不服的，可以自收到本决定书之日起六十日内依法申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。")


def progress_url(number: str) -> str:
    return settings.ZONEDESK_PUBLIC_BASE_URL.rstrip("/") + reverse("casefiles:progress") + "?" + urlencode(
        {"n": number})


def _date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


APPEAL_KINDS = {"receipt": "诉求受理回执", "reply": "诉求答复函"}
APPEAL_LABELS = {"receipt": _("诉求受理回执"), "reply": _("诉求答复函")}


def appeal_available(appeal) -> list[str]:
    out = []
    if appeal.accepted_at:
        out.append("receipt")
    if appeal.replied_at and appeal.reply:
        out.append("reply")
    return out


def appeal_notice(appeal, kind: str) -> Notice | None:
    """受理回执 and 答复函 of an appeal; the query code is printed on the receipt."""
    if kind not in appeal_available(appeal):
        return None
    case = CaseNumber.objects.filter(kind=CaseKind.APPEAL, object_id=appeal.pk).first()
    common = dict(zone_name=appeal.zone.name, title=APPEAL_KINDS[kind], case_number=appeal.number,
                  addressee=appeal.enterprise.name, issued_on=timezone.localdate(),
                  progress_url=progress_url(appeal.number))
    if kind == "receipt":
        return Notice(**common, query_code=case.query_code if case else "", paragraphs=[
            f"你单位于{_date(timezone.localtime(appeal.submitted_at))}提出的诉求「{appeal.title}」"
            f"（类别：{appeal.category.name}），本平台已于{_date(timezone.localtime(appeal.accepted_at))}受理，"
            f"将在 {appeal.limit_amount} 个{appeal.get_limit_unit_display()}内办理答复。"],
            closing=["可凭诉求编号和查询码在园区网站查询办理进度。"])
    return Notice(**common, paragraphs=[
        f"你单位提出的诉求「{appeal.title}」，经"
        f"{appeal.lead_department.name if appeal.lead_department_id else '主办部门'}办理，现答复如下：",
        appeal.reply,
        "如对答复不满意，可在平台上评价或申请重办。"])


def available(app) -> list[str]:
    out = []
    if app.accepted_at:
        out.append("accept")
    if app.window_notice and not app.tolerance and app.status == "window_supplement":
        out.append("supplement")
    if app.status == "refused":
        out.append("refuse")
    if app.tolerance:
        out.append("tolerance")
    if app.status == "completed":
        out.append("complete")
    return out


def application_notice(app, kind: str) -> Notice | None:
    if kind not in available(app):
        return None
    case = CaseNumber.objects.filter(kind=CaseKind.APPLICATION, object_id=app.pk).first()
    number = case.number if case else f"#{app.pk}"
    project = app.project
    subject = f"「{project.name}」（投资项目代码 {project.code}）{app.get_stage_display()}阶段"
    common = dict(zone_name=app.zone.name, title=KINDS[kind], case_number=number,
                  addressee=project.enterprise.name, issued_on=timezone.localdate(),
                  progress_url=progress_url(number))
    if kind == "accept":
        items = [(ai.item.name, f"{ai.department.name}；承诺时限 {ai.limit_days} 个工作日"
                  + (f"，办理期限 {_date(ai.due_date)}" if ai.due_date else ""))
                 for ai in app.items.select_related("item", "department").exclude(state="waived")]
        return Notice(**common, query_code=case.query_code if case else "", paragraphs=[
            f"你单位于{_date(timezone.localtime(app.submitted_at))}提交的{subject}审批申请，材料齐全、符合法定形式，"
            f"本机关已于{_date(timezone.localtime(app.accepted_at))}予以受理。下列事项并联审查：",
        ], items=items, closing=["可凭办件编号和查询码在园区网站查询办理进度。"])
    if kind == "supplement":
        items = [(row["material"], "必要材料" if row.get("requirement") == "required" else "次要材料")
                 for row in app.window_notice if "material" in row]
        notes = [row["note"] for row in app.window_notice if row.get("note")]
        return Notice(**common, paragraphs=[
            f"你单位提交的{subject}审批申请，经审查，材料不齐全或者不符合法定形式。"
            "根据《中华人民共和国行政许可法》第三十二条，现一次性告知需要补正的全部内容：",
        ], items=items + [(n, "") for n in notes],
            closing=["请补正后重新提交，补正期间不计入办理时限。"])
    if kind == "refuse":
        return Notice(**common, paragraphs=[
            f"你单位提交的{subject}审批申请，经审查，决定不予受理。",
            f"理由：{app.refuse_reason}", REMEDIES])
    if kind == "tolerance":
        items = [(row["material"], f"须于 {_date(app.tolerance_deadline)} 前补齐"
                  + ("（期限按暂定节假日计算）" if app.tolerance_provisional else ""))
                 for row in app.window_notice if "material" in row]
        return Notice(**common, query_code=case.query_code if case else "", paragraphs=[
            f"你单位提交的{subject}审批申请，主要材料齐全，已签署信用承诺书，"
            "本机关予以容缺受理。下列次要材料须在承诺期限内补齐：",
        ], items=items, closing=["逾期未补齐的，终止办理并记入信用记录。"])
    items = [(ai.item.name, ai.get_state_display()) for ai in app.items.select_related("item")]
    return Notice(**common, paragraphs=[
        f"你单位的{subject}审批申请已于{_date(timezone.localtime(app.completed_at))}办结，各事项结果如下："],
        items=items)
