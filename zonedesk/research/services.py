"""The 揭榜挂帅 workflow (registers are created through core.registers.register_create):
take the challenge (the team), milestones with dates, acceptance with the result."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import diff, snapshot
from zonedesk.research.models import (
    CHALLENGE_TRANSITIONS,
    EDITOR_ROLES,
    Challenge,
    ChallengeStatus,
    Institution,
    Milestone,
)


def _locked(actor: Actor, challenge_id: int, version: int | None) -> Challenge:
    user = actor.user
    c = (
        Challenge.objects.select_for_update()
        .filter(pk=challenge_id, zone_id__in=user.visible_zone_ids)
        .first()
        if user
        else None
    )
    if c is None:
        raise NotFound()
    if not (user.roles & EDITOR_ROLES) or user.zone_id != c.zone_id:
        raise Forbidden("not_editor", _("您没有办理揭榜挂帅的权限"))
    if version is not None and c.version != version:
        raise Conflict("stale_version", _("该榜单已被他人修改，请刷新后重试"))
    return c


def _move(c: Challenge, to: str) -> None:
    if to not in CHALLENGE_TRANSITIONS[c.status]:
        raise Conflict(
            "wrong_state",
            _("榜单当前为“%(s)s”，不能变为“%(t)s”")
            % {"s": c.get_status_display(), "t": ChallengeStatus(to).label},
        )
    c.status = to


def _save(actor: Actor, c: Challenge, before: dict, action: str) -> Challenge:
    c.version += 1
    c.save()
    b, a = diff(before, snapshot(c))
    audit_record(actor=actor, action=action, obj=c, before=b, after=a)
    return c


def challenge_take(
    *,
    actor: Actor,
    challenge_id: int,
    team: str,
    team_institution_id: int | None,
    taken_on: dt.date | None,
    version: int | None = None,
) -> Challenge:
    errors = {}
    if not team.strip():
        errors["team"] = _("请填写揭榜团队")
    if taken_on is None:
        errors["taken_on"] = _("请填写揭榜日期")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        c = _locked(actor, challenge_id, version)
        inst = None
        if team_institution_id:
            inst = Institution.objects.filter(pk=team_institution_id, zone_id=c.zone_id).first()
            if inst is None:
                raise ValidationFailed({"team_institution_id": _("高校院所不存在")})
        if taken_on < c.published_on:
            raise ValidationFailed({"taken_on": _("揭榜日期不能早于发榜日期")})
        before = snapshot(c)
        _move(c, ChallengeStatus.TAKEN)
        c.team, c.team_institution, c.taken_on = team.strip()[:120], inst, taken_on
        return _save(actor, c, before, "research.challenge.take")


def milestone_add(*, actor: Actor, challenge_id: int, title: str, due_on: dt.date | None) -> Milestone:
    errors = {}
    if not title.strip():
        errors["title"] = _("请填写节点名称")
    if due_on is None:
        errors["due_on"] = _("请填写计划完成日期")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        c = _locked(actor, challenge_id, None)
        if c.status != ChallengeStatus.TAKEN:
            raise Conflict("wrong_state", _("揭榜后、验收前才能安排攻关节点"))
        m = Milestone.objects.create(zone_id=c.zone_id, challenge=c, title=title.strip()[:120], due_on=due_on)
        audit_record(actor=actor, action="research.milestone.add", obj=m, after=snapshot(m))
    return m


def milestone_done(*, actor: Actor, milestone_id: int, done_on: dt.date | None) -> Milestone:
    if done_on is None:
        raise ValidationFailed({"done_on": _("请填写实际完成日期")})
    with transaction.atomic():
        m = Milestone.objects.select_for_update().filter(pk=milestone_id).first()
        if m is None:
            raise NotFound()
        _locked(actor, m.challenge_id, None)
        if m.done_on is not None:
            raise Conflict("done", _("该节点已完成"))
        before = snapshot(m)
        m.done_on = done_on
        m.save()
        b, a = diff(before, snapshot(m))
        audit_record(actor=actor, action="research.milestone.done", obj=m, before=b, after=a)
    return m


def challenge_accept(
    *,
    actor: Actor,
    challenge_id: int,
    passed: bool,
    result: str,
    accepted_on: dt.date | None,
    version: int | None = None,
) -> Challenge:
    errors = {}
    if not result.strip():
        errors["result"] = _("请填写攻关成果或未通过的原因")
    if accepted_on is None:
        errors["accepted_on"] = _("请填写验收日期")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        c = _locked(actor, challenge_id, version)
        if passed and c.milestones.filter(done_on__isnull=True).exists():
            raise Conflict("milestones_open", _("还有攻关节点未完成，不能验收通过"))
        before = snapshot(c)
        _move(c, ChallengeStatus.ACCEPTED if passed else ChallengeStatus.FAILED)
        c.result, c.accepted_on = result.strip()[:2000], accepted_on
        return _save(actor, c, before, "research.challenge.accept")
