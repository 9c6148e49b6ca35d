"""The zone's editable texts: placeholders checked, versions kept, a conflict for a stale edit,
the notices and messages printed and sent in the wording in force (Chinese and English), and
the item-level 补正告知书, one per 补正 request."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from zonedesk.approvals import services as approvals
from zonedesk.approvals.models import ApplicationItem, ItemState
from zonedesk.approvals.tests.conftest import actor, lead_of, reviewer_of
from zonedesk.casefiles import documents, rules, wording
from zonedesk.casefiles.models import NoticeText
from zonedesk.casefiles.texts import LANGUAGES, TEXTS
from zonedesk.core.errors import Conflict, ValidationFailed
from zonedesk.testing.audit import audit_rows


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


# -- pure rules -------------------------------------------------------------------------------------


def test_problems_name_the_rule() -> None:
    allowed = {"case", "subject"}
    assert rules.text_problems("办件 {case}：{subject}", allowed) == []
    assert rules.text_problems("{case} {owner}", allowed) == [("unknown", "owner")]
    assert rules.text_problems("{case}", allowed, {"subject"}) == [("missing", "subject")]
    assert ("brace", "") in rules.text_problems("{case} {{x}}", allowed)
    assert rules.text_problems("{Case.__class__}", allowed) == [("brace", "")]


@settings(max_examples=20, deadline=None)
@given(
    st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=40),
    st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=20),
)
def test_render_fills_every_placeholder_and_nothing_else(prefix: str, value: str) -> None:
    text = f"{prefix}{{case}}{prefix}"
    assert rules.render_text(text, {"case": value}) == f"{prefix}{value}{prefix}"
    assert rules.render_text(prefix, {"case": value}) == prefix


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_built_in_text_is_valid_in_both_languages(key) -> None:
    """The English built-in texts come from the .po: a translation that renamed or lost a
    placeholder would print a broken notice, so each must pass the editor's own check."""
    spec = TEXTS[key]
    for language in LANGUAGES:
        default = spec.default(language)
        assert wording.text_errors(spec, default) == {}, (key, language, default)


# -- versions ---------------------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


def _admin():
    return actor("admin")


@pytestmark_db
def test_save_versions_and_refuse_a_stale_or_bad_edit() -> None:
    admin = _admin()
    zone_id = admin.user.zone_id
    row = wording.notice_text_save(
        actor=admin,
        zone_id=zone_id,
        key="notice.refuse",
        language="zh-hans",
        title="不予受理决定书",
        body="经审查，{subject}不予受理。\n理由：{reason}",
        closing="不服的，可依法申请行政复议或提起行政诉讼。",
        base_version=0,
        note="精简",
    )
    assert row.version == 1
    before = (NoticeText.objects.count(), audit_rows())
    with pytest.raises(Conflict):  # edited from version 0 while version 1 is in force
        wording.notice_text_save(
            actor=admin,
            zone_id=zone_id,
            key="notice.refuse",
            language="zh-hans",
            title="x",
            body="{reason}",
            base_version=0,
        )
    with pytest.raises(ValidationFailed) as bad:
        wording.notice_text_save(
            actor=admin,
            zone_id=zone_id,
            key="notice.refuse",
            language="zh-hans",
            title="不予受理决定书",
            body="理由：{reason}，经办人 {owner}",
            base_version=1,
        )
    assert "正文" in bad.value.errors["body"] and "{owner}" in bad.value.errors["body"]
    with pytest.raises(ValidationFailed) as missing:
        wording.notice_text_save(
            actor=admin,
            zone_id=zone_id,
            key="notice.refuse",
            language="zh-hans",
            title="不予受理决定书",
            body="不予受理。",
            base_version=1,
        )
    assert "{reason}" in missing.value.errors["body"]
    assert (NoticeText.objects.count(), audit_rows()) == before
    # The window clerk sees the zone but may not reword it; nothing written either.
    from zonedesk.core.errors import Forbidden

    with pytest.raises(Forbidden):
        wording.notice_text_save(
            actor=actor("window"),
            zone_id=zone_id,
            key="notice.refuse",
            language="zh-hans",
            title="x",
            body="{reason}",
            base_version=1,
        )
    assert (NoticeText.objects.count(), audit_rows()) == before


