"""Writes to appeals: intake, the handling moves, supervision, merging, escalation.

Every function validates, locks the case (``select_for_update`` after the scope filter), moves
it through ``rules.TRANSITIONS``, writes the case history and the audit row, in one
transaction. Two people acting on the same case at once: the second waits for the lock, then
finds the case moved on and gets a ``Conflict`` naming the state it is now in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    DateTimeField,
    F,
    Field,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.appeals import clocks, rules
from zonedesk.appeals.models import (
    ACTIVE_STATUSES,
    Appeal,
    AppealEvent,
    AppealPause,
    Attachment,
    Category,
    Source,
    Status,
    Supervision,
    Visit,
)
from zonedesk.appeals.services import summary
from zonedesk.audit.services import audit_record
from zonedesk.casefiles.services import case_number_register
from zonedesk.core.actor import Actor
from zonedesk.core.clockwarn import ClockWarning, clock_warnings
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import snapshot
from zonedesk.core.sweeps import mark_batch
from zonedesk.notifications.emit import notify_appeal
from zonedesk.organisation.models import Department, User
from zonedesk.organisation.roles import Role
from zonedesk.workdays.selectors import work_calendar

MAX_ATTACHMENTS = 5
AUDITED = ("status", "lead_department_id", "accepted_at", "signed_at", "replied_at", "closed_at",
           "merged_into_id", "escalated_at", "reopened_count", "version")


# -- checks ------------------------------------------------------------------------------------


def _user(actor: Actor) -> User:
    if actor.user is None:
        raise NotFound()
    return actor.user


def _require_window(actor: Actor, zone_id: int) -> None:
    if not _user(actor).has_role(Role.WINDOW_CLERK):
        raise Forbidden("not_window", _("只有综合窗口可以办理此操作"))


def _require_lead_department(actor: Actor, appeal: Appeal) -> None:
    user = _user(actor)
    if not (user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD)
            and user.department_id and user.department_id == appeal.lead_department_id):
        raise Forbidden("not_lead_department", _("只有主办部门的人员可以办理此操作"))


def _locked(actor: Actor, appeal_id: int) -> Appeal:
    # visible_to first: a hidden case is a 404 and never a lock on someone else's row.
    row = (Appeal.objects.visible_to(_user(actor)).select_for_update()
           .filter(pk=appeal_id).first())
    if row is None:
        raise NotFound()
    return row


def _check_version(appeal: Appeal, version: int | None) -> None:
    if version is not None and version != appeal.version:
        raise Conflict("stale_version", _("该诉求已被他人处理（当前状态：%(s)s），请刷新页面后再操作")
                       % {"s": appeal.get_status_display()})


def _target(appeal: Appeal, action: str) -> str:
    to = rules.next_status(action, appeal.status)
    if to is None:
        raise Conflict("wrong_state", _("该诉求当前状态为“%(s)s”，不能执行此操作（可能已被他人处理，请刷新）")
                       % {"s": appeal.get_status_display()})
    return to


def _text(value: str | None, field: str, message: str, max_len: int = 2000) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed({field: message})
    if len(text) > max_len:
        raise ValidationFailed({field: _("内容过长（不超过 %(n)d 字）") % {"n": max_len}})
    return text


# The moves after which the case's clock reads differently: its stored columns are recomputed
# in the same transaction.
CLOCK_ACTIONS = frozenset({"accept", "request_info", "supply_info", "reply", "reopen", "merge"})


def _set_clock(appeal: Appeal, now: dt.datetime | None = None) -> None:
    """Recompute the case's stored clock from its recorded pauses (not saved)."""
    ratio = clocks.zone_settings(appeal.zone_id).yellow_ratio
    clocks.stored_clock(appeal, list(appeal.pauses.all()), work_calendar(), ratio, now).apply(appeal)


