"""What each printed notice says, from the case as it stands and the zone's wording in force
(``texts``/``wording``). A notice exists only in the state it belongs to (no 不予受理决定书 for
an accepted application). The data (item lists, dates, the case number) comes from the case;
the sentences around it are the zone's editable text, in Chinese or English."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from zonedesk.casefiles.models import CaseKind, CaseNumber
from zonedesk.casefiles.notices import Notice
from zonedesk.casefiles.wording import render_in_force

# The labels of the page's print buttons, through i18n.
LABELS = {
    "accept": _("受理通知书"),
    "supplement": _("一次性补正告知书"),
    "refuse": _("不予受理决定书"),
    "tolerance": _("容缺受理告知书"),
    "complete": _("办结通知书"),
}
APPEAL_LABELS = {"receipt": _("诉求受理回执"), "reply": _("诉求答复函")}
APPEAL_KEYS = {"receipt": "notice.appeal_receipt", "reply": "notice.appeal_reply"}


def progress_url(number: str) -> str:
    return (
        settings.ZONEDESK_PUBLIC_BASE_URL.rstrip("/")
        + reverse("casefiles:progress")
        + "?"
        + urlencode({"n": number})
    )


def date_text(value, language: str = "zh-hans") -> str:
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    if language == "en":
        return value.isoformat()
    return f"{value.year}年{value.month}月{value.day}日"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def build(
    *,
    zone,
    key: str,
    language: str,
    values: dict,
    case_number: str,
    addressee: str,
    items: list[tuple[str, str]] | None = None,
    query_code: str = "",
) -> Notice:
    """A notice from the zone's text in force filled with the case's values."""
    values = {"zone": zone.name, "case": case_number, "applicant": addressee, **values}
    text = render_in_force(zone.pk, key, language, values)
    return Notice(
        zone_name=zone.name,
        title=text["title"],
        case_number=case_number,
        addressee=addressee,
        paragraphs=_lines(text["body"]),
        items=items or [],
        closing=_lines(text["closing"]),
        issued_on=timezone.localdate(),
        progress_url=progress_url(case_number),
        query_code=query_code,
        language=language,
        text_version=text["version"],
    )


# -- appeals ---------------------------------------------------------------------------------------


def appeal_available(appeal) -> list[str]:
    out = []
    if appeal.accepted_at:
        out.append("receipt")
    if appeal.replied_at and appeal.reply:
        out.append("reply")
    return out


def appeal_notice(appeal, kind: str, language: str = "zh-hans") -> Notice | None:
    """受理回执 and 答复函 of an appeal; the query code is printed on the receipt."""
    if kind not in appeal_available(appeal):
        return None
    case = CaseNumber.objects.filter(kind=CaseKind.APPEAL, object_id=appeal.pk).first()
    with translation.override(language):
        values = {
            "subject": appeal.title,
            "submitted_on": date_text(appeal.submitted_at, language),
            "accepted_on": date_text(appeal.accepted_at, language),
            "category": appeal.category.name,
            "limit": (
                f"{appeal.limit_amount} {appeal.get_limit_unit_display()}"
                if language == "en"
                else f"{appeal.limit_amount} 个{appeal.get_limit_unit_display()}"
            ),
            "department": appeal.lead_department.name if appeal.lead_department_id else _t("主办部门"),
            "reply": appeal.reply,
        }
    return build(
        zone=appeal.zone,
        key=APPEAL_KEYS[kind],
        language=language,
        values=values,
        case_number=appeal.number,
        addressee=appeal.enterprise.name,
        query_code=case.query_code if case and kind == "receipt" else "",
    )


# -- applications ----------------------------------------------------------------------------------


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


def _application_values(app, language: str) -> dict:
    project = app.project
    stage = app.get_stage_display()
    if language == "en":
        subject = f"“{project.name}” (project code {project.code}), stage {stage},"
    else:
        subject = f"「{project.name}」（投资项目代码 {project.code}）{stage}阶段"
    return {
        "subject": subject,
        "project": project.name,
        "stage": stage,
        "submitted_on": date_text(app.submitted_at, language),
        "accepted_on": date_text(app.accepted_at, language),
        "completed_on": date_text(app.completed_at, language),
        "reason": app.refuse_reason or "",
        "deadline": date_text(app.tolerance_deadline, language),
    }


def application_notice(app, kind: str, language: str = "zh-hans") -> Notice | None:
    if kind not in available(app):
        return None
    case = CaseNumber.objects.filter(kind=CaseKind.APPLICATION, object_id=app.pk).first()
    number = case.number if case else f"#{app.pk}"
    with translation.override(language):
        values = _application_values(app, language)
        items: list[tuple[str, str]] = []
        if kind == "accept":
            for ai in app.items.select_related("item", "department").exclude(state="waived"):
                why = _t("%(dept)s；承诺时限 %(n)d 个工作日") % {
                    "dept": ai.department.name,
                    "n": ai.limit_days,
                }
                if ai.due_date:
                    why += _t("，办理期限 %(due)s") % {"due": date_text(ai.due_date, language)}
                items.append((ai.item.name, why))
        elif kind == "supplement":
            items = [
                (row["material"], _t("必要材料") if row.get("requirement") == "required" else _t("次要材料"))
                for row in app.window_notice
                if "material" in row
            ]
            items += [(row["note"], "") for row in app.window_notice if row.get("note")]
        elif kind == "tolerance":
            due = _t("须于 %(due)s 前补齐") % {"due": values["deadline"]}
            if app.tolerance_provisional:
                due += _t("（期限按暂定节假日计算）")
            items = [(row["material"], due) for row in app.window_notice if "material" in row]
        elif kind == "complete":
            items = [(ai.item.name, ai.get_state_display()) for ai in app.items.select_related("item")]
    return build(
        zone=app.zone,
        key=f"notice.{kind}",
        language=language,
        values=values,
        case_number=number,
        addressee=app.project.enterprise.name,
        items=items,
        query_code=case.query_code if case and kind in ("accept", "tolerance") else "",
    )


# -- item-level 补正: one notice per request --------------------------------------------------------


def item_supplement_requests(ai) -> list[dict]:
    """Every 补正 request of an approval item, oldest first: when it was asked, what, and
    whether it was answered. Each request is the clock stop it opened (only 补正 pauses an
    item's clock); what was asked is the item's reason while it waits and, once answered, the
    request's own audit record (the tamper-evident record of what the reviewer wrote)."""
    from zonedesk.approvals.models import ItemState
    from zonedesk.audit.models import AuditRecord

    pauses = list(ai.pauses.order_by("start", "pk").values("pk", "start", "end", "due_on", "due_provisional"))
    if not pauses:
        return []
    asked = list(
        AuditRecord.objects.filter(
            object_type="approvals.applicationitem",
            object_id=str(ai.pk),
            action="approvals.item.request_supplement",
            result="ok",
        )
        .order_by("at", "pk")
        .values("at", "after")
    )
    out = []
    for n, p in enumerate(pauses, start=1):
        reason = ""
        # The audit row written in the same transaction as the pause: the one nearest its start.
        near = [a for a in asked if abs((a["at"] - p["start"]).total_seconds()) < 120]
        if near:
            reason = str((near[0]["after"] or {}).get("reason") or "")
        if p["end"] is None and ai.state == ItemState.SUPPLEMENT and ai.reason:
            reason = ai.reason
        out.append(
            {
                "seq": n,
                "requested_at": p["start"],
                "answered_at": p["end"],
                "reason": reason,
                # None for a request made before deadlines were stored.
                "due_on": p["due_on"],
                "due_provisional": p["due_provisional"],
            }
        )
    return out


def item_supplement_notice(ai, seq: int, language: str = "zh-hans") -> Notice | None:
    requests = {r["seq"]: r for r in item_supplement_requests(ai)}
    request = requests.get(seq)
    if request is None or not request["reason"]:
        return None
    app = ai.application
    case = CaseNumber.objects.filter(kind=CaseKind.APPLICATION, object_id=app.pk).first()
    number = case.number if case else f"#{app.pk}"
    with translation.override(language):
        values = {
            **_application_values(app, language),
            "item": ai.item.name,
            "department": ai.department.name,
            "requested_on": date_text(request["requested_at"], language),
            "seq": str(seq),
            "deadline": date_text(request["due_on"], language) if request["due_on"] else "—",
        }
        # One numbered line per requirement the reviewer wrote (a line or a 「；」 each).
        parts = [
            p.strip() for chunk in request["reason"].splitlines() for p in chunk.split("；") if p.strip()
        ]
        items = [(p, "") for p in parts]
    return build(
        zone=app.zone,
        key="notice.item_supplement",
        language=language,
        values=values,
        case_number=number,
        addressee=app.project.enterprise.name,
        items=items,
    )
