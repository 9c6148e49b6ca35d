"""The texts a zone may reword: its printed notices (告知书, 决定书, 回执, 答复函) and the
messages the message centre sends. A typed registry: each text names its placeholders, which
of them it cannot do without, sample values for the preview, and its built-in wording.

The built-in wording is Chinese in the code and English in the .po catalogue (the same
msgid), so a zone that never edits anything still prints both languages; an edited text is a
``NoticeText`` version of the zone and replaces the built-in one for that language only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zonedesk.notifications.events import EVENTS

LANGUAGES = ("zh-hans", "en")


@dataclass(frozen=True)
class TextSpec:
    key: str
    group: str  # "notice" (printed) or "message" (站内信, e-mail, SMS)
    label: str | Promise
    placeholders: dict[str, str | Promise]  # name -> what it holds, shown to the editor
    title: str | Promise
    body: str | Promise
    closing: str | Promise = ""
    required: frozenset[str] = frozenset()
    sample: dict[str, str] = field(default_factory=dict)

    def default(self, language: str) -> dict[str, str]:
        with translation.override(language):
            return {
                "title": _as_text(self.title),
                "body": _as_text(self.body),
                "closing": _as_text(self.closing),
            }


def _as_text(value) -> str:
    # The message defaults are %-format strings of events.py; the zone edits {name} texts.
    return re.sub(r"%\((\w+)\)s", r"{\1}", str(value)) if value else ""


_APPLICATION = {
    "applicant": _("申请单位名称"),
    "subject": _("项目名称、投资项目代码和阶段"),
    "project": _("项目名称"),
    "stage": _("审批阶段"),
    "case": _("办件编号"),
    "zone": _("园区名称"),
}
_APPLICATION_SAMPLE = {
    "applicant": "凌源示例科技有限公司",
    "subject": "「示例厂房项目」（投资项目代码 2026-211382-30-03-000105）立项用地规划许可阶段",
    "project": "示例厂房项目",
    "stage": "立项用地规划许可",
    "case": "LY-SP-2026-000123",
    "zone": "凌源经济开发区",
    "submitted_on": "2026年11月2日",
    "accepted_on": "2026年11月3日",
    "completed_on": "2026年11月27日",
    "reason": "不属于本机关职权范围",
    "deadline": "2026年11月20日",
    "item": "建设用地规划许可证核发",
    "department": "自然资源局",
    "requested_on": "2026年11月10日",
    "seq": "1",
}

_NOTICES = [
    TextSpec(
        "notice.accept",
        "notice",
        _("受理通知书"),
        {**_APPLICATION, "submitted_on": _("提交日期"), "accepted_on": _("受理日期")},
        _("受理通知书"),
        _(
            "你单位于{submitted_on}提交的{subject}审批申请，材料齐全、符合法定形式，本机关已于{accepted_on}予以受理。"
            "下列事项并联审查："
        ),
        _("可凭办件编号和查询码在园区网站查询办理进度。"),
        sample=_APPLICATION_SAMPLE,
    ),
    TextSpec(
        "notice.supplement",
        "notice",
        _("一次性补正告知书"),
        dict(_APPLICATION),
        _("一次性补正告知书"),
        _(
            "你单位提交的{subject}审批申请，经审查，材料不齐全或者不符合法定形式。"
            "根据《中华人民共和国行政许可法》第三十二条，现一次性告知需要补正的全部内容："
        ),
        _("请补正后重新提交，补正期间不计入办理时限。"),
        sample=_APPLICATION_SAMPLE,
    ),
    TextSpec(
        "notice.refuse",
        "notice",
        _("不予受理决定书"),
        {**_APPLICATION, "reason": _("不予受理的理由")},
        _("不予受理决定书"),
        _("你单位提交的{subject}审批申请，经审查，决定不予受理。\n理由：{reason}"),
        _(
            "申请人对本决定不服的，可以自收到本决定书之日起六十日内依法申请行政复议，"
            "或者在六个月内依法向人民法院提起行政诉讼。"
        ),
        required=frozenset({"reason"}),
        sample=_APPLICATION_SAMPLE,
    ),
    TextSpec(
        "notice.tolerance",
        "notice",
        _("容缺受理告知书"),
        {**_APPLICATION, "deadline": _("承诺补齐期限")},
        _("容缺受理告知书"),
        _(
            "你单位提交的{subject}审批申请，主要材料齐全，已签署信用承诺书，本机关予以容缺受理。"
            "下列次要材料须在承诺期限内补齐："
        ),
        _("逾期未补齐的，终止办理并记入信用记录。"),
        sample=_APPLICATION_SAMPLE,
    ),
    TextSpec(
        "notice.complete",
        "notice",
        _("办结通知书"),
        {**_APPLICATION, "completed_on": _("办结日期")},
        _("办结通知书"),
        _("你单位的{subject}审批申请已于{completed_on}办结，各事项结果如下："),
        sample=_APPLICATION_SAMPLE,
    ),
    TextSpec(
        "notice.item_supplement",
        "notice",
        _("审批事项补正告知书"),
        {
            **_APPLICATION,
            "item": _("审批事项"),
            "department": _("审查部门"),
            "requested_on": _("要求补正日期"),
            "seq": _("该事项第几次补正"),
            "deadline": _("补正期限"),
        },
        _("补正告知书"),
        _(
            "你单位申请的{subject}「{item}」事项，经{department}审查，需要补正（第{seq}次）。"
            "根据《中华人民共和国行政许可法》第三十二条，现一次性告知需要补正的全部内容："
        ),
        _(
            "请于{deadline}前通过平台一次性提交补正材料。"
            "补正期间暂停计算办理时限，补正后恢复计时。"
        ),
        required=frozenset({"item"}),
        sample=_APPLICATION_SAMPLE,
    ),
]

_APPEAL = {
    "applicant": _("诉求企业名称"),
    "subject": _("诉求标题"),
    "case": _("诉求编号"),
    "zone": _("园区名称"),
}
_APPEAL_SAMPLE = {
    "applicant": "凌源示例科技有限公司",
    "subject": "二期厂房规划许可进度",
    "case": "SQ-2026-000042",
    "zone": "凌源经济开发区",
    "submitted_on": "2026年11月2日",
    "accepted_on": "2026年11月2日",
    "category": "一般诉求",
    "limit": "7 个自然日",
    "department": "自然资源局",
    "reply": "规划许可已于11月10日核发，请到证照页下载。",
}
_NOTICES += [
    TextSpec(
        "notice.appeal_receipt",
        "notice",
        _("诉求受理回执"),
        {
            **_APPEAL,
            "submitted_on": _("提出日期"),
            "accepted_on": _("受理日期"),
            "category": _("诉求类别"),
            "limit": _("办理时限"),
        },
        _("诉求受理回执"),
        _(
            "你单位于{submitted_on}提出的诉求「{subject}」（类别：{category}），本平台已于{accepted_on}受理，"
            "将在 {limit}内办理答复。"
        ),
        _("可凭诉求编号和查询码在园区网站查询办理进度。"),
        sample=_APPEAL_SAMPLE,
    ),
    TextSpec(
        "notice.appeal_reply",
        "notice",
        _("诉求答复函"),
        {**_APPEAL, "department": _("主办部门"), "reply": _("答复内容")},
        _("诉求答复函"),
        _("你单位提出的诉求「{subject}」，经{department}办理，现答复如下：\n{reply}"),
        _("如对答复不满意，可在平台上评价或申请重办。"),
        required=frozenset({"reply"}),
        sample=_APPEAL_SAMPLE,
    ),
]

_MESSAGE_PLACEHOLDERS = {
    "case": _("办件编号或诉求编号"),
    "subject": _("事由"),
    "detail": _("详情（期限、理由等）"),
}
_ITEM_PLACEHOLDERS = {**_MESSAGE_PLACEHOLDERS, "item": _("审批事项"), "state": _("事项状态")}
_DIGEST_PLACEHOLDERS = {**_MESSAGE_PLACEHOLDERS, "count": _("件数")}
_MESSAGE_SAMPLE = {
    "case": "LY-SP-2026-000123",
    "subject": "示例厂房项目 · 立项用地规划许可",
    "detail": "2026-11-20",
    "item": "建设用地规划许可证核发",
    "state": "准予许可",
    "count": "3,000",
}
_MESSAGES = [
    TextSpec(
        f"message.{e.code}",
        "message",
        e.label,
        _ITEM_PLACEHOLDERS if e.code.startswith(("item.", "certificate."))
        else _DIGEST_PLACEHOLDERS if e.code.endswith(".digest") else _MESSAGE_PLACEHOLDERS,
        e.title,
        e.body,
        sample=_MESSAGE_SAMPLE,
    )
    for e in EVENTS.values()
]

TEXTS: dict[str, TextSpec] = {s.key: s for s in _NOTICES + _MESSAGES}


def spec_for(key: str) -> TextSpec | None:
    return TEXTS.get(key)