def _record(actor: Actor, appeal: Appeal, action: str, before: dict[str, Any], note: str = "",
            from_status: str = "", now: dt.datetime | None = None, files: Sequence[Any] = ()) -> None:
    if action in CLOCK_ACTIONS:
        _set_clock(appeal, now)
    appeal.version += 1
    before_share = summary.stored_share(appeal.pk)  # the locked row, before this change
    appeal.save()
    summary.case_moved(before_share, appeal)
    event = AppealEvent.objects.create(zone_id=appeal.zone_id, appeal=appeal, at=now or timezone.now(),
                                       action=action, from_status=from_status, to_status=appeal.status,
                                       actor_display=actor.display, user=actor.user, note=note)
    stored = store_attachments(actor, appeal.zone_id, files) if files else []
    for f in stored:
        Attachment.objects.create(zone_id=appeal.zone_id, appeal=appeal, event=event, stored_file=f)
    audit_record(actor=actor, action=f"appeal.{action}", obj=appeal, before=before,
                 after={**snapshot(appeal, list(AUDITED)), **({"note": note} if note else {}),
                        **({"attachments": [f.name for f in stored]} if stored else {})})


def _move(actor: Actor, appeal: Appeal, action: str, *, note: str = "",
          now: dt.datetime | None = None, files: Sequence[Any] = (), **changes: Any) -> Appeal:
    before = snapshot(appeal, list(AUDITED))
    src = appeal.status
    appeal.status = _target(appeal, action)
    for key, value in changes.items():
        setattr(appeal, key, value)
    _record(actor, appeal, action, before, note, src, now, files)
    return appeal


def store_attachments(actor: Actor, zone_id: int, files: Sequence[Any]) -> list[Any]:
    """Check and store a move's uploads through the file store (kinds and size as on raising).

    Called inside the move's transaction, so a refused file leaves the move unwritten; the
    message names the file and is given under ``attachments``.
    """
    from zonedesk.files.services import file_store

    if len(files) > MAX_ATTACHMENTS:
        raise ValidationFailed({"attachments": _("附件最多 %(n)d 个") % {"n": MAX_ATTACHMENTS}})
    stored = []
    for upload in files:
        try:
            stored.append(file_store(actor=actor, zone_id=zone_id, upload=upload))
        except ValidationFailed as exc:  # file_store's message names the file
            raise ValidationFailed({"attachments": next(iter(exc.errors.values()))},
                                   code=exc.code) from exc
    return stored


# -- intake ------------------------------------------------------------------------------------


def _category(zone_id: int, category_id: int | None) -> Category:
    category = Category.objects.filter(zone_id=zone_id, pk=category_id).first() if category_id else None
    if category is None:
        raise ValidationFailed({"category": _("请选择诉求类别")})
    return category


def _appeal_input(zone_id: int, *, category_id: int | None, title: str, description: str,
                  contact_name: str = "", contact_phone: str = "") -> tuple[Category, dict[str, str]]:
    """Every field of a new appeal checked at once, so one submit shows every mistake
    (not the category's first and the title's on the next try)."""
    errors: dict[str, str] = {}
    clean: dict[str, str] = {}
    category = None
    try:
        category = _category(zone_id, category_id)
    except ValidationFailed as exc:
        errors.update(exc.errors)
    for field, value, empty, max_len in (("title", title, _("请填写诉求标题"), 100),
                                         ("description", description, _("请描述遇到的问题"), 2000)):
        try:
            clean[field] = _text(value, field, empty, max_len)
        except ValidationFailed as exc:
            errors.update(exc.errors)
    clean["contact_name"] = (contact_name or "").strip()
    clean["contact_phone"] = (contact_phone or "").strip()
    if len(clean["contact_name"]) > 50:
        errors["contact_name"] = _("联系人不超过 50 字")
    if clean["contact_phone"] and not rules.phone_ok(clean["contact_phone"]):
        errors["contact_phone"] = _(
            "联系电话应为 7 到 15 位数字，可含空格、+、- 和括号，例如 13800000000 或 0421-6822000")
    if errors:
        raise ValidationFailed(errors)
    assert category is not None
    return category, clean


def _enterprise(user: User, enterprise_id: int | None):
    from zonedesk.enterprises.models import Enterprise

    enterprise = (Enterprise.objects.visible_to(user).filter(pk=enterprise_id).first()
                  if enterprise_id else None)
    if enterprise is None:
        raise ValidationFailed({"enterprise": _("请选择企业")})
    return enterprise