@pytestmark_db
def test_refusal_prints_the_wording_in_force_in_chinese_and_english(client) -> None:
    from zonedesk.casefiles.tests.test_casefiles import _submit

    app = _submit()
    approvals.application_refuse(actor=actor("window"), application_id=app.pk, reason="不属于本机关职权范围")
    admin = _admin()
    wording.notice_text_save(
        actor=admin,
        zone_id=app.zone_id,
        key="notice.refuse",
        language="zh-hans",
        title="不予受理决定书",
        body="经审查，{project}的申请不予受理。\n理由：{reason}",
        closing="可在六十日内申请行政复议。",
        base_version=0,
    )
    client.force_login(actor("window").user)
    zh = _pdf_text(client.get(f"/cases/applications/{app.pk}/refuse.pdf").content)
    assert f"经审查，{app.project.name}的申请不予受理。" in zh and "不属于本机关职权范围" in zh
    en = _pdf_text(client.get(f"/cases/applications/{app.pk}/refuse.pdf?lang=en").content)
    # The English text was not edited: the built-in English wording, with the case's data.
    assert "Reason" in en and "不属于本机关职权范围" in en and "经审查" not in en


@pytestmark_db
def test_messages_use_the_zone_wording_and_the_recipients_language() -> None:
    from zonedesk.notifications.emit import notify_people
    from zonedesk.notifications.models import Message
    from zonedesk.notifications.services import notify_settings_set
    from zonedesk.organisation.models import User

    admin = _admin()
    ent = User.objects.get(username="enterprise")
    wording.notice_text_save(
        actor=admin,
        zone_id=ent.zone_id,
        key="message.policy.matched",
        language="zh-hans",
        title="【好政策】{subject}",
        body="请查看：{detail}",
        base_version=0,
    )
    window = User.objects.get(username="window")
    notify_settings_set(actor=actor("window"), quiet_mode="default", language="en")
    with transaction.atomic():
        notify_people(
            "policy.matched",
            recipients=[ent, window],
            zone_id=ent.zone_id,
            object_key="t:1",
            state="s",
            subject="研发费用加计扣除",
            detail="条件均满足",
        )
    zh = Message.objects.get(recipient=ent, object_key="t:1")
    en = Message.objects.get(recipient=window, object_key="t:1")
    assert (zh.title, zh.body) == ("【好政策】研发费用加计扣除", "请查看：条件均满足")
    assert "研发费用加计扣除" in en.title and "【" not in en.title and en.title != zh.title


@pytestmark_db
def test_editor_page_previews_and_saves(client) -> None:
    client.force_login(actor("admin").user)
    page = client.get("/cases/texts/")
    assert page.status_code == 200 and "notice.item_supplement" in page.content.decode()
    url = "/cases/texts/notice.accept/zh-hans/"
    draft = {
        "title": "受理通知书",
        "body": "{applicant}：你单位的{project}已受理。",
        "closing": "",
        "base_version": "0",
    }
    preview = client.post(url, {**draft, "action": "preview"})
    assert (
        preview.status_code == 200
        and "凌源示例科技有限公司：你单位的示例厂房项目已受理。" in preview.content.decode()
    )
    assert not NoticeText.objects.exists()
    pdf = client.post("/cases/texts/notice.accept/zh-hans/preview.pdf", draft)
    assert pdf["Content-Type"] == "application/pdf" and "你单位的示例厂房项目已受理" in _pdf_text(pdf.content)
    bad = client.post(url, {**draft, "body": "{nope}", "action": "save"})
    assert bad.status_code == 422 and "{nope}" in bad.content.decode()
    saved = client.post(url, {**draft, "action": "save"})
    assert saved.status_code == 302 and NoticeText.objects.get().version == 1


# -- the item-level 补正告知书 ---------------------------------------------------------------------


