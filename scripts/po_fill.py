#!/usr/bin/env python3
"""Fill locale/en/LC_MESSAGES/django.po from the TRANSLATIONS table below.

Usage:  python scripts/po_fill.py [path/to/django.po] [--force]

* Parses the .po itself (no polib needed): keeps comments/references/flags,
  fills msgstr (and msgstr[n] for plurals) from TRANSLATIONS, drops the
  "fuzzy" flag from every filled entry and from the header, sets the header
  Language to "en", and removes obsolete (#~) entries.
* Existing non-empty msgstr are kept unless --force is given (then the table wins).
* Checks that every python-format placeholder of the msgid appears in the msgstr
  and that leading/trailing whitespace matches; lists entries with no translation.
Exit code 1 if anything is left untranslated or a check fails.
"""
from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|\{\{\s*\w+\s*\}\}|%[sd]")


def unquote(s: str) -> str:
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    body = s[1:-1]
    out, i = [], 0
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(esc.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + '"'


def fmt_field(keyword: str, value: str) -> list[str]:
    if "\n" in value[:-1] or len(value) > 70:
        parts = re.split(r"(?<=\n)", value)
        parts = [p for p in parts if p]
        return [f'{keyword} ""'] + [quote(p) for p in parts]
    return [f"{keyword} {quote(value)}"]


class Entry:
    def __init__(self):
        self.comments: list[str] = []   # lines starting with '#' (not '#,', not '#~')
        self.flags: list[str] = []
        self.fields: dict[str, str] = {}
        self.order: list[str] = []
        self.obsolete = False

    def flags_line(self):
        return ("#, " + ", ".join(self.flags)) if self.flags else None


def parse(text: str) -> list[Entry]:
    entries, cur, last = [], None, None
    for raw in text.splitlines():
        line = raw.rstrip("\n")
        if not line.strip():
            if cur is not None:
                entries.append(cur)
            cur, last = None, None
            continue
        # an entry ends at a blank line, or when a comment/msgctxt/msgid follows its msgstr
        if cur is not None and any(k.startswith("msgstr") for k in cur.order) and (
                line.startswith(("#", "msgctxt", "msgid "))):
            entries.append(cur)
            cur, last = None, None
        if cur is None:
            cur = Entry()
        if line.startswith("#~"):
            cur.obsolete = True
            continue
        if line.startswith("#,"):
            cur.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
            continue
        if line.startswith("#"):
            cur.comments.append(line)
            continue
        if line.startswith('"'):
            cur.fields[last] += unquote(line)
            continue
        m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
        if not m:
            raise ValueError(f"cannot parse line: {line!r}")
        last = m.group(1)
        cur.fields[last] = unquote(m.group(2))
        cur.order.append(last)
    if cur is not None:
        entries.append(cur)
    return entries


def render(entries: list[Entry]) -> str:
    out = []
    for e in entries:
        if e.obsolete:
            continue
        # gettext order: translator/extracted comments and references, then flags,
        # then "#|" previous-msgid lines
        lines = [c for c in e.comments if not c.startswith("#|")]
        fl = e.flags_line()
        if fl:
            lines.append(fl)
        lines += [c for c in e.comments if c.startswith("#|")]
        for k in e.order:
            lines += fmt_field(k, e.fields[k])
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def ws_ok(a: str, b: str) -> bool:
    lead = lambda s: s[: len(s) - len(s.lstrip())]  # noqa: E731
    trail = lambda s: s[len(s.rstrip()):]  # noqa: E731
    return lead(a) == lead(b) and trail(a) == trail(b)


def lookup(msgid: str):
    if msgid in TRANSLATIONS:
        return TRANSLATIONS[msgid]
    stripped = msgid.strip()
    if stripped != msgid and stripped in TRANSLATIONS:
        t = TRANSLATIONS[stripped]
        lead = msgid[: len(msgid) - len(msgid.lstrip())]
        trail = msgid[len(msgid.rstrip()):]
        return lead + t + trail
    return None


def main(argv):
    force = "--force" in argv
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "locale/en/LC_MESSAGES/django.po"
    entries = parse(path.read_text(encoding="utf-8"))
    # msgids that the code passes to gettext from a variable: makemessages cannot see them,
    # so they are (re)added here after every makemessages run
    present = {e.fields.get("msgid") for e in entries if not e.obsolete and "msgctxt" not in e.fields}
    for msgid, where in RUNTIME_MSGIDS.items():
        if msgid not in present:
            extra = Entry()
            extra.comments = [f"#. Runtime msgid, not extracted by makemessages: {where}"]
            extra.fields = {"msgid": msgid, "msgstr": ""}
            extra.order = ["msgid", "msgstr"]
            if "%(" in msgid:
                extra.flags = ["python-format"]
            entries.append(extra)
    missing, problems, filled, total, done = [], [], 0, 0, 0
    for e in entries:
        if e.obsolete:
            continue
        msgid = e.fields.get("msgid", "")
        if msgid == "" and "msgctxt" not in e.fields:  # header
            e.flags = [f for f in e.flags if f != "fuzzy"]
            hdr = e.fields["msgstr"]
            hdr = re.sub(r"^Language: .*$", "Language: en", hdr, flags=re.M)
            hdr = re.sub(r"^Language-Team: .*$", "Language-Team: English", hdr, flags=re.M)
            hdr = re.sub(r"^Project-Id-Version: PACKAGE VERSION$", "Project-Id-Version: zonedesk", hdr, flags=re.M)
            hdr = re.sub(r"^Last-Translator: FULL NAME.*$", "Last-Translator: zonedesk <noreply@example.invalid>", hdr, flags=re.M)
            stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
            hdr = re.sub(r"^PO-Revision-Date: .*$", f"PO-Revision-Date: {stamp}", hdr, flags=re.M)
            e.fields["msgstr"] = hdr
            if any("SOME DESCRIPTIVE TITLE" in c or "FIRST AUTHOR" in c for c in e.comments):
                e.comments = ["# English translations for zonedesk (source language: zh-hans).",
                              "# Filled by scripts/po_fill.py."]
            continue
        total += 1
        plural = "msgid_plural" in e.fields
        t = lookup(msgid)
        if plural:
            tp = lookup(e.fields["msgid_plural"])
            if isinstance(t, tuple):
                t, tp = t
            keys = [k for k in e.order if k.startswith("msgstr[")]
            have = all(e.fields[k] for k in keys)
            if t is None or tp is None:
                if not have:
                    missing.append(msgid)
                    continue
            elif force or not have:
                e.fields[keys[0]] = t
                for k in keys[1:]:
                    e.fields[k] = tp
                filled += 1
            strs = [(e.fields["msgid"], e.fields[keys[0]])] + [(e.fields["msgid_plural"], e.fields[k]) for k in keys[1:]]
        else:
            if t is None:
                if not e.fields.get("msgstr"):
                    missing.append(msgid)
                    continue
            elif force or not e.fields.get("msgstr") or "fuzzy" in e.flags:
                e.fields["msgstr"] = t
                filled += 1
            strs = [(msgid, e.fields["msgstr"])]
        # a fuzzy entry kept without a table translation stays fuzzy (and counts as missing)
        if "fuzzy" in e.flags and t is None:
            missing.append(msgid)
            continue
        e.flags = [f for f in e.flags if f != "fuzzy"]
        done += 1
        for src, dst in strs:
            ps = sorted(PLACEHOLDER.findall(src))
            pd = sorted(PLACEHOLDER.findall(dst))
            if ps != pd:
                problems.append(f"placeholders differ: {src!r} -> {dst!r}")
            # a msgid ending in a full-width colon is glued to a value ("截止日：{{ d }}"):
            # the English needs "…: " there, so that trailing space is intended
            if src not in INTENTIONAL_WS and not ws_ok(src, dst) and not (src.endswith("：") and dst.endswith(": ") and ws_ok(src, dst[:-1])):
                problems.append(f"whitespace differs: {src!r} -> {dst!r}")
    # drop "#| msgid" previous-msgid comments of entries no longer fuzzy
    for e in entries:
        if "fuzzy" not in e.flags:
            e.comments = [c for c in e.comments if not c.startswith("#|")]
    path.write_text(render(entries), encoding="utf-8")
    print(f"{path}: {total} entries, {done} translated, {filled} filled this run, {len(missing)} missing")
    for m in missing:
        print("  MISSING:", repr(m))
    for p in problems:
        print("  PROBLEM:", p)
    return 1 if (missing or problems) else 0



# msgids whose English needs a space the Chinese does not, because the code glues them
# to the next text: _("【绿色通道】") + title (zonedesk/approvals/hooks.py)
INTENTIONAL_WS = {"【绿色通道】"}

# ---------------------------------------------------------------------------
# zh-hans msgid -> English msgstr
# Glossary: 诉求 enterprise appeal · 好差评/服务评价 service rating · 补正 supplementary
# materials (request) · 容缺受理 acceptance with deferred materials (容缺) · 暂定 provisional ·
# 信用承诺书 credit commitment letter · 综合窗口 service window · 工作台 workbench ·
# 办结率 closure rate · 万元 ×10k CNY · 亿元 ×100M CNY · 项目管家 project steward ·
# 领办/帮办/代办 guided / assisted / proxy handling · 园区 zone · 产业园 industrial park
# ---------------------------------------------------------------------------
TRANSLATIONS: dict[str, str] = {
    # --- settings / shell -------------------------------------------------
    "简体中文": "简体中文",
    "English": "English",
    "语言": "Language",
    "退出": "Log out",
    "主导航": "Main navigation",
    "分页": "Pagination",
    "上一页": "Previous",
    "下一页": "Next",
    "第 %(n)s / %(total)s 页，共 %(count)s 条": "Page %(n)s of %(total)s, %(count)s items",
    "营商环境服务平台": "Business Environment Service Platform",
    "工作台": "Workbench",
    "企业库": "Enterprise directory",
    "我的企业": "My enterprise",
    "组织机构": "Organisation",
    "用户管理": "User management",
    "账号安全": "Account security",
    "系统管理": "System administration",
    "工作日历": "Working-day calendar",

    # --- agency (领办代办授权) --------------------------------------------
    "代办授权": "Proxy authorisation",
    "被授权管家": "Authorised steward",
    "方式": "Mode",
    "授权事项": "Authorised actions",
    "生效日期": "Effective from",
    "截止日期": "Valid until",
    "授权书说明": "Authorisation letter notes",
    "领办": "Guided handling",
    "帮办": "Assisted handling",
    "代办": "Proxy handling",
    "申报审批事项": "Apply for approval items",
    "补正材料": "Submit supplementary materials",
    "签署信用承诺书": "Sign credit commitment letter",
    "评价审批服务": "Rate approval service",
    "提出诉求": "Raise enterprise appeal",
    "评价诉求办理": "Rate appeal handling",
    "授权企业": "Authorising enterprise",
    "授权人": "Authorised by",
    "授权时间": "Authorised at",
    "撤销时间": "Revoked at",
    "领办代办授权": "Steward authorisations",
    "截止日期不能早于生效日期": "The end date cannot be earlier than the effective date",
    "没有覆盖“%(action)s”的有效授权（授权可能已过期、被撤销或不含该事项）":
        "No valid authorisation covers “%(action)s” (it may have expired, been revoked or not include this action)",
    "只有企业本身的用户可以授权管家代办": "Only the enterprise's own users can authorise a steward",
    "被授权人须为本园区在岗的项目管家": "The authorised person must be an active project steward of this zone",
    "方式应为 领办、帮办、代办 之一": "Mode must be one of: guided, assisted or proxy handling",
    "至少授权一项事项": "Authorise at least one action",
    "未知的授权事项：%(a)s": "Unknown authorised action: %(a)s",
    "授权期限最长一年，到期后重新授权": "An authorisation lasts at most one year; renew it when it expires",
    "截止日期已过": "The end date has already passed",
    "只有授权企业本身可以撤销授权": "Only the authorising enterprise can revoke the authorisation",
    "该授权已撤销": "This authorisation has already been revoked",
    "企业可书面授权项目管家领办、帮办或代办指定事项；管家代为办理的每一步都记录双方姓名，超出授权范围或期限的操作会被拒绝。":
        "An enterprise can authorise a project steward in writing to guide, assist with or handle specified actions on its behalf. Every step the steward takes is recorded with both parties' names; actions outside the authorised scope or period are refused.",
    "新增授权": "New authorisation",
    "授权": "Authorise",
    "企业": "Enterprise",
    "管家": "Steward",
    "期限": "Deadline",
    "状态": "Status",
    "已撤销": "Revoked",
    "已过期": "Expired",
    "未生效": "Not yet effective",
    "有效": "Valid",
    "确认撤销该授权？": "Revoke this authorisation?",
    "撤销": "Revoke",
    "暂无授权。": "No authorisations yet.",
    "已授权": "Authorisation granted",
    "已撤销授权": "Authorisation revoked",

    # --- appeals (诉求 / 好差评) ------------------------------------------
    "非常满意": "Very satisfied",
    "满意": "Satisfied",
    "基本满意": "Fairly satisfied",
    "不满意": "Dissatisfied",
    "非常不满意": "Very dissatisfied",
    "待受理": "Awaiting acceptance",
    "待派单": "Awaiting dispatch",
    "待签收": "Awaiting sign-off",
    "办理中": "In progress",
    "待企业补充": "Awaiting enterprise input",
    "已答复待回访": "Replied, awaiting follow-up",
    "已回访待评价": "Followed up, awaiting rating",
    "已办结": "Closed",
    "已合并": "Merged",
    "不予受理": "Not accepted",
    "企业网上提交": "Submitted online by enterprise",
    "走访发现": "Found during visit",
    "服务热线": "Service hotline",
    "小时": "hours",
    "工作日": "working days",
    "黄牌预警剩余比例": "Yellow-card warning threshold (remaining share)",
    "签收时限（小时）": "Sign-off time limit (hours)",
    "差评整改时限（工作日）": "Negative-rating rectification time limit (working days)",
    "计入满意的评价等级": "Rating levels counted as satisfied",
    "办结率公式": "Closure rate formula",
    "按时办结率公式": "On-time closure rate formula",
    "满意率公式": "Satisfaction rate formula",
    "诉求与评价参数": "Appeal and rating settings",
    "每个园区只有一组参数": "Each zone has only one set of settings",
    "编码": "Code",
    "名称": "Name",
    "办理时限": "Time limit",
    "时限单位": "Time limit unit",
    "排序": "Order",
    "诉求类别": "Appeal category",
    "类别编码已存在": "This category code already exists",
    "办理时限必须为正整数": "The time limit must be a positive integer",
    "走访企业": "Enterprise visited",
    "走访日期": "Visit date",
    "参加人员": "Participants",
    "走访情况": "Visit notes",
    "记录人": "Recorded by",
    "走访记录": "Visit records",
    "诉求编号": "Appeal number",
    "类别": "Category",
    "来源": "Source",
    "标题": "Title",
    "诉求内容": "Appeal details",
    "联系人": "Contact person",
    "联系电话": "Contact phone",
    "提交人": "Submitted by",
    "提交时间": "Submitted at",
    "受理时间": "Accepted at",
    "主办部门": "Lead department",
    "协办部门": "Assisting departments",
    "派单时间": "Dispatched at",
    "签收期限": "Sign-off deadline",
    "签收时间": "Signed off at",
    "答复内容": "Reply",
    "答复时间": "Replied at",
    "按时答复": "Replied on time",
    "回访情况": "Follow-up notes",
    "回访时间": "Followed up at",
    "办结时间": "Closed at",
    "合并至": "Merged into",
    "超期上报时间": "Overdue escalation time",
    "上报至": "Escalated to",
    "重办次数": "Times reopened",
    "企业诉求": "Enterprise appeal",
    "诉求编号已存在": "This appeal number already exists",
    "已合并的诉求须指明合并至哪一件": "A merged appeal must specify which appeal it was merged into",
    "开始": "Start",
    "结束": "End",
    "原因": "Reason",
    "时间": "Time",
    "动作": "Action",
    "操作人": "Operator",
    "说明": "Notes",
    "督办意见": "Supervision instructions",
    "申诉复核中": "Under review (disputed)",
    "复核撤销": "Overturned on review",
    "事项类型": "Item type",
    "事项编号": "Item number",
    "事项": "Item",
    "被评价部门": "Department rated",
    "评价等级": "Rating",
    "初次评价": "Initial rating",
    "标签": "Tags",
    "评价内容": "Comments",
    "评价人": "Rated by",
    "评价时间": "Rated at",
    "整改后复评时间": "Re-rated after rectification at",
    "服务评价": "Service rating",
    "该事项已评价，一事一评": "This item has already been rated (one rating per item)",
    "整改中": "Rectification in progress",
    "已回访": "Followed up",
    "整改期限": "Rectification deadline",
    "整改答复": "Rectification reply",
    "待复核": "Awaiting review",
    "维持评价": "Rating upheld",
    "撤销评价": "Rating revoked",
    "申诉理由": "Grounds for dispute",
    "复核结论": "Review decision",
    "复核意见": "Review comments",

    # --- approvals (工程建设项目审批) -------------------------------------
    "立项用地规划许可": "Project approval & land-use planning permit",
    "工程建设许可": "Construction project permit",
    "施工许可": "Construction permit",
    "竣工验收": "Completion acceptance",
    "必要材料": "Required material",
    "次要材料（可容缺）": "Secondary material (can be deferred)",
    "压覆重要矿产资源评估": "Assessment of overlying important mineral resources",
    "环境影响评价": "Environmental impact assessment",
    "水土保持方案": "Soil and water conservation plan",
    "水资源论证": "Water resources assessment",
    "地震安全性评价": "Seismic safety assessment",
    "文物考古调查勘探": "Archaeological survey and exploration",
    "气候可行性论证": "Climate feasibility assessment",
    "地质灾害危险性评估": "Geological hazard risk assessment",
    "社会稳定风险评估": "Social stability risk assessment",
    "绿色通道信用等级门槛": "Minimum credit rating for the green channel",
    "黄色预警剩余比例": "Yellow warning threshold (remaining share)",
    "审批参数": "Approval settings",
    "每个园区只有一组审批参数": "Each zone has only one set of approval settings",
    "版本号": "Version number",
    "现行版本": "Current version",
    "创建时间": "Created at",
    "修订说明": "Revision notes",
    "事项目录版本": "Item catalogue version",
    "该版本号已存在": "This version number already exists",
    "每个园区只能有一个现行目录版本": "Each zone can have only one current catalogue version",
    "材料名称": "Material name",
    "有效期（月，空为长期）": "Validity (months; blank = indefinite)",
    "材料类型": "Material type",
    "本园区已有该材料编码": "This material code already exists in this zone",
    "项目类别": "Project category",
    "全流程时限（工作日）": "End-to-end time limit (working days)",
    "本版本已有该类别编码": "This category code already exists in this version",
    "全流程时限须至少 1 个工作日": "The end-to-end time limit must be at least 1 working day",
    "阶段": "Stage",
    "牵头部门": "Lead department",
    "阶段牵头部门": "Stage lead department",
    "每个阶段只有一个牵头部门": "Each stage has only one lead department",
    "事项编码": "Item code",
    "事项名称": "Item name",
    "办理部门": "Handling department",
    "法定时限（工作日）": "Statutory time limit (working days)",
    "承诺时限（工作日）": "Committed time limit (working days)",
    "市政公用报装（供水/供电/供气/供热）": "Utility connection (water/power/gas/heating)",
    "可由区域评估替代": "Can be replaced by regional assessment",
    "准予后核发的证照": "Licence issued on approval",
    "证照进入材料库的类型": "Material type of the licence in the materials library",
    "审批事项": "Approval item",
    "本版本已有该事项编码": "This item code already exists in this version",
    "承诺时限须至少 1 个工作日且不超过法定时限":
        "The committed time limit must be at least 1 working day and not exceed the statutory time limit",
    "市政公用报装事项应在工程建设许可阶段办理":
        "Utility connection items must be handled in the construction project permit stage",
    "材料": "Material",
    "要求": "Requirement",
    "事项所需材料": "Materials required for item",
    "该事项已列出此材料": "This material is already listed for this item",
    "评估类别": "Assessment category",
    "覆盖地块": "Plots covered",
    "地块编号列表": "List of plot numbers",
    "有效期自": "Valid from",
    "有效期至": "Valid until",
    "单个项目节省费用（万元）": "Savings per project (×10k CNY)",
    "区域评估": "Regional assessment",
    "有效期止不能早于有效期起": "The validity end date cannot be earlier than the start date",
    "费用不能为负数": "The cost cannot be negative",
    "建设单位": "Developer",
    "项目名称": "Project name",
    "投资项目代码": "Investment project code",
    "建设地块": "Construction plot",
    "区域评估节省费用（万元）": "Regional assessment savings (×10k CNY)",
    "工程建设项目": "Construction project",
    "该投资项目代码已登记": "This investment project code is already registered",
    "待补正（受理前）": "Awaiting supplementary materials (before acceptance)",
    "审查中": "Under review",
    "终止办理": "Terminated",
    "目录版本": "Catalogue version",
    "模拟审批（土地出让前）": "Simulated approval (before land transfer)",
    "信用绿色通道": "Credit green channel",
    "申请表": "Application form",
    "一次性告知": "One-time notice",
    "不予受理理由": "Reason for non-acceptance",
    "容缺受理": "Acceptance with deferred materials (容缺)",
    "容缺补齐期限": "Deadline for deferred materials",
    "信用承诺书签署时间": "Credit commitment letter signed at",
    "承诺人": "Committed by",
    "终止理由": "Reason for termination",
    "区域评估节省（万元）": "Regional assessment savings (×10k CNY)",
    "审批申请": "Approval application",
    "该项目本阶段已有申请": "This project already has an application for this stage",
    "区域评估免办": "Exempted by regional assessment",
    "待补正": "Awaiting supplementary materials",
    "准予许可": "Approved",
    "不予许可": "Rejected",
    "起算时间": "Clock started at",
    "决定人": "Decided by",
    "理由/补正要求": "Reason / supplementary materials request",
    "替代的区域评估": "Replacing regional assessment",
    "节省费用（万元）": "Savings (×10k CNY)",
    "证照": "Licence",
    "证照编号": "Licence number",
    "申请事项": "Application item",
    "计时暂停": "Clock suspension",
    "暂停结束不能早于开始": "A suspension cannot end before it starts",
    "该事项已有未结束的暂停": "This item already has an open suspension",
    "文件": "File",
    "文件名": "File name",
    "入库时间": "Added to library at",
    "材料库记录": "Materials library record",
    "已提交": "Submitted",
    "复用": "Reused",
    "缺": "Missing",
    "容缺待补": "Deferred, pending (容缺)",
    "申请材料": "Application material",
    "该材料已在清单中": "This material is already in the list",
    "容缺受理承诺未履行": "Deferred-materials commitment not fulfilled",
    "发生日期": "Date of occurrence",
    "信用事件": "Credit event",
    "该申请已记录此信用事件": "This credit event is already recorded for this application",

    # --- audit -----------------------------------------------------------
    "成功": "Success",
    "拒绝": "Denied",
    "失败": "Failed",
    "审计链": "Audit chain",
    "序号": "Sequence no.",
    "园区": "Zone",
    "操作人姓名": "Operator name",
    "渠道": "Channel",
    "操作": "Action",
    "对象类型": "Object type",
    "对象编号": "Object ID",
    "对象": "Object",
    "变更前": "Before",
    "变更后": "After",
    "结果": "Result",
    "客户端地址": "Client address",
    "审计记录": "Audit record",
    "前序哈希": "Previous hash",
    "SM3 哈希": "SM3 hash",
    "返回列表": "Back to list",
    "审计日志": "Audit log",
    "校验 SM3 哈希链": "Verify SM3 hash chain",
    "自": "From",
    "至": "To",
    "查询": "Search",
    "链/序号": "Chain / seq.",
    "没有符合条件的审计记录。": "No matching audit records.",
    "哈希链校验": "Hash chain verification",
    "审计记录 SM3 哈希链校验": "Audit record SM3 hash chain verification",
    "审计链 %(key)s：第 %(seq)s 条记录异常 —— %(reason)s":
        "Audit chain %(key)s: record #%(seq)s is invalid — %(reason)s",
    "所有审计链完整：没有记录被改动、插入或删除。":
        "All audit chains are intact: no record has been altered, inserted or deleted.",

    # --- enterprises -----------------------------------------------------
    "关键词": "Keyword",
    "名称、信用代码、法定代表人": "Name, credit code, legal representative",
    "行业": "Industry",
    "产业园": "Industrial park",
    "信用等级": "Credit rating",
    "成长层级": "Growth tier",
    "失信/异常": "Untrustworthy / abnormal",
    "在名单中": "Listed",
    "不在名单中": "Not listed",
    "统一社会信用代码": "Unified Social Credit Code",
    "企业名称": "Enterprise name",
    "法定代表人": "Legal representative",
    "所属行业（GB/T 4754）": "Industry (GB/T 4754)",
    "所在产业园": "Industrial park",
    "地址": "Address",
    "成立日期": "Date of establishment",
    "从业人数": "Number of employees",
    "信用等级来源": "Credit rating source",
    "信用等级有效期至": "Credit rating valid until",
    "名单类别": "List type",
    "列入日期": "Date listed",
    "Excel 文件（.xlsx）": "Excel file (.xlsx)",
    "代码": "Code",
    "门类": "Section",
    "国民经济行业": "Industry classification",
    "未入库": "Not registered",
    "科技型中小企业": "Tech-based SME",
    "高新技术企业": "High-tech enterprise",
    "雏鹰企业": "Eaglet enterprise",
    "瞪羚企业": "Gazelle enterprise",
    "独角兽企业": "Unicorn enterprise",
    "严重失信主体": "Seriously untrustworthy entity",
    "失信被执行人": "Dishonest judgment debtor",
    "经营异常名录": "List of abnormal operations",
    "所属行业": "Industry",
    "更新时间": "Updated at",
    "版本": "Version",
    "该统一社会信用代码已登记": "This Unified Social Credit Code is already registered",
    "移出日期": "Date removed",
    "失信/异常名单记录": "Untrustworthy / abnormal list entry",
    "移出日期不能早于列入日期": "The removal date cannot be earlier than the listing date",
    "年度": "Year",
    "营业收入（万元）": "Operating revenue (×10k CNY)",
    "纳税额（万元）": "Taxes paid (×10k CNY)",
    "研发投入（万元）": "R&D expenditure (×10k CNY)",
    "科技人员数": "Number of technical staff",
    "企业年度数据": "Enterprise annual data",
    "该企业该年度的数据已存在": "Data for this enterprise and year already exists",
    "科技人员数不能多于从业人数": "Technical staff cannot exceed the number of employees",
    "已校验，待确认": "Checked, awaiting confirmation",
    "正在导入": "Importing",
    "已导入": "Imported",
    "已放弃": "Discarded",
    "导入批次": "Import batch",
    "园区企业概况": "Zone enterprise overview",
    "未评级": "Unrated",
    "编辑": "Edit",
    "登记信息": "Registration details",
    "所属园区": "Zone",
    "信用": "Credit",
    "失信与经营异常名单": "Untrustworthy and abnormal-operation lists",
    "列入": "Listed",
    "移出": "Removed",
    "确认登记该企业于今日移出此名单？": "Record this enterprise as removed from this list today?",
    "登记移出": "Record removal",
    "未列入任何失信或经营异常名单。": "Not on any untrustworthy or abnormal-operation list.",
    "登记列入名单": "Record listing",
    "登记": "Record",
    "年度数据": "Annual data",
    "金额单位：万元": "Amounts in ×10k CNY",
    "营业收入": "Operating revenue",
    "纳税额": "Taxes paid",
    "研发投入": "R&D expenditure",
    "科技人员": "Technical staff",
    "暂无年度数据。": "No annual data yet.",
    "添加企业": "Add enterprise",
    "编辑企业": "Edit enterprise",
    "保存": "Save",
    "取消": "Cancel",
    "导入企业名录": "Import enterprise directory",
    "上传 .xlsx 文件后，系统先逐行校验并列出每一处问题（行、列、原因）；确认之前不会写入任何数据。已登记的统一社会信用代码将更新原记录，不会重复添加。":
        "After you upload an .xlsx file, the system checks it row by row and lists every problem (row, column, reason); nothing is written until you confirm. Rows whose Unified Social Credit Code is already registered update the existing record instead of adding a duplicate.",
    "下载导入模板": "Download import template",
    "也可直接使用“导出 Excel”得到的文件。": "You can also use a file produced by “Export to Excel”.",
    "上传并校验": "Upload and check",
    "导入校验结果": "Import check results",
    "共 %(total)s 行：可导入 %(good)s 行（新增 %(c)s，更新 %(u)s），有问题 %(bad)s 行。":
        "%(total)s rows: %(good)s can be imported (%(c)s new, %(u)s updates), %(bad)s have problems.",
    "上次确认未能完成：": "The last confirmation could not be completed: ",
    "确认导入 %(n)s 行有效数据": "Import %(n)s valid rows",
    "放弃，不导入": "Discard, do not import",
    "正在后台导入，本页每 3 秒刷新一次……": "Importing in the background; this page refreshes every 3 seconds…",
    "问题清单": "Problems",
    "工作表": "Sheet",
    "行": "Row",
    "列": "Column",
    "有效数据预览": "Valid data preview",
    "处理": "Action",
    "新增": "New",
    "更新": "Update",
    "导出 Excel": "Export to Excel",
    "导入 Excel": "Import from Excel",
    "筛选": "Filter",
    "清除": "Clear",
    "没有符合条件的企业。": "No matching enterprises.",
    "在册企业": "Registered enterprises",
    "失信/异常名单中": "On untrustworthy / abnormal lists",
    "行业门类分布": "By industry section",
    "信用等级分布": "By credit rating",

    # --- files -----------------------------------------------------------
    "SHA-256": "SHA-256",
    "类型": "Type",
    "内容类型": "Content type",
    "大小（字节）": "Size (bytes)",
    "存储名": "Storage name",
    "上传人": "Uploaded by",
    "上传时间": "Uploaded at",
    "空文件": "Empty file",
    "超过大小上限 %(mb)s MB": "Exceeds the size limit of %(mb)s MB",
    "文件类型不允许（检测为%(what)s）": "File type not allowed (detected as %(what)s)",
    "文件类型不允许（检测为 %(kind)s，只接受 %(wanted)s）":
        "File type not allowed (detected as %(kind)s; only %(wanted)s accepted)",
    "文件名不合法": "Invalid file name",

    # --- organisation ----------------------------------------------------
    "用户名": "Username",
    "密码": "Password",
    "原密码": "Current password",
    "新密码": "New password",
    "再次输入新密码": "Confirm new password",
    "两次输入的新密码不一致": "The two new passwords do not match",
    "姓名": "Name",
    "手机号": "Mobile number",
    "部门": "Department",
    "岗位": "Position",
    "角色": "Roles",
    "系统管理员、安全管理员、审计管理员须由不同人员担任，且不兼任业务角色。":
        "The system, security and audit administrator roles must be held by different people, none of whom may also hold a business role.",
    "初始密码": "Initial password",
    "所属企业（企业用户）": "Enterprise (for enterprise users)",
    "启用": "Active",
    "重置密码（留空不修改）": "Reset password (leave blank to keep)",
    "简称": "Short name",
    "行政区划代码": "Administrative division code",
    "省级区划代码": "Provincial division code",
    "默认园区": "Default zone",
    "报告年度": "Reporting year",
    "管委会": "Administrative committee",
    "管委会局室": "Administrative committee bureau",
    "集团": "Group",
    "集团总部部室": "Group headquarters department",
    "子公司": "Subsidiary",
    "外部单位": "External organisation",
    "上级部门": "Parent department",
    "本园区已有相同编码的部门": "A department with this code already exists in this zone",
    "员额制": "Quota-based staff",
    "聘任制": "Contract staff",
    "编制内": "Established post",
    "岗位名称": "Position title",
    "用人方式": "Employment type",
    "可查看的其他园区": "Other zones visible",
    "所属企业": "Enterprise",
    "连续登录失败次数": "Consecutive failed logins",
    "锁定至": "Locked until",
    "密码修改时间": "Password changed at",
    "用户": "User",
    "授予时间": "Granted at",
    "角色授权": "Role assignment",
    "接口令牌": "API token",
    "密码须包含小写字母、大写字母、数字、符号中至少 %(n)d 类。":
        "The password must contain at least %(n)d of: lowercase letters, uppercase letters, digits, symbols.",
    "企业用户": "Enterprise user",
    "综合窗口": "Service window",
    "部门审批人员": "Department approver",
    "部门负责人": "Department head",
    "项目管家": "Project steward",
    "招商专员": "Investment promotion officer",
    "领导": "Leader",
    "省级平台用户": "Provincial platform user",
    "系统管理员": "System administrator",
    "安全管理员": "Security administrator",
    "审计管理员": "Audit administrator",
    "登录": "Log in",
    "凌源经济开发区 · 审批、诉求、项目、政策一网通办":
        "Lingyuan Economic Development Zone · Approvals, appeals, projects and policies in one place",
    "修改密码": "Change password",
    "连续登录失败达到上限的账号将被锁定；安全管理员可在核实身份后提前解除锁定。":
        "Accounts that reach the limit of consecutive failed logins are locked; a security administrator can unlock them early after verifying the user's identity.",
    "只看已锁定": "Locked only",
    "部门/企业": "Department / enterprise",
    "最近登录": "Last login",
    "连续失败": "Consecutive failures",
    "锁定至 %(t)s": "Locked until %(t)s",
    "停用": "Disabled",
    "正常": "OK",
    "解除锁定": "Unlock",
    "管委会各局室与发展投资集团“1+N”架构（总部部室 + 专业化子公司），以及参与审批的公共服务单位。":
        "The administrative committee's bureaus, the development and investment group's “1+N” structure (headquarters departments + specialised subsidiaries), and the public service organisations involved in approvals.",
    "在岗人数": "Active staff",
    "新建用户": "New user",
    "编辑用户": "Edit user",
    "%(name)s，您好。": "Hello, %(name)s.",
    "我的待办": "My tasks",
    "暂无待办事项。审批、诉求等业务上线后，需要您处理的事项会显示在这里，并按期限排序、以黄牌/红牌提示。":
        "No pending tasks. Once approvals, appeals and other services go live, items that need your action will appear here, sorted by deadline and flagged with yellow/red cards.",
    "常用功能": "Shortcuts",
    "接口文档": "API documentation",
    "您已安全退出。": "You have been logged out.",
    "密码已修改。": "Your password has been changed.",
    "已解除锁定：%(name)s": "Unlocked: %(name)s",

    # --- parks -----------------------------------------------------------
    "本园区已有同名产业园": "An industrial park with this name already exists in this zone",

    # --- workdays --------------------------------------------------------
    "星期": "Weekday",
    "从 chinesecalendar 数据包载入所选年份": "Load the selected years from the chinesecalendar package",
    "%(year)d 年：新增 %(created)d 天，更新 %(updated)d 天，删除 %(removed)d 天，保留管理员录入 %(kept)d 天。":
        "%(year)d: %(created)d days added, %(updated)d updated, %(removed)d deleted, %(kept)d administrator-entered days kept.",
    "缺少日期参数 %(field)s": "Missing date parameter %(field)s",
    "日期无效：%(value)s，应为 YYYY-MM-DD": "Invalid date: %(value)s (expected YYYY-MM-DD)",
    "缺少工作日数参数 %(field)s": "Missing working-day count parameter %(field)s",
    "工作日数必须是整数：%(value)s": "The number of working days must be an integer: %(value)s",
    "工作日数不能为负数": "The number of working days cannot be negative",
    "工作日数不能超过 %(max)d": "The number of working days cannot exceed %(max)d",
    "超出可计算的年份范围（官方安排或可按法定节假日推算的年份）":
        "Outside the range of years that can be calculated (years with an official schedule or whose statutory holidays can be derived)",
    "年份": "Year",
    "已录入官方安排": "Official schedule entered",
    "勾选后该年只按周末和本表的节假日、调休计算；未勾选时按法定节假日推算，期限标为暂定。":
        "If ticked, this year is calculated only from weekends and the holidays and make-up working days in this table; if not, statutory holidays are derived and deadlines are marked provisional.",
    "例如发文字号：国办发明电〔2025〕7号": "E.g. the document number: 国办发明电〔2025〕7号",
    "日历年度": "Calendar year",
    "chinesecalendar 数据包": "chinesecalendar package",
    "管理员录入": "Entered by administrator",
    "日期": "Date",
    "上班": "Working day",
    "例如：春节、春节调休上班": "E.g. Spring Festival, Spring Festival make-up working day",
    "节假日与调休": "Holidays and make-up working days",
    "休息": "Day off",
    "年份须在 %(first)d–%(last)d 之间": "The year must be between %(first)d and %(last)d",
    "chinesecalendar 数据包没有 %(year)d 年的放假安排":
        "The chinesecalendar package has no holiday schedule for %(year)d",
    "由 chinesecalendar 数据包载入": "Loaded from the chinesecalendar package",
    "该日期没有节假日或调休记录": "There is no holiday or make-up working day record for this date",
    "办理期限截止日：": "Deadline: ",
    "自 %(start)s 受理（当日不计），计 %(n)s 个工作日，共跨 %(d)s 个自然日。":
        "Accepted on %(start)s (not counted); %(n)s working days spanning %(d)s calendar days.",
    "该期限跨入尚未公布官方放假安排的年度，按法定节假日推算，标注为“暂定”。":
        "This deadline falls in a year whose official holiday schedule has not been published; it is derived from statutory holidays and marked “Provisional”.",
    "审批时限按工作日计算（行政许可法第八十二条）；受理当日不计入，期限最后一日为法定休假日的顺延至休假日结束后的第一个工作日（民法典第二百零一条、第二百零三条）。":
        "Approval time limits are counted in working days (Administrative Licensing Law, Art. 82). The day of acceptance is not counted, and if the last day of a period is a statutory holiday, the deadline moves to the first working day after the holiday (Civil Code, Arts. 201 and 203).",
    "期限计算": "Deadline calculator",
    "计算": "Calculate",
    "%(year)s 年节假日与调休": "Holidays and make-up working days in %(year)s",
    "国务院尚未公布该年放假安排，按法定节假日推算，调休未知":
        "The State Council has not yet published this year's holiday schedule; statutory holidays are derived and make-up working days are unknown",
    "暂定": "Provisional",
    "%(year)s 年的官方放假安排尚未录入。以下是依《全国年节及纪念日放假办法》推算的法定节假日；跨入该年的期限均标注“暂定”，录入官方安排后自动重算。系统管理员可在“系统管理 → 工作日历”中录入。":
        "The official holiday schedule for %(year)s has not been entered yet. Below are the statutory holidays derived from the National Holidays and Commemorative Days Regulations; deadlines falling in that year are marked “Provisional” and are recalculated automatically once the official schedule is entered. A system administrator can enter it under “System administration → Working-day calendar”.",
    "调休上班": "Make-up working day",
    "没有记录。": "No records.",
    "已录入官方安排的年度：": "Years with an official schedule: ",
    "该年官方放假安排尚未录入，按法定节假日推算；录入后期限将重新计算":
        "This year's official holiday schedule has not been entered; statutory holidays are derived, and the deadline will be recalculated once it is entered",
    "暂停尚未结束，期限还会顺延": "The suspension has not ended; the deadline will be extended further",
    "暂停中": "Suspended",
    "受理日期": "Acceptance date",
    "时限（工作日）": "Time limit (working days)",
    "依法推算": "Derived from statutory rules",
}

# --- batch 2: appeals services, approvals services, certificates, projects ----------------
TRANSLATIONS.update({
    # appeals services
    "只有综合窗口可以办理此操作": "Only the service window can perform this action",
    "只有主办部门的人员可以办理此操作": "Only staff of the lead department can perform this action",
    "该诉求已被他人处理（当前状态：%(s)s），请刷新页面后再操作":
        "This appeal has already been handled by someone else (current status: %(s)s). Please refresh the page and try again",
    "该诉求当前状态为“%(s)s”，不能执行此操作（可能已被他人处理，请刷新）":
        "This appeal's status is “%(s)s”, so this action is not possible (it may have been handled by someone else; please refresh)",
    "内容过长（不超过 %(n)d 字）": "Too long (at most %(n)d characters)",
    "请选择诉求类别": "Please select an appeal category",
    "请选择企业": "Please select an enterprise",
    "请填写诉求标题": "Please enter an appeal title",
    "请描述遇到的问题": "Please describe the problem",
    "联系方式过长": "Contact details are too long",
    "附件最多 %(n)d 个": "At most %(n)d attachments",
    "只有领导、管家和综合窗口可以登记走访": "Only leaders, stewards and the service window can record visits",
    "请填写走访日期": "Please enter the visit date",
    "走访日期不能晚于今天": "The visit date cannot be later than today",
    "请填写参加人员": "Please enter the participants",
    "请至少记录一个发现的问题": "Please record at least one issue found",
    "请填写不予受理的理由": "Please enter the reason for non-acceptance",
    "请选择主办部门": "Please select the lead department",
    "协办部门不存在或已停用": "An assisting department does not exist or has been deactivated",
    "主办：%(lead)s%(co)s": "Lead: %(lead)s%(co)s",
    "请填写退单理由": "Please enter the reason for returning the assignment",
    "超时签收": "Signed off late",
    "请说明需要企业补充的内容": "Please state what the enterprise needs to supply",
    "请填写补充说明": "Please enter the additional information",
    "请填写答复内容": "Please enter the reply",
    "请填写回访情况": "Please enter the follow-up notes",
    "请填写重办理由": "Please enter the reason for reopening",
    "只有综合窗口或领导可以重办诉求": "Only the service window or a leader can reopen an appeal",
    "请填写督办意见": "Please enter the supervision instructions",
    "只有领导可以督办": "Only leaders can supervise",
    "该诉求已%(s)s，无需督办": "This appeal is already “%(s)s”; supervision is not needed",
    "不能与自身合并": "An appeal cannot be merged with itself",
    "该诉求当前状态为“%(s)s”，不能合并": "This appeal's status is “%(s)s”, so it cannot be merged",
    "只能合并到同一企业仍有效的诉求": "An appeal can only be merged into an open appeal of the same enterprise",
    "合并至 %(n)s": "Merged into %(n)s",
    "合并 %(n)s：%(t)s": "Merged %(n)s: %(t)s",
    "超期未办结，已上报%(n)s": "Overdue and not closed; escalated to %(n)s",
    "超期未办结，主办部门未设负责人，已上报综合窗口":
        "Overdue and not closed; the lead department has no head, so it was escalated to the service window",
    # ratings
    "办事效率高": "Efficient",
    "服务态度好": "Friendly service",
    "一次办成": "Done in one visit",
    "解释清楚": "Clear explanations",
    "办理超时": "Took too long",
    "态度不好": "Unfriendly",
    "问题未解决": "Problem not solved",
    "多次跑动": "Required repeated visits",
    "请选择评价等级": "Please select a rating",
    "评价标签不在可选范围内": "Invalid rating tag",
    "评价内容不超过 1000 字": "Comments must be at most 1000 characters",
    "差评请说明原因，以便部门整改": "Please explain a negative rating so that the department can rectify it",
    "该事项尚未办结，办结后才能评价": "This item is not closed yet; it can be rated once it is closed",
    "该事项已评价过，一事一评，不能重复评价": "This item has already been rated; each item can be rated only once",
    "只有被评价的部门可以办理此操作": "Only the rated department can perform this action",
    "请填写整改答复": "Please enter the rectification reply",
    "该评价没有待答复的整改": "This rating has no rectification awaiting a reply",
    "只有综合窗口可以回访": "Only the service window can follow up",
    "整改尚未答复，不能回访": "The rectification has not been replied to yet, so it cannot be followed up",
    "整改回访完成后才能重新评价": "The item can be re-rated only after the rectification follow-up",
    "整改后已重新评价过，不能再次修改": "The item has already been re-rated after rectification and cannot be changed again",
    "请填写申诉理由": "Please enter the grounds for the dispute",
    "该评价已申诉过，不能重复申诉": "This rating has already been disputed; it cannot be disputed again",
    "请填写复核意见": "Please enter the review comments",
    "申诉复核由管委会领导决定": "Disputes are decided by the administrative committee's leaders",
    "该评价没有待复核的申诉": "This rating has no dispute awaiting review",
    # approvals catalogue / services
    "园区缺少行政审批局（编码 SPJ），无法建立事项目录":
        "The zone has no Administrative Approval Bureau (code SPJ), so the item catalogue cannot be created",
    "由通用模板建立": "Created from the standard template",
    "修改事项 %(name)s": "Edited item %(name)s",
    "修改项目类别 %(name)s": "Edited project category %(name)s",
    "办理期限": "Deadline",
    "只有企业本身或经其授权的项目管家可以办理":
        "Only the enterprise itself or a project steward it has authorised can do this",
    "文件存储服务尚未启用，暂不能上传材料": "File storage is not enabled yet; materials cannot be uploaded for now",
    "只有本园区综合窗口可以受理申请": "Only this zone's service window can accept applications",
    "只有%(dept)s的审批人员可以办理此事项": "Only approvers of %(dept)s can handle this item",
    "%(what)s当前状态为「%(state)s」，不能%(action)s":
        "%(what)s status is “%(state)s”; “%(action)s” is not possible",
    "申请": "Application",
    "请填写项目名称": "Please enter the project name",
    "投资项目代码应为 24 位，格式如 2026-211382-30-03-000123（GB/T 40058-2021）":
        "The investment project code must have 24 characters, e.g. 2026-211382-30-03-000123 (GB/T 40058-2021)",
    "请选择本园区现行目录中的项目类别": "Please select a project category from this zone's current catalogue",
    "请至少填写一个建设地块编号": "Please enter at least one construction plot number",
    "阶段应为 立项用地规划许可、工程建设许可、施工许可、竣工验收 之一":
        "Stage must be one of: project approval & land-use planning permit, construction project permit, construction permit, completion acceptance",
    "该项目本阶段已有申请，不能重复申报": "This project already has an application for this stage; it cannot be submitted twice",
    "上一阶段「%(s)s」尚未办结，不能申报本阶段":
        "The previous stage “%(s)s” is not completed yet, so this stage cannot be applied for",
    "本园区目录中该阶段没有审批事项": "This zone's catalogue has no approval items for this stage",
    "已由区域评估「%(t)s」覆盖，免于单独办理": "Covered by regional assessment “%(t)s”; no separate application needed",
    "本阶段不需要这些材料：%(c)s": "These materials are not needed for this stage: %(c)s",
    "补交材料": "Submit additional materials",
    "该材料不在本申请的材料清单中": "This material is not on this application's materials list",
    "该材料已提交，无需重复上传": "This material has already been submitted; no need to upload it again",
    "信用承诺书已签署": "Credit commitment letter signed",
    "受理": "Accept",
    "不能容缺受理：": "Acceptance with deferred materials is not possible: ",
    "材料不全，不能受理：%(m)s。请一次性告知补正，或符合条件时容缺受理":
        "Materials are incomplete, so the application cannot be accepted: %(m)s. Issue a one-time supplementary materials request, or accept with deferred materials where eligible",
    "请写明不予受理的理由": "Please state the reason for non-acceptance",
    "发出补正告知": "Issue supplementary materials request",
    "材料齐全；如需补正其他内容，请写明补正要求":
        "All materials are present; to request anything else, describe what needs to be supplied",
    "重新提交": "Resubmit",
    "该事项已由%(who)s于 %(at)s 作出「%(state)s」决定，本次操作未执行":
        "%(who)s already decided “%(state)s” on this item at %(at)s; this action was not carried out",
    "发证部门": "Issuing department",
    "发证日期": "Date of issue",
    "请写明不予许可的理由和依据": "Please state the reasons and legal basis for the rejection",
    "请一次性写明需要补正的全部内容": "Please list everything that needs to be supplied, all at once",
    "要求补正": "Request supplementary materials",
    "等待申请人补正": "Waiting for the applicant's supplementary materials",
    "请说明补正情况": "Please describe the supplementary materials provided",
    "提交补正": "Submit supplementary materials",
    "容缺材料未在 %(d)s 前补齐：%(m)s": "Deferred materials were not supplied by %(d)s: %(m)s",
    # certificates
    "最后序号": "Last sequence number",
    "证照编号计数器": "Licence number counter",
    "该园区该年度的计数器已存在": "A counter for this zone and year already exists",
    "核验码": "Verification code",
    "持证企业": "Holder enterprise",
    "持证单位": "Holder",
    "证照种类": "Licence type",
    "证照名称": "Licence title",
    "证照事项": "Licence particulars",
    "发证时间": "Issued at",
    "签发人": "Issued by",
    "撤销原因": "Reason for revocation",
    "撤销人": "Revoked by",
    "证照文件": "Licence file",
    "电子证照": "Electronic licence",
    "本园区已有相同编号的证照": "A licence with this number already exists in this zone",
    "撤销证照须注明原因": "A reason is required to revoke a licence",
    # files
    "超过大小上限 %(limit)s": "Exceeds the size limit of %(limit)s",
    # projects
    "储备": "Prospect",
    "在谈": "Negotiating",
    "签约": "Signed",
    "开工建设": "Under construction",
    "投产": "In production",
    "青岛驻点招商": "Qingdao investment office",
    "深圳驻点招商": "Shenzhen investment office",
    "以商招商": "Business referral",
    "产业园集群招商": "Industrial park cluster promotion",
    "产业链招商": "Industry chain promotion",
    "商会/中介推介": "Chamber of commerce / agency referral",
    "本地企业增资扩产": "Local enterprise expansion",
    "其他": "Other",
    "环保管家": "Environmental steward",
    "安全管家": "Safety steward",
    "项目助手": "Project assistant",
    "投资协议（合同）": "Investment agreement (contract)",
    "施工许可证或开工报告": "Construction permit or construction start report",
    "竣工验收或投产报告": "Completion acceptance or production start report",
    "其他材料": "Other materials",
    "产业链": "Industry chain",
    "本园区已有同名产业链": "An industry chain with this name already exists in this zone",
    "黄色预警（工作日）": "Yellow warning (working days)",
    "红色预警（工作日）": "Red warning (working days)",
    "阶段停留预警": "Stage dwell-time warnings",
    "该阶段已设置": "This stage is already configured",
    "红色预警天数应大于黄色预警天数": "The red warning days must be greater than the yellow warning days",
    "投资方": "Investor",
    "项目单位": "Project enterprise",
    "总投资（万元）": "Total investment (×10k CNY)",
    "年度计划投资（万元）": "Planned investment this year (×10k CNY)",
    "入库日期": "Date added to pipeline",
    "在谈日期": "Negotiation start date",
    "签约日期": "Signing date",
    "开工日期": "Construction start date",
    "投产日期": "Production start date",
    "部分投用": "Partly in use",
    "部分投用日期": "Partial use date",
    "计划完工日期": "Planned completion date",
    "重点项目": "Key project",
    "招商渠道": "Lead source",
    "地块": "Plot",
    "预计年产值（万元）": "Expected annual output (×10k CNY)",
    "预计年税收（万元）": "Expected annual tax (×10k CNY)",
    "预计带动就业（人）": "Expected jobs created",
    "补链延链所属项目": "Parent project (chain completion/extension)",
    "招商项目": "Investment project",
    "本园区已有同名项目": "A project with this name already exists in this zone",
    "总投资不能为负数": "Total investment cannot be negative",
    "年度计划投资不能大于总投资": "Planned investment this year cannot exceed the total investment",
    "原阶段": "Previous stage",
    "新阶段": "New stage",
    "阶段变更": "Stage change",
    "职责": "Duty",
    "人员": "Person",
    "起始日期": "Start date",
    "结束日期": "End date",
    "管家分配": "Steward assignment",
    "材料类别": "Material category",
    "项目材料": "Project document",
    "项目导入批次": "Project import batch",
    "只有招商专员可以维护招商项目": "Only investment promotion officers can maintain investment projects",
    "只有招商专员和本项目的管家可以办理": "Only investment promotion officers and this project's stewards can do this",
    "该投资项目代码已登记在另一个项目下": "This investment project code is already registered under another project",
    "入库日期不能晚于今天": "The date added to pipeline cannot be later than today",
    "本园区已有同名项目或相同的投资项目代码":
        "A project with this name or investment project code already exists in this zone",
    "入库": "Added to pipeline",
    "该项目已被他人修改（当前版本 %(now)s，您编辑的是版本 %(old)s），请刷新后再修改":
        "This project has been changed by someone else (current version %(now)s; you were editing version %(old)s). Please refresh and edit again",
    "项目不能是自己的补链延链项目": "A project cannot be its own parent project",
    "项目已到“%(stage)s”阶段，不能清空%(field)s":
        "The project has reached the “%(stage)s” stage; %(field)s cannot be cleared",
    "转入“%(stage)s”前还缺少：%(missing)s": "Still missing before moving to “%(stage)s”: %(missing)s",
    "只有开工建设中的项目可以登记部分投用": "Only projects under construction can be recorded as partly in use",
    "该项目已登记部分投用（%(on)s）": "This project is already recorded as partly in use (%(on)s)",
    "部分投用日期应在开工日期与今天之间": "The partial use date must be between the construction start date and today",
    "职责应为项目管家、环保管家、安全管家或项目助手":
        "Duty must be project steward, environmental steward, safety steward or project assistant",
    "分配日期不能晚于今天": "The assignment date cannot be later than today",
    "所选人员不是本园区的管家": "The selected person is not a steward of this zone",
    "该职责已由此人担任": "This person already holds this duty",
    "分配日期不能早于上一任的起始日期 %(d)s": "The assignment date cannot be earlier than the previous holder's start date %(d)s",
    "材料类别无效": "Invalid material category",
    "请填写材料标题（不超过 120 字）": "Please enter a document title (at most 120 characters)",
})
# --- batch 3: dashboard figures / todos, certificates pages --------------------------------
TRANSLATIONS.update({
    "诉求办结率": "Appeal closure rate",
    "诉求按时办结率": "Appeal on-time closure rate",
    "诉求满意率": "Appeal satisfaction rate",
    "应办结诉求": "Appeals due for closure",
    "已办结诉求": "Closed appeals",
    "在办诉求": "Open appeals",
    "超期未答复诉求": "Overdue unanswered appeals",
    "有效评价": "Valid ratings",
    "差评": "Negative ratings",
    "待受理诉求": "Appeals awaiting acceptance",
    "待派单诉求": "Appeals awaiting dispatch",
    "待回访诉求": "Appeals awaiting follow-up",
    "差评整改待回访：%(t)s": "Rectified negative rating awaiting follow-up: %(t)s",
    "待签收诉求": "Appeals awaiting sign-off",
    "待答复诉求": "Appeals awaiting reply",
    "差评待整改：%(t)s": "Negative rating to rectify: %(t)s",
    "超期上报诉求": "Escalated overdue appeals",
    "差评申诉待复核：%(t)s": "Disputed negative rating awaiting review: %(t)s",
    "请补充诉求材料": "Please supply more information for your appeal",
    "请评价诉求办理": "Please rate how your appeal was handled",
    "差评已整改，可重新评价：%(t)s": "Negative rating rectified, you can rate again: %(t)s",
    "材料库记录须有文件或证照": "A materials library record must have a file or a licence",
    "我的证照": "My licences",
    "名称或信用代码": "Name or credit code",
    "只有审批人员、部门负责人和综合窗口可以签发或撤销证照":
        "Only approvers, department heads and the service window can issue or revoke licences",
    "持证企业不存在": "The holder enterprise does not exist",
    "该证照已于 %(day)s 撤销": "This licence was revoked on %(day)s",
    "电子证照核验": "Electronic licence verification",
    "该证照真实有效。": "This licence is authentic and valid.",
    "已于 %(day)s 撤销，不再有效。": "Revoked on %(day)s; no longer valid.",
    "有效期至 %(day)s，已过期。": "Valid until %(day)s; expired.",
    "发证机关": "Issuing authority",
    "长期": "Indefinite",
    "本页只显示证照上印制的内容。请核对纸质或电子证照与本页一致。":
        "This page shows only what is printed on the licence. Check that the paper or electronic licence matches this page.",
    "未找到该证照": "Licence not found",
    "核验码无效": "Invalid verification code",
    "没有与此核验码对应的证照。请确认核验网址完整无误，或直接扫描证照上的二维码。":
        "No licence matches this verification code. Check that the verification URL is complete and correct, or scan the QR code on the licence.",
    "下载 PDF": "Download PDF",
    "在线查看": "View online",
    "公开核验页": "Public verification page",
    "签发信息": "Issuance details",
    "种类": "Type",
    "系统": "System",
    "撤销证照": "Revoke licence",
    "撤销后，公开核验页立即显示“已撤销”，不可恢复。":
        "Once revoked, the public verification page immediately shows “Revoked”. This cannot be undone.",
    "确认撤销": "Confirm revocation",
    "编号": "Number",
    "核验": "Verify",
    "暂无证照。审批事项办结后，电子证照会出现在这里。":
        "No licences yet. Electronic licences appear here once approval items are completed.",
    "证照已撤销，核验页面即时显示为已撤销": "The licence has been revoked; the verification page now shows it as revoked",
})
# --- batch 4 ---------------------------------------------------------------------------------
TRANSLATIONS.update({
    "园区平台公司自建": "Built by the zone's platform company",
})
# --- batch 5: appeals filter form, project figures ------------------------------------------
TRANSLATIONS.update({
    "附件（PDF、图片、Office 文档，可多选）": "Attachments (PDF, images, Office documents; multiple allowed)",
    "全部": "All",
    "在办": "Open",
    "办理中（计时）": "In progress (clock running)",
    "提交自": "Submitted from",
    "提交至": "Submitted to",
    "办结自": "Closed from",
    "办结至": "Closed to",
    "派单说明": "Dispatch notes",
    "评价内容（差评必填）": "Comments (required for a negative rating)",
    "%(label)s总投资": "%(label)s: total investment",
    "未分类": "Unclassified",
    # runtime msgids (see RUNTIME_MSGIDS)
    "新建项目": "New projects",
    "续建项目": "Continuing projects",
    "签约项目": "Signed projects",
    "储备项目": "Prospective projects",
    "在谈项目": "Projects under negotiation",
    "请填写证照种类": "Please enter the licence type",
    "请填写证照名称": "Please enter the licence title",
    "证照事项须为（名称，内容）的列表": "Licence particulars must be a list of (label, value) pairs",
    "有效期不能早于发证日期": "The validity date cannot be earlier than the date of issue",
    "请填写撤销原因": "Please enter the reason for revocation",
})

# msgid -> where the code passes it to gettext at run time (not a literal inside _(...))
RUNTIME_MSGIDS: dict[str, str] = {
    "新建项目": "zonedesk/projects/figures.py VIEWS -> _(label)",
    "续建项目": "zonedesk/projects/figures.py VIEWS -> _(label)",
    "签约项目": "zonedesk/projects/figures.py VIEWS -> _(label)",
    "储备项目": "zonedesk/projects/figures.py VIEWS -> _(label)",
    "在谈项目": "zonedesk/projects/figures.py VIEWS -> _(label)",
    "重点项目": "zonedesk/projects/figures.py VIEWS -> _(label)",
    "请填写证照种类": "zonedesk/certificates/rules.py clean_issue -> services.py _(v)",
    "请填写证照名称": "zonedesk/certificates/rules.py clean_issue -> services.py _(v)",
    "证照事项须为（名称，内容）的列表": "zonedesk/certificates/rules.py clean_issue -> services.py _(v)",
    "有效期不能早于发证日期": "zonedesk/certificates/rules.py clean_issue -> services.py _(v)",
    "请填写撤销原因": "zonedesk/certificates/rules.py clean_reason -> services.py _(problem)",
}
# --- batch 6: projects forms / selectors ---------------------------------------------------
TRANSLATIONS.update({
    "新建": "New",
    "续建": "Continuing",
    "重点": "Key",
    "项目、投资方、代码": "Project, investor, code",
    "年度口径": "Annual view",
    "起": "From",
    "止": "To",
    "当前阶段": "Current stage",
    "是": "Yes",
    "否": "No",
    "起始日期不能晚于截止日期": "The start date cannot be later than the end date",
    "项目单位（企业库）": "Project enterprise (from enterprise directory)",
    "GB/T 40058-2021，24 位，如 2106-211382-04-01-123456":
        "GB/T 40058-2021, 24 characters, e.g. 2106-211382-04-01-123456",
    "（尚未登记）": "(not registered yet)",
    "转入阶段": "Move to stage",
    "（空缺）": "(vacant)",
    "计划 %(d)s 完工": "Planned completion %(d)s",
    "停留超过 %(n)s 个工作日": "In this stage for over %(n)s working days",
})
# --- batch 7: appeals pages, approvals pages, dashboard, projects pages ----------------------
TRANSLATIONS.update({
    # appeals: events / actions
    "提出": "Raise",
    "派单": "Dispatch",
    "退单": "Return",
    "签收": "Sign off",
    "请企业补充（暂停计时）": "Request info from enterprise (clock paused)",
    "企业补充（恢复计时）": "Enterprise supplied info (clock resumed)",
    "答复": "Reply",
    "回访": "Follow-up",
    "评价并办结": "Rate and close",
    "办结": "Close",
    "重办": "Reopen",
    "督办": "Supervise",
    "合并至他件": "Merge into another appeal",
    "合并重复诉求": "Merge duplicate appeal",
    "超期上报": "Overdue escalation",
    "请企业补充": "Request info from enterprise",
    "补充说明": "Additional information",
    "评价": "Rating",
    # appeals: rates / states
    "办结率": "Closure rate",
    "按时办结率": "On-time closure rate",
    "满意率": "Satisfaction rate",
    "无数据": "No data",
    "超期": "Overdue",
    "临期": "Due soon",
    "暂停计时": "Clock paused",
    "已答复": "Replied",
    # appeals: detail
    "领导督办": "Leadership supervision",
    "超期未答复，%(at)s 已上报 %(to)s。": "Overdue without a reply; escalated to %(to)s at %(at)s.",
    "本件为重复诉求，已合并至": "This is a duplicate appeal and has been merged into",
    "诉求信息": "Appeal details",
    "联系方式": "Contact",
    "附件": "Attachments",
    "时限": "Time limit",
    "剩余": "Remaining",
    "已签收": "Signed off",
    "期限如何计算": "How the deadline is calculated",
    "综合窗口受理后开始计时。": "The clock starts once the service window accepts the appeal.",
    "初评": "Initial rating",
    "办理": "Handling",
    "提交评价": "Submit rating",
    "退单理由": "Reason for return",
    "需要企业补充的内容（期间暂停计时）": "Information needed from the enterprise (clock paused meanwhile)",
    "答复企业": "Reply to enterprise",
    "办结说明（企业未评价时）": "Closing notes (if the enterprise has not rated)",
    "重办理由": "Reason for reopening",
    "作为重复诉求合并至": "Merge as a duplicate into",
    "合并": "Merge",
    "办理过程": "Handling history",
    "诉求": "Appeal",
    "已合并的重复诉求：": "Merged duplicate appeals: ",
    "提交": "Submit",
    # appeals: list / ratings / visits
    "好差评": "Service ratings",
    "办结率与满意率": "Closure and satisfaction rates",
    "登记热线诉求": "Record hotline appeal",
    "已上报": "Escalated",
    "没有符合条件的诉求。": "No matching appeals.",
    "该事项已评价（一事一评）。": "This item has already been rated (one rating per item).",
    "查看评价": "View rating",
    "该事项尚未办结，办结后才能评价。": "This item is not closed yet; it can be rated once it is closed.",
    "诉求办结率与满意率": "Appeal closure and satisfaction rates",
    "统计": "Statistics",
    "该期间没有诉求。": "No appeals in this period.",
    "按部门": "By department",
    "按类别": "By category",
    "整改后复评": "re-rated after rectification",
    "差评整改": "Negative rating rectification",
    "个工作日": "working days",
    "申诉复核": "Dispute review",
    "提交整改答复": "Submit rectification reply",
    "完成回访": "Complete follow-up",
    "整改已回访，您可以重新评价（仅一次）": "The rectification has been followed up; you can rate again (once only)",
    "重新评价": "Rate again",
    "申诉理由（认为评价不实或恶意）": "Grounds for dispute (rating is untrue or malicious)",
    "提出申诉复核": "Request dispute review",
    "撤销评价（不计入满意率）": "Revoke rating (excluded from satisfaction rate)",
    "作出复核决定": "Record review decision",
    "申诉待复核": "Disputes awaiting review",
    "整改": "Rectification",
    "暂无评价。": "No ratings yet.",
    "发现的问题（已转为诉求）": "Issues found (turned into appeals)",
    "问题": "Issue",
    "登记走访": "Record visit",
    "发现的问题（每个问题转为一件诉求）": "Issues found (each becomes an appeal)",
    "描述": "Description",
    "发现问题": "Issues found",
    "暂无走访记录。": "No visit records yet.",
    "诉求已提交，编号 %(n)s，综合窗口受理后开始计时。":
        "Appeal submitted, number %(n)s. The clock starts once the service window accepts it.",
    "热线诉求已登记并受理，编号 %(n)s。": "Hotline appeal recorded and accepted, number %(n)s.",
    "已%(a)s。": "Done: %(a)s.",
    "已督办。": "Supervision recorded.",
    "已合并。": "Merged.",
    "走访记录已保存，%(n)d 个问题已转为诉求。": "Visit record saved; %(n)d issues turned into appeals.",
    "已保存。": "Saved.",
    "感谢您的评价。": "Thank you for your rating.",
    "报告期（1—10月）": "Reporting period (Jan–Oct)",
    "本年度": "This year",
    "本月": "This month",
    # approvals forms / hooks
    "建设地块编号": "Construction plot numbers",
    "多个地块用逗号分隔": "Separate multiple plots with commas",
    "申报阶段": "Stage applied for",
    "申请说明": "Application notes",
    "理由": "Reason",
    "工程建设审批": "Construction project approvals",
    "待审查": "Awaiting review",
    "【绿色通道】": "[Green channel] ",
    "补正：%(i)s · %(p)s": "Supplementary materials: %(i)s · %(p)s",
    "一次性告知补正：%(p)s": "One-time supplementary materials request: %(p)s",
    "容缺材料待补齐（%(d)s 前）：%(p)s": "Deferred materials due (by %(d)s): %(p)s",
    "在审批工程建设项目": "Construction projects under approval",
    "已办结项目平均用时（全流程时限 %(n)s 个工作日）":
        "Average time of completed projects (end-to-end limit %(n)s working days)",
    "各阶段用时（阶段内事项并联，取最长者，不含补正暂停）之和的平均":
        "Average of the sum of stage durations (items within a stage run in parallel, the longest counts; supplementary-material pauses excluded)",
    "审批事项按时办结率": "Approval item on-time completion rate",
    "期限内办结事项数 ÷ 办结事项数": "Items completed on time ÷ items completed",
    "超期在办事项": "Overdue open items",
    "区域评估节省费用": "Savings from regional assessments",
    "区域评估平均每个项目节省": "Average regional assessment savings per project",
    "区域评估节省总额 ÷ 适用区域评估的项目数": "Total regional assessment savings ÷ projects covered by regional assessments",
    # approvals pages
    "临近期限": "Due soon",
    "按时办结": "Completed on time",
    "超期办结": "Completed late",
    "计时中": "Clock running",
    "项目进度": "Project progress",
    "模拟审批": "Simulated approval",
    "以下材料须在": "The following materials must be supplied by",
    "前补齐，逾期终止办理并记入企业信用": "or the application will be terminated and recorded in the enterprise's credit record",
    "信用承诺书": "Credit commitment letter",
    "一次性告知：请补正以下全部内容": "One-time notice: please supply all of the following",
    "材料清单": "Materials list",
    "上传": "Upload",
    "补正完毕，重新提交": "Supplementary materials complete — resubmit",
    "信用承诺书：本企业承诺在容缺受理告知的期限内补齐所缺材料，逾期未补齐的，同意终止办理并记入企业信用记录。":
        "Credit commitment letter: our enterprise commits to supplying the missing materials within the deadline set in the deferred-materials notice; if they are not supplied in time, we agree that the application will be terminated and recorded in our credit record.",
    "窗口受理": "Window acceptance",
    "补正要求（缺少的材料自动列入告知）": "Supplementary materials request (missing materials are listed automatically)",
    "一次性告知补正": "Issue one-time supplementary materials request",
    "不予受理的理由": "Reason for non-acceptance",
    "申报": "Apply",
    "一张表单申报": "Single-form application",
    "提交后系统按阶段生成审批事项和材料清单：材料库中有效的材料自动复用，区域评估已覆盖的事项免办，只需补充缺少的材料。":
        "After submission the system generates the stage's approval items and materials list: valid materials in the materials library are reused automatically, items covered by regional assessments are exempted, and you only need to supply what is missing.",
    "提交申请": "Submit application",
    "园区统一开展的区域评估；项目地块在覆盖范围内且评估在有效期内时，相应审批事项免于单独办理。":
        "Regional assessments carried out by the zone. When a project plot is covered and the assessment is still valid, the corresponding approval items need not be applied for separately.",
    "有效期": "Validity",
    "单个项目节省（万元）": "Savings per project (×10k CNY)",
    "暂无区域评估。": "No regional assessments yet.",
    "审批待办": "Approval tasks",
    "全部项目": "All projects",
    "综合窗口受理队列：信用绿色通道优先，其余按提交先后。":
        "Service window acceptance queue: credit green channel first, then in order of submission.",
    "项目": "Project",
    "绿色通道": "Green channel",
    "没有待受理的申请。": "No applications awaiting acceptance.",
    "本部门在办事项：信用绿色通道优先，其余按办理期限先后；剩余时限不足 20%% 标黄，超期标红。":
        "Open items in your department: credit green channel first, then by deadline. Items with less than 20%% of the time limit left are yellow; overdue items are red.",
    "已用/剩余（工作日）": "Used / remaining (working days)",
    "本部门没有在办事项。": "No open items in your department.",
    "申请详情": "Application details",
    "已用工作日": "Working days used",
    "补正要求": "Supplementary materials request",
    "已核发": "Issued",
    "审查决定": "Review decision",
    "审查意见（可选）": "Review comments (optional)",
    "一次性写明全部补正要求": "List all supplementary requirements at once",
    "要求补正（暂停计时）": "Request supplementary materials (clock paused)",
    "不予许可的理由和依据": "Reasons and legal basis for rejection",
    "补正说明（材料请在申请详情页上传）": "Notes on supplementary materials (upload files on the application details page)",
    "提交补正，恢复计时": "Submit supplementary materials and resume the clock",
    "期限计算说明": "How the deadline is calculated",
    "尚未受理，未开始计时。": "Not accepted yet; the clock has not started.",
    "暂停记录": "Suspensions",
    "尚未结束": "Ongoing",
    "登记工程建设项目": "Register construction project",
    "登记项目": "Register project",
    "暂无项目。": "No projects yet.",
    "申报下一阶段": "Apply for next stage",
    "全流程已用工作日": "Working days used (end to end)",
    "剩余工作日": "Working days remaining",
    "预计全部办结": "Expected completion",
    "未申报": "Not applied",
    "办结于": "Completed on",
    "预计办结": "Expected completion",
    "已用": "Used",
    "需要申请人办理": "Action required from the applicant",
    "办理部门（当前经办）": "Handling department (current)",
    "区域评估替代": "Replaced by regional assessment",
    "节省": "saved",
    "万元": "×10k CNY",
    "材料库": "Materials library",
    "材料只需提交一次：有效材料和已核发的证照在以后的申报中自动复用。":
        "Materials need to be submitted only once: valid materials and issued licences are reused automatically in later applications.",
    "材料库为空。": "The materials library is empty.",
    "已登记项目：%(n)s": "Project registered: %(n)s",
    "已提交申请；已自动复用材料库中的有效材料，请补充缺少的材料":
        "Application submitted; valid materials from the materials library were reused automatically. Please supply the missing materials",
    "已受理": "Accepted",
    "已容缺受理": "Accepted with deferred materials",
    "已作出不予决定": "Rejection recorded",
    "已发出补正告知": "Supplementary materials request issued",
    "已重新提交": "Resubmitted",
    "已签署信用承诺书": "Credit commitment letter signed",
    "已准予许可": "Approved",
    "已提交补正": "Supplementary materials submitted",
    "已办理": "Done",
    "请选择要上传的文件": "Please choose a file to upload",
    "材料已上传并存入材料库": "Material uploaded and added to the materials library",
    # dashboard
    "领导驾驶舱": "Leadership dashboard",
    "期间": "Period",
    "全部园区": "All zones",
    "查看": "View",
    "招商引资": "Investment promotion",
    "查看明细": "View details",
    "个": "projects",
    "亿元": "×100M CNY",
    "新建：期间内开工（含当年已投产）；续建：期间前开工、期初仍在建；签约：期间内签订投资协议；储备、在谈：期末所处阶段（期间未结束时为今天）；重点：期间内在推进的重点项目。点击数字查看对应项目清单。":
        "New: construction started in the period (including those already in production this year). Continuing: construction started before the period and still under way at its start. Signed: investment agreement signed in the period. Prospect, negotiating: stage at the end of the period (today if the period has not ended). Key: key projects in progress during the period. Click a number to see the projects.",
    "年度口径项目数（个）": "Projects by annual view (count)",
    "总投资（亿元）": "Total investment (×100M CNY)",
    "各阶段项目数（当前）": "Projects by stage (current)",
    "按产业链总投资（亿元）": "Total investment by industry chain (×100M CNY)",
    "项目数": "Projects",
    "指标": "Indicator",
    "数值": "Value",
    "计算口径": "Definition",
    # projects
    "%(name)s：%(stage)s已 %(days)s 个工作日": "%(name)s: in “%(stage)s” for %(days)s working days",
    "该导入批次%(s)s，不能再确认或放弃": "This import batch is %(s)s and can no longer be confirmed or discarded",
    "导入期间项目库被他人修改，本次未写入任何数据；请重新上传文件校验":
        "The project database was changed by someone else during the import, so nothing was written. Please upload the file again to re-check it",
    "已停留 %(n)s 个工作日": "In this stage for %(n)s working days",
    "预警": "Warning",
    "（黄色 %(y)s / 红色 %(r)s 个工作日）": "(yellow %(y)s / red %(r)s working days)",
    "该年官方放假安排尚未录入，按法定节假日推算":
        "This year's official holiday schedule has not been entered; statutory holidays are derived",
    "%(d)s 部分投用": "Partly in use since %(d)s",
    "项目信息": "Project details",
    "尚未登记": "Not registered yet",
    "总投资": "Total investment",
    "年度计划投资": "Planned investment this year",
    "产业园 / 地块": "Industrial park / plot",
    "预计年产值": "Expected annual output",
    "预计年税收": "Expected annual tax",
    "预计带动就业": "Expected jobs created",
    "人": "people",
    "计划完工": "Planned completion",
    "补链延链所属": "Parent project (chain completion/extension)",
    "补链延链项目": "Chain completion/extension projects",
    "合计 %(t)s": "Total %(t)s",
    "阶段办理": "Stage handling",
    "转入“%(stage)s”前还缺少：": "Still missing before moving to “%(stage)s”: ",
    "已满足转入“%(stage)s”的条件。": "Ready to move to “%(stage)s”.",
    "转入“%(stage)s”": "Move to “%(stage)s”",
    "项目已投产。": "The project is in production.",
    "登记部分投用": "Record partial use",
    "阶段记录": "Stage history",
    "变更": "Change",
    "3管家1助手": "3 stewards + 1 assistant",
    "分配记录": "Assignment history",
    "暂无记录。": "No records yet.",
    "暂无材料。": "No documents yet.",
    "领办代办": "Steward handling",
    "该企业尚未授权管家代办。": "This enterprise has not authorised any steward.",
    "代企业办理的操作": "Actions taken on the enterprise's behalf",
    "暂无代办记录。": "No proxy actions yet.",
    "项目单位登记为企业后，可在此查看其对管家的授权和代办记录。":
        "Once the project enterprise is registered, its steward authorisations and proxy actions are shown here.",
    "编辑项目": "Edit project",
    "金额单位：万元（页面按亿元显示 1 亿元以上的金额）。新项目进入“储备”阶段。":
        "Amounts in ×10k CNY (amounts of 100M CNY or more are displayed in ×100M CNY). New projects start in the “Prospect” stage.",
    "导入招商项目": "Import investment projects",
    "先逐行校验，列出每个问题的行、列和原因；确认前不写入任何数据。已有项目按投资项目代码（无代码时按项目名称）更新；阶段变更须在项目页办理。":
        "The file is first checked row by row and every problem is listed with its row, column and reason; nothing is written until you confirm. Existing projects are updated by investment project code (or by name if there is no code); stage changes must be made on the project page.",
    "下载模板": "Download template",
    "共 %(n)s 个项目，总投资 %(t)s": "%(n)s projects, total investment %(t)s",
    "项目单位 / 投资方": "Project enterprise / investor",
    "本阶段工作日": "Working days in stage",
    "没有符合条件的项目。": "No matching projects.",
    "我的管家项目": "My steward projects",
    "在管项目": "Projects managed",
    "停留超期（红）": "Overdue in stage (red)",
    "即将超期（黄）": "Nearly overdue (yellow)",
    "下一阶段缺材料": "Missing items for next stage",
    "我的职责": "My duty",
    "待办": "To do",
    "转入下一阶段还缺：": "Missing for the next stage: ",
    "可转入下一阶段": "Ready for the next stage",
    "您目前没有担任管家的在建或在谈项目。": "You are not currently a steward of any project under construction or negotiation.",
    "已登记项目：%(name)s": "Project registered: %(name)s",
    "项目信息已保存": "Project details saved",
    "阶段已变更": "Stage changed",
    "已登记部分投用": "Partial use recorded",
    "管家分配已记录": "Steward assignment recorded",
    "材料已上传": "Document uploaded",
    "文件过大，请分批导入": "The file is too large; please import in batches",
    "已放弃本次导入，项目库未作任何改动": "Import discarded; no projects were changed",
    "导入完成：新增 %(created)s 个，更新 %(updated)s 个，无变化 %(unchanged)s 个，跳过有问题的行 %(skipped)s 行":
        "Import complete: %(created)s added, %(updated)s updated, %(unchanged)s unchanged, %(skipped)s rows with problems skipped",
})
# --- batch 8 ---------------------------------------------------------------------------------
TRANSLATIONS.update({
    "仅限本项目复用": "Reusable within this project only",
    "所属项目": "Project",
    "招商引资指标明细": "Investment promotion indicator details",
})
# --- batch 9 ---------------------------------------------------------------------------------
TRANSLATIONS.update({
    "已超期": "Overdue",
})
# --- batch 10: rates charts, approvals asked list, project import cleaning ------------------
TRANSLATIONS.update({
    "有效评价等级分布（条）": "Valid ratings by level (count)",
    "各部门办结数（件）": "Closed appeals by department (count)",
    "补正材料：%(m)s": "Supplementary material: %(m)s",
    "补正说明：%(n)s": "Supplementary note: %(n)s",
    "容缺材料：%(m)s（%(d)s 前补齐）": "Deferred material: %(m)s (due by %(d)s)",
    "待提交材料：%(m)s": "Material to submit: %(m)s",
    "%(i)s 要求补正：%(r)s": "%(i)s requests supplementary materials: %(r)s",
    "%(what)s不存在或不属于本园区": "%(what)s does not exist or does not belong to this zone",
    "%(what)s“%(text)s”不存在或不属于本园区": "%(what)s “%(text)s” does not exist or does not belong to this zone",
    "应填“是”或“否”": "Must be “是” (yes) or “否” (no)",
    "不能超过 %(n)s 个字": "Cannot exceed %(n)s characters",
    "请填写总投资（万元）": "Please enter the total investment (×10k CNY)",
    "招商渠道应为：": "Lead source must be one of: ",
    "阶段应为：": "Stage must be one of: ",
    "阶段为“%(stage)s”时须填写%(s)s日期": "The %(s)s date is required when the stage is “%(stage)s”",
    "项目尚未到“%(s)s”阶段，不应填写该日期": "The project has not reached the “%(s)s” stage, so this date should be left blank",
    "日期不能晚于今天": "The date cannot be later than today",
    "日期不能早于上一阶段的日期": "The date cannot be earlier than the previous stage's date",
    "开工建设后才能部分投用": "Partial use is only possible once construction has started",
    "这是旧版 Excel 文件（.xls）；请在 Excel 中“另存为”.xlsx 后再上传":
        "This is an old Excel file (.xls); please use “Save As” .xlsx in Excel and upload again",
    "文件不是 Excel 工作簿（.xlsx）；请用模板或导出的文件填写":
        "The file is not an Excel workbook (.xlsx); please fill in the template or an exported file",
    "无法读取该 Excel 文件，请确认文件未损坏": "The Excel file cannot be read; please check that it is not damaged",
    "工作表“%(t)s”为空": "Sheet “%(t)s” is empty",
    "工作表“%(t)s”的表头缺少必需的列：": "The header of sheet “%(t)s” is missing required columns: ",
    "一次最多导入 %(n)s 行，请分批导入": "At most %(n)s rows can be imported at once; please import in batches",
    "文件中项目名称重复": "Duplicate project name in the file",
    "文件中投资项目代码重复": "Duplicate investment project code in the file",
    "阶段为“%(stage)s”时须填写%(field)s": "%(field)s is required when the stage is “%(stage)s”",
    "第 %(row)s 行：%(reason)s": "Row %(row)s: %(reason)s",
})
# --- batch 11 --------------------------------------------------------------------------------
TRANSLATIONS.update({
    "该评价已经复核撤销，无需整改": "This rating was revoked on review; no rectification is needed",
    "报告截至日期": "Reporting cut-off date",
})
# --- batch 12 --------------------------------------------------------------------------------
TRANSLATIONS.update({
    "审批、诉求、项目、政策一网通办": "Approvals, appeals, projects and policies in one place",
    "即将到期": "Due soon",
    "工程审批": "Construction approval",
})
# --- batch 13: certificates/rules.py messages, translated at run time by services._tr ---------
TRANSLATIONS.update({
    "证照种类不能超过 %(n)s 个字": "The licence type cannot exceed %(n)s characters",
    "证照名称不能超过 %(n)s 个字": "The licence title cannot exceed %(n)s characters",
    "证照事项不能超过 %(n)s 项": "There can be at most %(n)s licence particulars",
    "第 %(n)s 项须为（名称，内容）两段文字": "Particular %(n)s must be a (label, value) pair of texts",
    "第 %(n)s 项的名称和内容都不能为空": "Particular %(n)s needs both a label and a value",
    "第 %(n)s 项过长（名称 ≤ %(label)s 字，内容 ≤ %(value)s 字）":
        "Particular %(n)s is too long (label ≤ %(label)s characters, value ≤ %(value)s characters)",
    "撤销原因不能超过 %(n)s 个字": "The reason for revocation cannot exceed %(n)s characters",
})
_CERT_RULES = "zonedesk/certificates/rules.py -> certificates/services.py _tr()"
RUNTIME_MSGIDS.update({m: _CERT_RULES for m in (
    "请填写证照种类", "证照种类不能超过 %(n)s 个字", "请填写证照名称", "证照名称不能超过 %(n)s 个字",
    "证照事项须为（名称，内容）的列表", "证照事项不能超过 %(n)s 项", "第 %(n)s 项须为（名称，内容）两段文字",
    "第 %(n)s 项的名称和内容都不能为空", "第 %(n)s 项过长（名称 ≤ %(label)s 字，内容 ≤ %(value)s 字）",
    "有效期不能早于发证日期", "请填写撤销原因", "撤销原因不能超过 %(n)s 个字",
)})
# --- batch 14 --------------------------------------------------------------------------------
TRANSLATIONS.update({
    "评价本次审批服务": "Rate this approval service",
})
# --- batch 15 --------------------------------------------------------------------------------
TRANSLATIONS.update({
    "走访": "Visit",
})

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