def _new_appeal(actor: Actor, *, enterprise, category: Category, source: str, title: str,
                description: str, contact_name: str, contact_phone: str, visit: Visit | None,
                accept: bool, now: dt.datetime) -> Appeal:
    _, clean = _appeal_input(enterprise.zone_id, category_id=category.pk, title=title,
                             description=description, contact_name=contact_name,
                             contact_phone=contact_phone)
    title, description = clean["title"], clean["description"]
    contact_name, contact_phone = clean["contact_name"], clean["contact_phone"]
    appeal = Appeal(zone_id=enterprise.zone_id, number="", enterprise=enterprise, category=category,
                    source=source, title=title, description=description,
                    contact_name=(contact_name or "").strip(), contact_phone=(contact_phone or "").strip(),
                    visit=visit, raised_by=actor.user, raised_by_display=actor.display, submitted_at=now,
                    status=Status.SUBMITTED)
    appeal.save()
    # The number is taken from the row id: unique without a counter to lock.
    appeal.number = f"SQ{timezone.localtime(now).year}{appeal.pk:06d}"
    if accept:
        appeal.status = Status.ACCEPTED
        appeal.accepted_at = now
        appeal.limit_amount, appeal.limit_unit = category.limit_amount, category.limit_unit
        _set_clock(appeal, now)
    appeal.save()
    summary.case_moved(None, appeal)
    case_number_register(zone_id=appeal.zone_id, object_id=appeal.pk, number=appeal.number)
    AppealEvent.objects.create(zone_id=appeal.zone_id, appeal=appeal, at=now, action="raise",
                               to_status=appeal.status,
                               actor_display=actor.display, user=actor.user,
                               note=str(Source(source).label))
    audit_record(actor=actor, action="appeal.raise", obj=appeal,
                 after=snapshot(appeal, ["number", "enterprise_id", "category_id", "source", "title",
                                         "status", "limit_amount", "limit_unit"]))
    return appeal


def appeal_raise(*, actor: Actor, enterprise_id: int, category_id: int | None, title: str,
                 description: str, contact_name: str = "", contact_phone: str = "",
                 files: Sequence[Any] = ()) -> Appeal:
    """The enterprise (or its authorised steward) raises a problem in the portal."""
    from zonedesk.agency.selectors import actor_for_enterprise
    from zonedesk.enterprises.models import Enterprise

    user = _user(actor)
    actor = actor_for_enterprise(actor=actor, enterprise_id=enterprise_id, action="appeals.raise")
    enterprise = Enterprise.objects.filter(pk=enterprise_id, zone_id__in=user.visible_zone_ids).first()
    if enterprise is None:
        raise NotFound()
    try:
        category, _clean = _appeal_input(enterprise.zone_id, category_id=category_id, title=title,
                                         description=description, contact_name=contact_name,
                                         contact_phone=contact_phone)
        errors: dict[str, str] = {}
    except ValidationFailed as exc:
        errors = dict(exc.errors)
    if len(files) > MAX_ATTACHMENTS:
        errors["attachments"] = _("附件最多 %(n)d 个") % {"n": MAX_ATTACHMENTS}
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    with transaction.atomic():
        appeal = _new_appeal(actor, enterprise=enterprise, category=category, source=Source.PORTAL,
                             title=title, description=description, contact_name=contact_name,
                             contact_phone=contact_phone, visit=None, accept=False, now=now)
        for stored in store_attachments(actor, enterprise.zone_id, files):
            Attachment.objects.create(zone_id=appeal.zone_id, appeal=appeal, stored_file=stored)
    return appeal


def appeal_log(*, actor: Actor, enterprise_id: int | None, category_id: int | None, title: str,
               description: str, contact_name: str = "", contact_phone: str = "") -> Appeal:
    """The window logs a problem received on the hotline; it is accepted at once."""
    user = _user(actor)
    _require_window(actor, user.zone_id)
    enterprise = _enterprise(user, enterprise_id)
    category, _clean = _appeal_input(enterprise.zone_id, category_id=category_id, title=title,
                                     description=description, contact_name=contact_name,
                                     contact_phone=contact_phone)
    with transaction.atomic():
        return _new_appeal(actor, enterprise=enterprise, category=category, source=Source.HOTLINE,
                           title=title, description=description, contact_name=contact_name,
                           contact_phone=contact_phone, visit=None, accept=True, now=timezone.now())


VISIT_ROLES = frozenset({Role.LEADER, Role.STEWARD, Role.WINDOW_CLERK})