@pytestmark_db
def test_one_notice_per_item_supplement_request(client) -> None:
    ai = (
        ApplicationItem.objects.filter(zone__code="LY", state=ItemState.IN_REVIEW)
        .select_related("application__project")
        .order_by("pk")
        .first()
    )
    reviewer, lead = reviewer_of(ai), lead_of(ai.application)
    # A department's 补正 request is collected; the stage's lead department sends the notice.
    approvals.item_request_supplement(actor=reviewer, item_id=ai.pk, reason="补充消防设计说明；补盖公章")
    approvals.stage_notice_issue(actor=lead, application_id=ai.application_id)
    approvals.item_answer_supplement(actor=actor("enterprise"), item_id=ai.pk, answer="已补充")
    approvals.item_request_supplement(actor=reviewer, item_id=ai.pk, reason="图纸比例不符，请按1:500重出")
    approvals.stage_notice_issue(actor=lead, application_id=ai.application_id)
    ai.refresh_from_db()
    requests = documents.item_supplement_requests(ai)
    assert [r["reason"] for r in requests] == ["补充消防设计说明；补盖公章", "图纸比例不符，请按1:500重出"]
    assert requests[0]["answered_at"] and requests[1]["answered_at"] is None

    client.force_login(actor("enterprise").user)
    page = client.get(reverse("approvals:item", args=[ai.pk]))
    assert f"/cases/items/{ai.pk}/supplement-1.pdf" in page.content.decode()
    first = _pdf_text(client.get(f"/cases/items/{ai.pk}/supplement-1.pdf").content)
    second = _pdf_text(client.get(f"/cases/items/{ai.pk}/supplement-2.pdf").content)
    assert "补正告知书" in first and ai.item.name in first and "（第1次）" in first
    assert "1. 补充消防设计说明" in first and "2. 补盖公章" in first and "图纸比例" not in first
    assert "图纸比例不符" in second and "消防" not in second
    assert client.get(f"/cases/items/{ai.pk}/supplement-3.pdf").status_code == 404
    # Another enterprise's user cannot print it (not visible: 404).
    client.force_login(actor("jp-window").user)
    assert client.get(f"/cases/items/{ai.pk}/supplement-1.pdf").status_code == 404


@pytestmark_db
def test_an_item_supplement_has_a_working_day_deadline_everywhere(client) -> None:
    from django.utils import timezone

    from zonedesk.approvals.models import ApprovalSetting
    from zonedesk.casefiles.documents import date_text
    from zonedesk.workdays.selectors import work_calendar

    ai = (
        ApplicationItem.objects.filter(zone__code="LY", state=ItemState.IN_REVIEW)
        .select_related("application__project")
        .order_by("pk")
        .first()
    )
    assert ai is not None
    # Given the zone allows 7 working days for a 补正
    ApprovalSetting.objects.update_or_create(zone_id=ai.zone_id, defaults={"supplement_days": 7})
    approvals.item_request_supplement(actor=reviewer_of(ai), item_id=ai.pk, reason="补盖公章")
    approvals.stage_notice_issue(actor=lead_of(ai.application), application_id=ai.application_id)
    pause = ai.pauses.get(end__isnull=True)
    due = work_calendar().add_working_days(timezone.localdate(pause.start), 7)
    # Then it is stored on the request's pause, counted on the working-day calendar
    assert (pause.due_on, pause.due_provisional) == (due.date, due.provisional)
    assert pause.due_on > timezone.localdate(pause.start)
    # and the applicant sees it on the item page, on the printed notice and in the API
    client.force_login(actor("enterprise").user)
    page = client.get(reverse("approvals:item", args=[ai.pk])).content.decode()
    assert f"请于 {due.date:%Y-%m-%d} 前提交补正材料" in page
    printed = _pdf_text(client.get(f"/cases/items/{ai.pk}/supplement-1.pdf").content)
    assert f"请于{date_text(due.date, 'zh-hans')}前" in printed
    api = client.get(f"/api/approvals/applications/{ai.application_id}").json()
    row = next(i for i in api["items"] if i["id"] == ai.pk)
    assert row["supplement_due"] == due.date.isoformat()
    # and so does the reviewing department's staff
    client.force_login(reviewer_of(ai).user)
    staff_page = client.get(reverse("approvals:item", args=[ai.pk])).content.decode()
    assert f"请于 {due.date:%Y-%m-%d} 前提交补正材料" in staff_page
    # Once answered, the item is not waiting for a 补正 any more
    approvals.item_answer_supplement(actor=actor("enterprise"), item_id=ai.pk, answer="已补盖")
    api = client.get(f"/api/approvals/applications/{ai.application_id}").json()
    assert next(i for i in api["items"] if i["id"] == ai.pk)["supplement_due"] is None
