"""Every kind of message the product sends, as data: label, whether it is urgent (urgent
messages ignore quiet hours), and the texts. A typed registry, not string dispatch: an
unknown event code is a programming error caught by ``event_for``.

Texts are format strings over the params the emitter passes; the SMS text is the template
the zone's gateway receives (one per event, as the province's SMS platform requires)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    code: str
    label: str | Promise
    title: str | Promise
    body: str | Promise
    urgent: bool = False


_EVENTS = [
    Event("application.accepted", _("申请已受理"),
          _("【已受理】%(case)s %(subject)s"),
          _("窗口已受理「%(subject)s」的申请（办件编号 %(case)s），各审批事项开始并联审查。%(detail)s")),
    Event("application.supplement", _("一次性补正告知"),
          _("【补正告知】%(case)s %(subject)s"),
          _("请一次性补正以下材料后重新提交：%(detail)s")),
    Event("application.refused", _("不予受理"),
          _("【不予受理】%(case)s %(subject)s"),
          _("「%(subject)s」的申请不予受理。理由：%(detail)s")),
    Event("item.supplement", _("审批事项要求补正"),
          _("【补正】%(case)s %(item)s"),
          _("「%(item)s」要求补正，补正期间计时暂停：%(detail)s"), urgent=True),
    Event("item.supplement_overdue", _("补正逾期未提交"),
          _("【补正逾期】%(case)s %(item)s"),
          _("「%(item)s」要求的补正已超过期限 %(detail)s，申请人尚未提交。"
            "申请人请尽快补正或联系审批部门；审批部门请跟进处理。"),
          urgent=True),
    Event("stage.supplement_collected", _("部门补正意见待汇总告知"),
          _("【补正意见】%(subject)s"),
          _("「%(subject)s」有部门提出补正意见，请牵头部门汇总后一次性告知申请人：%(detail)s")),
    Event("stage.lead_summary", _("阶段待牵头部门汇总"),
          _("【待汇总】%(case)s %(subject)s"),
          _("「%(subject)s」本阶段各部门事项已全部办结，请牵头部门汇总各部门意见后办结本阶段。")),
    Event("application.terminated", _("终止办理"),
          _("【终止办理】%(case)s %(subject)s"),
          _("「%(subject)s」已终止办理：%(detail)s"), urgent=True),
    Event("item.decided", _("审批事项已决定"),
          _("【%(state)s】%(case)s %(item)s"),
          _("「%(item)s」已作出「%(state)s」决定。%(detail)s")),
    Event("certificate.issued", _("证照已核发"),
          _("【证照核发】%(item)s"),
          _("「%(item)s」已核发电子证照 %(detail)s，可在证照页下载。")),
    Event("stage.completed", _("阶段办结"),
          _("【阶段办结】%(case)s %(subject)s"),
          _("「%(subject)s」本阶段全部事项已办结。")),
    Event("appeal.dispatched", _("诉求派单"),
          _("【派单】%(case)s %(subject)s"),
          _("诉求「%(subject)s」已派至本部门主办，请在 %(detail)s 前签收。"), urgent=True),
    Event("appeal.returned", _("诉求退单"),
          _("【退单】%(case)s %(subject)s"),
          _("主办部门退回诉求「%(subject)s」，理由：%(detail)s。请重新派单。")),
    Event("appeal.replied", _("诉求已答复"),
          _("【已答复】%(case)s %(subject)s"),
          _("您的诉求「%(subject)s」已答复：%(detail)s")),
    Event("appeal.overdue", _("诉求超期上报"),
          _("【超期】%(case)s %(subject)s"),
          _("诉求「%(subject)s」已超过办理时限，已上报。%(detail)s"), urgent=True),
    Event("appeal.supervised", _("诉求督办"),
          _("【督办】%(case)s %(subject)s"),
          _("领导督办诉求「%(subject)s」：%(detail)s"), urgent=True),
    Event("rectification.due", _("差评整改"),
          _("【差评整改】%(subject)s"),
          _("收到差评，须在 %(detail)s 前完成整改并回访。")),
    Event("warning.yellow", _("黄色预警"),
          _("【黄色预警】%(case)s %(subject)s"),
          _("「%(subject)s」剩余办理时间不足，期限 %(detail)s。")),
    Event("warning.red", _("红色预警（已超期）"),
          _("【红色预警】%(case)s %(subject)s"),
          _("「%(subject)s」已超过办理期限 %(detail)s。"), urgent=True),
    # The sweeps' digests: one message per person and sweep run, however many cases turned
    # (``notifications.hooks``); each case's own state shows on the case and in its list.
    Event("warning.red.digest", _("审批事项超期汇总"),
          _("【红色预警】%(subject)s %(count)s 个审批事项已超期"),
          _("%(subject)s 有 %(count)s 个在办审批事项本次新超过办理期限（最早的期限 %(detail)s）。"
            "请在审批待办中筛选已超期事项并处理。"), urgent=True),
    Event("warning.yellow.digest", _("审批事项临期汇总"),
          _("【黄色预警】%(subject)s %(count)s 个审批事项即将到期"),
          _("%(subject)s 有 %(count)s 个在办审批事项本次进入临期（剩余办理时间不足，最早的期限 %(detail)s）。"
            "请在审批待办中筛选即将到期事项。")),
    Event("appeal.overdue.digest", _("诉求超期上报汇总"),
          _("【超期】%(count)s 件诉求超期已上报"),
          _("以下 %(count)s 件诉求已超过办理时限，已上报：%(detail)s"), urgent=True),
    Event("policy.matched", _("新匹配政策"),
          _("【政策匹配】%(subject)s"),
          _("有一项新政策可能适用于贵企业：%(detail)s")),
    Event("report.monthly", _("营商环境月报"),
          _("【月报】%(subject)s营商环境月报"),
          _("%(subject)s营商环境月报已生成，可在领导驾驶舱的月报页查看和下载（PDF、Excel）。")),
    Event("scheduler.failed", _("定时任务失败"),
          _("【定时任务失败】%(subject)s"),
          _("定时任务「%(subject)s」运行失败：%(detail)s"), urgent=True),
]

EVENTS: dict[str, Event] = {e.code: e for e in _EVENTS}
EVENT_CHOICES = [(e.code, e.label) for e in _EVENTS]


def event_for(code: str) -> Event:
    try:
        return EVENTS[code]
    except KeyError:
        raise ValueError(f"unknown notification event {code!r}; add it to notifications/events.py") from None