def visit_record(*, actor: Actor, enterprise_id: int | None, visited_on: dt.date | None, people: str,
                 summary: str, problems: Sequence[dict[str, Any]]) -> Visit:
    """A visit to an enterprise; each problem captured becomes an accepted appeal.

    ``problems``: dicts with category_id, title, description.
    """
    user = _user(actor)
    if not user.has_role(*VISIT_ROLES):
        raise Forbidden("not_visitor", _("只有领导、管家和综合窗口可以登记走访"))
    enterprise = _enterprise(user, enterprise_id)
    errors: dict[str, str] = {}
    if visited_on is None:
        errors["visited_on"] = _("请填写走访日期")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = _("走访日期不能晚于今天")
    if not (people or "").strip():
        errors["people"] = _("请填写参加人员")
    if not problems:
        errors["problems"] = _("请至少记录一个发现的问题")
    if errors:
        raise ValidationFailed(errors)
    categories = [_category(enterprise.zone_id, p.get("category_id")) for p in problems]
    now = timezone.now()
    with transaction.atomic():
        visit = Visit.objects.create(zone_id=enterprise.zone_id, enterprise=enterprise,
                                     visited_on=visited_on, people=people.strip()[:200],
                                     summary=(summary or "").strip(), recorded_by=user)
        audit_record(actor=actor, action="appeal.visit_record", obj=visit,
                     after=snapshot(visit, ["enterprise_id", "visited_on", "people"]))
        for problem, category in zip(problems, categories, strict=True):
            _new_appeal(actor, enterprise=enterprise, category=category, source=Source.VISIT,
                        title=problem.get("title", ""), description=problem.get("description", ""),
                        contact_name="", contact_phone="", visit=visit, accept=True, now=now)
    return visit


# -- handling ----------------------------------------------------------------------------------


def appeal_accept(*, actor: Actor, appeal_id: int, version: int | None = None) -> Appeal:
    """受理: the clock starts with the limit of the case's category as it is today."""
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_window(actor, appeal.zone_id)
        _check_version(appeal, version)
        now = timezone.now()
        return _move(actor, appeal, "accept", now=now, accepted_at=now,
                     limit_amount=appeal.category.limit_amount, limit_unit=appeal.category.limit_unit)


def appeal_reject(*, actor: Actor, appeal_id: int, reason: str, version: int | None = None) -> Appeal:
    reason = _text(reason, "reason", _("请填写不予受理的理由"))
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_window(actor, appeal.zone_id)
        _check_version(appeal, version)
        return _move(actor, appeal, "reject", note=reason, closed_at=None)


def appeal_dispatch(*, actor: Actor, appeal_id: int, lead_department_id: int | None,
                    co_department_ids: Sequence[int] = (), note: str = "",
                    version: int | None = None) -> Appeal:
    """派单 to a lead department and optional co-handling departments; sets the 签收 deadline."""
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_window(actor, appeal.zone_id)
        _check_version(appeal, version)
        departments = {d.pk: d for d in Department.objects.filter(
            zone_id=appeal.zone_id, is_active=True, pk__in=[lead_department_id or 0, *co_department_ids])}
        if lead_department_id not in departments:
            raise ValidationFailed({"lead_department": _("请选择主办部门")})
        co = [departments[i] for i in dict.fromkeys(co_department_ids) if i in departments
              and i != lead_department_id]
        if len(co) != len({i for i in co_department_ids if i != lead_department_id}):
            raise ValidationFailed({"co_departments": _("协办部门不存在或已停用")})
        s = clocks.zone_settings(appeal.zone_id)
        now = timezone.now()
        lead = departments[lead_department_id]
        _move(actor, appeal, "dispatch", now=now,
              note=_("主办：%(lead)s%(co)s") % {
                  "lead": lead.name,
                  "co": ("；协办：" + "、".join(d.name for d in co)) if co else ""}
              + (f"；{note.strip()}" if note.strip() else ""),
              lead_department=lead, dispatched_at=now, signed_at=None,
              sign_due_at=now + dt.timedelta(hours=s.sign_for_hours))
        appeal.co_departments.set(co)
        notify_appeal(appeal, "appeal.dispatched", f"{timezone.localtime(appeal.sign_due_at):%Y-%m-%d %H:%M}")
    return appeal


