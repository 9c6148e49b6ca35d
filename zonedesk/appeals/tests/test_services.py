"""Appeal handling through the services: every move, the clock, and refusals that change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from freezegun import freeze_time

from zonedesk.appeals import clocks, services
from zonedesk.appeals.models import Appeal, AppealEvent, Status
from zonedesk.appeals.selectors import appeal_history
from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.workbench import todo_registry
from zonedesk.workdays.selectors import work_calendar

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _raise(kit, cat="general", **kw):
    data = {"title": "厂区道路破损", "description": "厂区门前道路破损，影响车辆通行。",
            "contact_name": "张三", "contact_phone": "13800000000", **kw}
    return services.appeal_raise(actor=kit.ent_user, enterprise_id=kit.ent.pk,
                                 category_id=kit.cat[cat].pk, **data)


def _to_handling(kit, appeal, co=()):
    services.appeal_accept(actor=kit.window, appeal_id=appeal.pk)
    services.appeal_dispatch(actor=kit.window, appeal_id=appeal.pk, lead_department_id=kit.d1.pk,
                             co_department_ids=list(co))
    services.appeal_sign(actor=kit.r1, appeal_id=appeal.pk)
    return Appeal.objects.get(pk=appeal.pk)


def _timing(appeal, now=None):
    a = Appeal.objects.prefetch_related("pauses").get(pk=appeal.pk)
    return clocks.timing(a, work_calendar(), clocks.zone_settings(a.zone_id).yellow_ratio, now)


def _audit(action):
    return AuditRecord.objects.filter(action=action).count()


def test_the_whole_way_from_portal_to_closed(kit):
    appeal = _raise(kit, files=[SimpleUploadedFile("现场照片说明.pdf", PDF)])
    assert appeal.status == Status.SUBMITTED and appeal.accepted_at is None
    assert appeal.attachments.count() == 1
    _to_handling(kit, appeal, co=[kit.d2.pk])
    services.appeal_reply(actor=kit.r1, appeal_id=appeal.pk, reply="已安排维修，三日内完成。")
    services.appeal_visit(actor=kit.window, appeal_id=appeal.pk, note="企业确认已修复。")
    services.rating_create(actor=kit.ent_user, kind="appeal", case_id=appeal.pk, level="very_satisfied",
                           tags=["办事效率高"])
    appeal.refresh_from_db()
    assert appeal.status == Status.CLOSED and appeal.closed_at and appeal.replied_on_time is True
    actions = list(AppealEvent.objects.filter(appeal=appeal).values_list("action", flat=True))
    assert actions == ["raise", "accept", "dispatch", "sign", "reply", "visit", "rate"]
    for action in ("raise", "accept", "dispatch", "sign", "reply", "visit", "rate"):
        assert AuditRecord.objects.filter(action=f"appeal.{action}", object_id=str(appeal.pk)).exists()
    assert set(appeal.co_departments.values_list("pk", flat=True)) == {kit.d2.pk}


def test_the_case_keeps_the_limit_it_started_with(kit):
    appeal = _to_handling(kit, _raise(kit))
    kit.cat["general"].limit_amount = 3
    kit.cat["general"].save()
    appeal.refresh_from_db()
    assert (appeal.limit_amount, appeal.limit_unit) == (7, "working_days")


def test_waiting_for_the_enterprise_pauses_the_clock_and_moves_the_deadline(kit):
    with freeze_time("2026-03-02 09:00:00+08:00"):  # Monday
        appeal = _to_handling(kit, _raise(kit))
        assert _timing(appeal).due.date == dt.date(2026, 3, 11)  # 7 working days
    with freeze_time("2026-03-03 10:00:00+08:00"):
        services.appeal_request_info(actor=kit.r1, appeal_id=appeal.pk, reason="请补充道路照片")
    with freeze_time("2026-03-05 10:00:00+08:00"):
        t = _timing(appeal)
        assert t.state == "paused" and t.due.paused
    with freeze_time("2026-03-06 15:00:00+08:00"):
        services.appeal_supply_info(actor=kit.ent_user, appeal_id=appeal.pk, text="照片已补充")
        t = _timing(appeal)
        # Working days 4, 5, 6 March are not counted: the deadline moves 3 working days.
        assert t.due.date == dt.date(2026, 3, 16) and not t.due.paused and t.state == "running"


def test_hour_limits_go_yellow_then_red_and_escalate_to_the_head_once(kit, demo_user):
    with freeze_time("2026-03-02 09:00:00+08:00"):
        appeal = _to_handling(kit, _raise(kit, cat="urgent"))
    with freeze_time("2026-03-02 10:40:00+08:00"):
        assert _timing(appeal).state == "yellow"  # 20 minutes of 2 hours left
        assert services.appeals_escalate_overdue(actor=Actor.system("t")) == 0
    with freeze_time("2026-03-02 11:30:00+08:00"):
        assert _timing(appeal).state == "red"
        before = _audit("appeal.escalate")
        # The command runs the sweep until nothing is left; a second run finds nothing more.
        call_command("appeals_escalate", verbosity=0)
        assert services.appeals_escalate_overdue(actor=Actor.system("t")) == 0
        assert _audit("appeal.escalate") == before + 1
        appeal.refresh_from_db()
        assert appeal.escalated_to_id == kit.head1.pk
        todos = todo_registry.for_user(kit.head1)
        assert any(t.kind == "appeal_escalated" and appeal.number in t.title and t.state == "red"
                   for t in todos)


def test_a_department_returns_a_dispatch_with_a_reason_and_the_window_redispatches(kit, counts):
    appeal = _raise(kit)
    services.appeal_accept(actor=kit.window, appeal_id=appeal.pk)
    services.appeal_dispatch(actor=kit.window, appeal_id=appeal.pk, lead_department_id=kit.d1.pk)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.appeal_return(actor=kit.r1, appeal_id=appeal.pk, reason="  ")
    assert "退单理由" in exc.value.errors["reason"] and counts() == before
    with pytest.raises(NotFound):  # another department does not even see it
        services.appeal_return(actor=kit.r2, appeal_id=appeal.pk, reason="不归我们")
    with pytest.raises(Forbidden):  # the window sees it but does not sign for departments
        services.appeal_sign(actor=kit.window, appeal_id=appeal.pk)
    assert counts() == before
    services.appeal_return(actor=kit.r1, appeal_id=appeal.pk, reason="不属于本局职责")
    appeal.refresh_from_db()
    assert appeal.status == Status.ACCEPTED and appeal.lead_department_id is None
    services.appeal_dispatch(actor=kit.window, appeal_id=appeal.pk, lead_department_id=kit.d2.pk)
    with pytest.raises(NotFound):  # d1 no longer sees it
        services.appeal_sign(actor=kit.r1, appeal_id=appeal.pk)
    services.appeal_sign(actor=kit.r2, appeal_id=appeal.pk)
    assert Appeal.objects.get(pk=appeal.pk).status == Status.HANDLING


def test_a_move_from_the_wrong_state_or_an_old_page_is_a_conflict(kit, counts):
    appeal = _to_handling(kit, _raise(kit))
    before = counts()
    with pytest.raises(Conflict) as exc:
        services.appeal_sign(actor=kit.r1, appeal_id=appeal.pk)
    assert exc.value.code == "wrong_state" and "办理中" in exc.value.message
    with pytest.raises(Conflict) as exc:
        services.appeal_reply(actor=kit.r1, appeal_id=appeal.pk, reply="答复", version=1)
    assert exc.value.code == "stale_version"
    assert counts() == before


@pytest.mark.parametrize("field,kwargs,message", [
    ("description", {"description": "   "}, "请描述"),
    ("title", {"title": ""}, "标题"),
    ("category", {"category_id": None}, "类别"),
])
def test_bad_intake_is_refused_and_changes_nothing(kit, counts, field, kwargs, message):
    before = counts()
    data = {"title": "标题", "description": "内容", "category_id": kit.cat["general"].pk, **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        services.appeal_raise(actor=kit.ent_user, enterprise_id=kit.ent.pk, **data)
    assert message in exc.value.errors[field]
    assert counts() == before


@pytest.mark.parametrize("upload,expect", [
    (("合同.pdf", b"<html><script>alert(1)</script></html>"), "合同.pdf"),  # disguised HTML
    (("说明.pdf", b"MZ\x90\x00" + b"\x00" * 200), "说明.pdf"),  # disguised executable
    (("空文件.pdf", b""), "空文件.pdf"),
])
def test_disguised_or_empty_attachments_are_refused(kit, counts, upload, expect):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        _raise(kit, files=[upload])
    assert expect in exc.value.errors["attachments"]
    assert counts() == before


def test_an_oversized_attachment_is_refused(kit, counts, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        _raise(kit, files=[SimpleUploadedFile("大文件.pdf", PDF + b"0" * 4096)])
    assert "大文件.pdf" in exc.value.errors["attachments"]
    assert counts() == before


def test_only_the_enterprise_or_its_authorised_steward_raises_for_it(kit, counts, demo_user):
    from zonedesk.agency.services import authorisation_grant

    before = counts()
    with pytest.raises(NotFound):
        services.appeal_raise(actor=kit.other_user, enterprise_id=kit.ent.pk,
                              category_id=kit.cat["general"].pk, title="t", description="d")
    assert counts() == before
    # The demo steward, for the demo enterprise 中玻 under a written authorisation.
    ent_user, steward = demo_user("enterprise"), demo_user("steward")
    zb = ent_user.enterprise
    from zonedesk.appeals.models import Category

    general = Category.objects.get(zone=zb.zone, code="general")
    from zonedesk.agency.models import AgentAuthorisation

    AgentAuthorisation.objects.filter(agent=steward).delete()  # whatever the demo granted
    with pytest.raises(NotFound):
        services.appeal_raise(actor=Actor(user=steward), enterprise_id=zb.pk, category_id=general.pk,
                              title="代提", description="代企业提出")
    authorisation_grant(actor=Actor(user=ent_user), agent_id=steward.pk, mode="act",
                        actions=["appeals.raise"], valid_from=dt.date(2026, 6, 1),
                        valid_until=dt.date(2027, 5, 31), note="授权书")
    appeal = services.appeal_raise(actor=Actor(user=steward), enterprise_id=zb.pk, category_id=general.pk,
                                   title="代提", description="代企业提出")
    assert appeal.raised_by_display == f"孙志强（代{zb.name}）"
    assert AuditRecord.objects.filter(action="appeal.raise", object_id=str(appeal.pk),
                                      actor_name__contains="代").exists()


def test_leaders_supervise_and_the_case_shows_it(kit, counts):
    appeal = _to_handling(kit, _raise(kit))
    before = counts()
    with pytest.raises(Forbidden):
        services.appeal_supervise(actor=kit.window, appeal_id=appeal.pk, note="请加快")
    with pytest.raises(ValidationFailed):
        services.appeal_supervise(actor=kit.leader, appeal_id=appeal.pk, note="")
    assert counts() == before
    services.appeal_supervise(actor=kit.leader, appeal_id=appeal.pk, note="请本周内答复")
    assert appeal.supervisions.get().note == "请本周内答复"
    assert AppealEvent.objects.filter(appeal=appeal, action="supervise").exists()


def test_merging_a_duplicate_keeps_both_histories(kit):
    first = _to_handling(kit, _raise(kit))
    dup = _raise(kit, title="厂区道路破损（重复）")
    services.appeal_merge(actor=kit.window, appeal_id=dup.pk, into_id=first.pk)
    dup.refresh_from_db()
    assert dup.status == Status.MERGED and dup.merged_into_id == first.pk
    history = appeal_history(first)
    assert {e.appeal_id for e in history} == {first.pk, dup.pk}
    assert [e.action for e in history if e.appeal_id == dup.pk] == ["raise", "merge"]
    with pytest.raises(Conflict):  # merged once, not twice
        services.appeal_merge(actor=kit.window, appeal_id=dup.pk, into_id=first.pk)
    other = services.appeal_raise(actor=kit.other_user, enterprise_id=kit.other_ent.pk,
                                  category_id=kit.cat["general"].pk, title="x", description="y")
    with pytest.raises(ValidationFailed):  # another enterprise's case
        services.appeal_merge(actor=kit.window, appeal_id=other.pk, into_id=first.pk)


def test_a_visit_turns_each_problem_into_an_accepted_appeal(kit, counts):
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.visit_record(actor=kit.leader, enterprise_id=kit.ent.pk, visited_on=dt.date(2026, 3, 2),
                              people="", summary="", problems=[])
    assert set(exc.value.errors) == {"people", "problems"}
    with pytest.raises(Forbidden):
        services.visit_record(actor=kit.r1, enterprise_id=kit.ent.pk, visited_on=dt.date(2026, 3, 2),
                              people="x", summary="", problems=[{"category_id": kit.cat["general"].pk,
                                                                  "title": "a", "description": "b"}])
    assert counts() == before
    visit = services.visit_record(
        actor=kit.leader, enterprise_id=kit.ent.pk, visited_on=dt.date(2026, 3, 2), people="领导、管家",
        summary="走访", problems=[
            {"category_id": kit.cat["general"].pk, "title": "招工难", "description": "缺技工"},
            {"category_id": kit.cat["utilities"].pk, "title": "电容量", "description": "增容"}])
    appeals = list(visit.appeals.order_by("id"))
    assert [a.source for a in appeals] == ["visit", "visit"]
    assert all(a.status == Status.ACCEPTED and a.accepted_at for a in appeals)
    assert appeals[1].limit_unit == "hours"


def test_hotline_appeals_are_logged_by_the_window_only(kit, counts):
    before = counts()
    with pytest.raises(Forbidden):
        services.appeal_log(actor=kit.r1, enterprise_id=kit.ent.pk, category_id=kit.cat["general"].pk,
                            title="t", description="d")
    assert counts() == before
    appeal = services.appeal_log(actor=kit.window, enterprise_id=kit.ent.pk,
                                 category_id=kit.cat["general"].pk, title="热线", description="来电反映")
    assert appeal.source == "hotline" and appeal.status == Status.ACCEPTED


def test_workbench_todos_follow_the_case(kit):
    appeal = _raise(kit)
    kinds = lambda actor: {t.kind for t in todo_registry.for_user(actor.user)}  # noqa: E731
    assert "appeal_accept" in kinds(kit.window)
    services.appeal_accept(actor=kit.window, appeal_id=appeal.pk)
    services.appeal_dispatch(actor=kit.window, appeal_id=appeal.pk, lead_department_id=kit.d1.pk)
    assert "appeal_sign" in kinds(kit.r1) and "appeal_sign" not in kinds(kit.r2)
    services.appeal_sign(actor=kit.r1, appeal_id=appeal.pk)
    services.appeal_request_info(actor=kit.r1, appeal_id=appeal.pk, reason="补充")
    assert "appeal_supply" in kinds(kit.ent_user) and "appeal_supply" not in kinds(kit.other_user)