def appeal_return(*, actor: Actor, appeal_id: int, reason: str, version: int | None = None) -> Appeal:
    """退单: the lead department objects to the dispatch, with a reason; back to the window."""
    reason = _text(reason, "reason", _("请填写退单理由"))
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_lead_department(actor, appeal)
        _check_version(appeal, version)
        _move(actor, appeal, "return", note=reason, lead_department=None, dispatched_at=None,
              sign_due_at=None)
        appeal.co_departments.clear()
        notify_appeal(appeal, "appeal.returned", reason)
    return appeal


def appeal_sign(*, actor: Actor, appeal_id: int, version: int | None = None) -> Appeal:
    """签收."""
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_lead_department(actor, appeal)
        _check_version(appeal, version)
        now = timezone.now()
        late = appeal.sign_due_at is not None and now > appeal.sign_due_at
        return _move(actor, appeal, "sign", now=now, signed_at=now,
                     note=_("超时签收") if late else "")


def appeal_request_info(*, actor: Actor, appeal_id: int, reason: str,
                        version: int | None = None) -> Appeal:
    """The department asks the enterprise for more information: the clock pauses."""
    reason = _text(reason, "reason", _("请说明需要企业补充的内容"), 200)
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_lead_department(actor, appeal)
        _check_version(appeal, version)
        now = timezone.now()
        AppealPause.objects.create(zone_id=appeal.zone_id, appeal=appeal, start=now, reason=reason)
        return _move(actor, appeal, "request_info", note=reason, now=now)


def appeal_supply_info(*, actor: Actor, appeal_id: int, text: str, version: int | None = None) -> Appeal:
    """The enterprise (or its steward) answers: the clock resumes where it stopped."""
    from zonedesk.agency.selectors import actor_for_enterprise

    text = _text(text, "text", _("请填写补充说明"))
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        actor = actor_for_enterprise(actor=actor, enterprise_id=appeal.enterprise_id,
                                     action="appeals.raise")
        _check_version(appeal, version)
        now = timezone.now()
        AppealPause.objects.filter(appeal=appeal, end__isnull=True).update(end=now)
        return _move(actor, appeal, "supply_info", note=text, now=now)


def appeal_reply(*, actor: Actor, appeal_id: int, reply: str, version: int | None = None,
                 files: Sequence[Any] = ()) -> Appeal:
    """答复 the enterprise; whether the case was handled on time is decided here."""
    reply = _text(reply, "reply", _("请填写答复内容"))
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_lead_department(actor, appeal)
        _check_version(appeal, version)
        now = timezone.now()
        on_time = clocks.on_time(appeal, work_calendar(), now)
        _move(actor, appeal, "reply", note=reply, now=now, files=files, reply=reply, replied_at=now,
              replied_on_time=on_time)
        notify_appeal(appeal, "appeal.replied", reply)
        return appeal


def appeal_visit(*, actor: Actor, appeal_id: int, note: str, version: int | None = None,
                 files: Sequence[Any] = ()) -> Appeal:
    """回访: the window asks the enterprise whether the problem is solved."""
    note = _text(note, "note", _("请填写回访情况"))
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_window(actor, appeal.zone_id)
        _check_version(appeal, version)
        now = timezone.now()
        return _move(actor, appeal, "visit", note=note, now=now, files=files, visit_note=note,
                     visited_at=now)


def appeal_close(*, actor: Actor, appeal_id: int, note: str = "", version: int | None = None) -> Appeal:
    """办结 after the return visit when the enterprise has not rated."""
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        _require_window(actor, appeal.zone_id)
        _check_version(appeal, version)
        now = timezone.now()
        return _move(actor, appeal, "close", note=note.strip(), now=now, closed_at=now)


def appeal_close_rated(*, actor: Actor, appeal_id: int, level_label: str) -> Appeal:
    """Called by the ratings service inside its transaction: 评价 → 办结."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
    now = timezone.now()
    return _move(actor, appeal, "rate", note=level_label, now=now, closed_at=now)


def appeal_reopen(*, actor: Actor, appeal_id: int, reason: str, version: int | None = None) -> Appeal:
    """重办: a closed case goes back to its department; it is due but not closed again until
    it is answered and closed a second time (the rates see it so)."""
    reason = _text(reason, "reason", _("请填写重办理由"))
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        if not _user(actor).has_role(Role.WINDOW_CLERK, Role.LEADER):
            raise Forbidden("not_window", _("只有综合窗口或领导可以重办诉求"))
        _check_version(appeal, version)
        return _move(actor, appeal, "reopen", note=reason, closed_at=None, replied_at=None,
                     replied_on_time=None, visited_at=None, reopened_count=appeal.reopened_count + 1)


def appeal_supervise(*, actor: Actor, appeal_id: int, note: str) -> Supervision:
    """督办: a leader's instruction, on any case still in hand."""
    note = _text(note, "note", _("请填写督办意见"))
    with transaction.atomic():
        appeal = _locked(actor, appeal_id)
        if not _user(actor).has_role(Role.LEADER):
            raise Forbidden("not_leader", _("只有领导可以督办"))
        if appeal.status not in rules.OPEN:
            raise Conflict("wrong_state", _("该诉求已%(s)s，无需督办") % {"s": appeal.get_status_display()})
        now = timezone.now()
        sup = Supervision.objects.create(zone_id=appeal.zone_id, appeal=appeal, leader=actor.user,
                                         leader_display=actor.display, note=note, at=now)
        before = snapshot(appeal, list(AUDITED))
        _record(actor, appeal, "supervise", before, note, appeal.status, now)
        notify_appeal(appeal, "appeal.supervised", note)
    return sup


def appeal_merge(*, actor: Actor, appeal_id: int, into_id: int, version: int | None = None) -> Appeal:
    """Merge a duplicate into another case of the same enterprise. Both histories stay: the
    duplicate keeps its own events and points at the case it was merged into, and the page of
    that case lists them."""
    if appeal_id == into_id:
        raise ValidationFailed({"into": _("不能与自身合并")})
    with transaction.atomic():
        # Lock both in id order, so two merges of the same pair cannot deadlock.
        first, second = sorted([appeal_id, into_id])
        locked = {first: _locked(actor, first), second: _locked(actor, second)}
        appeal, into = locked[appeal_id], locked[into_id]
        _require_window(actor, appeal.zone_id)
        _check_version(appeal, version)
        if appeal.status not in rules.MERGEABLE:
            raise Conflict("wrong_state", _("该诉求当前状态为“%(s)s”，不能合并")
                           % {"s": appeal.get_status_display()})
        if into.status in {Status.MERGED, Status.REJECTED} or into.enterprise_id != appeal.enterprise_id:
            raise ValidationFailed({"into": _("只能合并到同一企业仍有效的诉求")})
        before = snapshot(appeal, list(AUDITED))
        src = appeal.status
        appeal.status = Status.MERGED
        appeal.merged_into = into
        AppealPause.objects.filter(appeal=appeal, end__isnull=True).update(end=timezone.now())
        _record(actor, appeal, "merge", before, _("合并至 %(n)s") % {"n": into.number}, src)
        into_before = snapshot(into, list(AUDITED))
        _record(actor, into, "merge_in", into_before, _("合并 %(n)s：%(t)s") % {
            "n": appeal.number, "t": appeal.title}, into.status)
    return appeal


# -- escalation --------------------------------------------------------------------------------

# Cases marked per transaction (one UPDATE … RETURNING, one INSERT … SELECT, one audit record
# per zone). 20,000 was faster than 1,000 or 5,000 on the bench province (docs/scaling.md); a
# move on a case of the batch waits for its commit (seconds, and only in a backlog's run).
BATCH = 20000


def _head_of_lead_department() -> Subquery:
    """The escalation's target, per case, in SQL: the first active head of the case's lead
    department (the lowest id); NULL when it has none (the window's)."""
    return Subquery(User.objects.filter(department_id=OuterRef("lead_department_id"), is_active=True,
                                        role_grants__role=Role.DEPARTMENT_HEAD)
                    .order_by("pk").values("pk")[:1])


def _escalate_batch(actor: Actor, now: dt.datetime, limit: int) -> list[ClockWarning]:
    """Mark one batch escalated, write its history and audit; returns its warnings."""
    with transaction.atomic():
        rows = mark_batch(
            Appeal.objects.filter(status__in=ACTIVE_STATUSES, escalated_at__isnull=True, due_paused=False,
                                  due_at__lt=now).order_by("due_at", "pk"),
            limit=limit,
            marks={"escalated_at": now, "escalated_to_id": _head_of_lead_department(),
                   "version": F("version") + 1},
            returning=("id", "zone_id", "lead_department_id", "due_at", "version", "escalated_to_id"),
        )
        if not rows:
            return []
        rows.sort()
        ids = [r[0] for r in rows]
        heads = {r[5] for r in rows if r[5]}
        _escalation_events(actor, now, ids, heads)
        per_zone: dict[int, list[dict[str, Any]]] = {}
        for pk, zone_id, _dept, _due, version, head_id in rows:
            per_zone.setdefault(zone_id, []).append(
                {"id": pk, "escalated_to_id": head_id, "version": version})
        for zone_id, cases in per_zone.items():
            audit_record(actor=actor, action="appeal.escalate", object_type="appeals.appeal",
                         object_id=str(cases[0]["id"]) if len(cases) == 1 else "",
                         object_repr=f"×{len(cases)}", zone_id=zone_id,
                         before={"escalated_at": None, "escalated_to_id": None},
                         after={"escalated_at": now.isoformat(), "cases": cases})
    return [ClockWarning("appeals.appeal", pk, zone_id, "red", due_at, dept, head_id)
            for pk, zone_id, dept, due_at, _version, head_id in rows]


def _escalation_events(actor: Actor, now: dt.datetime, ids: list[int], heads: set[int]) -> None:
    """Each case's history row, as one INSERT … SELECT over the marked cases: the note names the
    head the case went to (one wording per head of the batch), else the window."""
    names = {u.pk: u.display_name for u in User.objects.filter(pk__in=heads)} if heads else {}
    note = Case(*[When(escalated_to_id=pk, then=Value(_("超期未办结，已上报%(n)s") % {"n": name}))
                  for pk, name in names.items()],
                default=Value(_("超期未办结，主办部门未设负责人，已上报综合窗口")), output_field=CharField())
    select = (Appeal.objects.filter(pk__in=ids).order_by("pk")
              .annotate(_at=Value(now, output_field=DateTimeField()),
                        _action=Value("escalate", output_field=CharField()),
                        _actor=Value(actor.display, output_field=CharField()),
                        _user=Value(actor.user.pk if actor.user else None, output_field=BigIntegerField()),
                        _note=note)
              .values_list("zone_id", "pk", "_at", "_action", "status", "status", "_actor", "_user", "_note"))
    sql, params = select.query.sql_with_params()
    meta = AppealEvent._meta
    columns = ", ".join(connection.ops.quote_name(cast(Field, meta.get_field(f)).column) for f in (
        "zone", "appeal", "at", "action", "from_status", "to_status", "actor_display", "user", "note"))
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) {sql}", params)


def appeals_escalate_overdue(*, actor: Actor, now: dt.datetime | None = None, limit: int = BATCH) -> int:
    """Escalate one batch of overdue cases to their lead department's head; returns how many.

    An indexed range query over the stored clock (`due_at < now`, still active, not paused,
    not yet escalated: the partial index `appeal_escalate_sweep`), locked with SKIP LOCKED and
    marked by the same statement (``core.sweeps.mark_batch``): every batch holds only overdue
    cases, a marked case leaves the range, so repeating until 0 reaches every overdue case
    exactly once, and several workers can share the work. The batch is written in SQL: the
    head chosen per case by a subquery in the UPDATE, the case histories by one INSERT …
    SELECT, one audit record per zone naming every case with its before and after. The
    warnings go to ``clock_warnings`` after commit (the message centre's digest per head)."""
    warnings = _escalate_batch(actor, now or timezone.now(), limit)
    if warnings:
        transaction.on_commit(lambda: clock_warnings.emit(warnings))
    return len(warnings)


def appeals_escalate_all(*, actor: Actor, now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Every overdue case, batch after batch, until none is left; the run's warnings are told
    once, after the last batch commits, so each head gets one digest per run listing its cases
    (3,000 escalated overnight are one message, not 3,000 e-mails and text messages). A crash
    between the batches and the end loses the digest, not the escalation: each case shows it
    (``escalated_at``, the head's to-do, the list's overdue filter) and the audit names it."""
    now = now or timezone.now()
    warnings: list[ClockWarning] = []
    while marked := _escalate_batch(actor, now, batch):
        warnings += marked
    if warnings:
        transaction.on_commit(lambda: clock_warnings.emit(warnings))
    return len(warnings)
