"""好差评 for every rateable kind of case (appeals, approval applications), through
``core.rateable.rateable_registry``: one rating per case, 差评 rectification, 申诉复核.

申诉复核 is decided by the zone's leader. DOMAIN.md says "an administrator", but the three
administrators of 等保 (system, security, audit) see no business data by design (三员分立,
least privilege), so giving them ratings to judge would break that rule; in 好差评 practice
the reviewing body is the 政务服务管理机构, which in a development zone is the management
committee's leadership. The department that appealed never decides its own appeal: a leader
belongs to no handling department's scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.appeals import clocks
from zonedesk.appeals.models import (
    BAD_LEVELS,
    Level,
    Rating,
    RatingReview,
    RatingStatus,
    Rectification,
    RectificationAttachment,
    RectificationStatus,
    ReviewDecision,
    Status,
)
from zonedesk.appeals.services import summary
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import snapshot
from zonedesk.core.rateable import rateable_registry
from zonedesk.notifications.emit import notify_rectification
from zonedesk.organisation.roles import Role
from zonedesk.workdays.clock import Clock, Limit
from zonedesk.workdays.selectors import work_calendar

# Tags offered with a rating (GB/T 39734-2020 lists what an evaluation covers: attitude,
# efficiency, process, result); kept short so the page can show them as checkboxes.
TAGS = (
    gettext_lazy("办事效率高"), gettext_lazy("服务态度好"), gettext_lazy("一次办成"),
    gettext_lazy("解释清楚"), gettext_lazy("办理超时"), gettext_lazy("态度不好"),
    gettext_lazy("问题未解决"), gettext_lazy("多次跑动"),
)
# The agency action a steward needs to rate for the enterprise, per kind of case.
RATE_ACTION = {"appeal": "appeals.rate", "application": "approvals.rate"}
RATED = ("level", "first_level", "status", "rerated_at", "version")


def _clean(level: str, tags: Sequence[str], comment: str) -> tuple[str, list[str], str]:
    errors: dict[str, str] = {}
    if level not in Level.values:
        errors["level"] = _("请选择评价等级")
    allowed = {str(t) for t in TAGS}
    clean_tags = list(dict.fromkeys(str(t) for t in tags))
    if any(t not in allowed for t in clean_tags):
        errors["tags"] = _("评价标签不在可选范围内")
    comment = (comment or "").strip()
    if len(comment) > 1000:
        errors["comment"] = _("评价内容不超过 1000 字")
    if level in BAD_LEVELS and not comment:
        errors["comment"] = _("差评请说明原因，以便部门整改")
    if errors:
        raise ValidationFailed(errors)
    return level, clean_tags, comment


def _locked_rating(actor: Actor, rating_id: int) -> Rating:
    user = actor.user
    row = (Rating.objects.visible_to(user).select_for_update().filter(pk=rating_id).first()
           if user else None)
    if row is None:
        raise NotFound()
    return row


def _rectification_due(opened: timezone.datetime, days: int):
    clock = Clock(clocks.local(opened), Limit(days, "working_days"))
    return clock.deadline(work_calendar())


def _rater(actor: Actor, enterprise_id: int, kind: str) -> Actor:
    """好差评 is the enterprise's judgement of the zone's service; a steward is zone staff acting
    for the enterprise, so a rating by them would be the zone rating itself (GB/T 39734-2020:
    the service object rates). Refused even under an authorisation that names rating; someone
    with no tie to the enterprise gets the 404 of ``actor_for_enterprise``."""
    from zonedesk.agency.selectors import actor_for_enterprise

    message = _("好差评须由企业自己作出；管家不能代企业评价园区的服务")
    try:
        acting = actor_for_enterprise(actor=actor, enterprise_id=enterprise_id,
                                      action=RATE_ACTION.get(kind, "appeals.rate"))
    except Forbidden as exc:
        raise Forbidden("rater_not_enterprise", message) from exc
    if acting.on_behalf_of is not None:
        raise Forbidden("rater_not_enterprise", message)
    return acting


def rating_create(*, actor: Actor, kind: str, case_id: int, level: str, tags: Sequence[str] = (),
                  comment: str = "") -> Rating:
    """Rate a completed case, once. 不满意/非常不满意 open a rectification."""

    user = actor.user
    case = rateable_registry.find(kind, user, case_id) if user else None
    if case is None:
        raise NotFound()
    # Only the case's enterprise itself (a steward who may see the case is refused, see
    # `_enterprise_itself`).
    actor = _rater(actor, case.enterprise_id, kind)
    if not case.completed:
        raise Conflict("not_completed", _("该事项尚未办结，办结后才能评价"))
    level, tags, comment = _clean(level, tags, comment)
    now = timezone.now()
    with transaction.atomic():
        if Rating.objects.filter(zone_id=case.zone_id, kind=kind, case_id=case.id).exists():
            raise Conflict("already_rated", _("该事项已评价过，一事一评，不能重复评价"))
        rating = Rating(zone_id=case.zone_id, kind=kind, case_id=case.id, case_title=case.title[:200],
                        case_url=case.url, enterprise_id=case.enterprise_id, level=level,
                        first_level=level, tags=tags, comment=comment, rated_by=user,
                        rated_by_display=actor.display, rated_at=now)
        try:
            with transaction.atomic():
                rating.save()
        except IntegrityError as exc:  # a concurrent rating of the same case won
            raise Conflict("already_rated", _("该事项已评价过，一事一评，不能重复评价")) from exc
        rating.departments.set(case.department_ids)
        summary.rating_moved(None, rating)
        audit_record(actor=actor, action="rating.create", obj=rating,
                     after={**snapshot(rating, ["kind", "case_id", "level", "comment"]), "tags": tags})
        if level in BAD_LEVELS:
            _open_rectification(actor, rating, now)
        if kind == "appeal":
            from zonedesk.appeals.models import Appeal
            from zonedesk.appeals.services.appeals import appeal_close_rated

            if Appeal.objects.filter(pk=case.id, status=Status.VISITED).exists():
                appeal_close_rated(actor=actor, appeal_id=case.id, level_label=str(Level(level).label))
    return rating


def _open_rectification(actor: Actor, rating: Rating, now) -> Rectification:
    days = clocks.zone_settings(rating.zone_id).rectification_days
    due = _rectification_due(now, days)
    rect = Rectification.objects.create(zone_id=rating.zone_id, rating=rating, opened_at=now, limit_days=days,
                                        due_on=due.date, due_provisional=due.provisional)
    audit_record(actor=actor, action="rating.rectification_open", obj=rating,
                 after={"due_on": due.date.isoformat(), "limit_days": days})
    notify_rectification(rating, rect)
    return rect


def _require_rated_department(actor: Actor, rating: Rating) -> None:
    user = actor.user
    if not (user and user.has_role(Role.REVIEWER, Role.DEPARTMENT_HEAD) and user.department_id
            and rating.departments.filter(pk=user.department_id).exists()):
        raise Forbidden("not_rated_department", _("只有被评价的部门可以办理此操作"))


def _require_not_overturned(rating: Rating) -> None:
    if rating.status == RatingStatus.OVERTURNED:
        raise Conflict("overturned", _("该评价已经复核撤销，无需整改"))


def _attach(actor: Actor, rect: Rectification, stage: str, files: Sequence[Any]) -> list[str]:
    """Store a rectification move's files in its transaction; the names go into its audit row."""
    from zonedesk.appeals.services.appeals import store_attachments

    stored = store_attachments(actor, rect.zone_id, files) if files else []
    for f in stored:
        RectificationAttachment.objects.create(zone_id=rect.zone_id, rectification=rect, stage=stage,
                                               stored_file=f)
    return [f.name for f in stored]


def rectification_reply(*, actor: Actor, rating_id: int, reply: str,
                        files: Sequence[Any] = ()) -> Rectification:
    """The rated department replies to the enterprise with what it corrected."""
    reply = (reply or "").strip()
    if not reply:
        raise ValidationFailed({"reply": _("请填写整改答复")})
    with transaction.atomic():
        rating = _locked_rating(actor, rating_id)
        _require_rated_department(actor, rating)
        _require_not_overturned(rating)
        rect = Rectification.objects.filter(rating=rating).first()
        if rect is None or rect.status != RectificationStatus.OPEN:
            raise Conflict("wrong_state", _("该评价没有待答复的整改"))
        rect.reply, rect.replied_at = reply, timezone.now()
        rect.replied_on_time = timezone.localtime(rect.replied_at).date() <= rect.due_on
        rect.replied_by_display = actor.display
        rect.status = RectificationStatus.REPLIED
        rect.save()
        names = _attach(actor, rect, RectificationAttachment.Stage.REPLY, files)
        audit_record(actor=actor, action="rating.rectification_reply", obj=rating,
                     after={"reply": reply, **({"attachments": names} if names else {})})
    return rect


def rectification_visit(*, actor: Actor, rating_id: int, note: str,
                        files: Sequence[Any] = ()) -> Rectification:
    """The window's return visit after the reply; the enterprise may then rate again."""
    note = (note or "").strip()
    if not note:
        raise ValidationFailed({"note": _("请填写回访情况")})
    with transaction.atomic():
        rating = _locked_rating(actor, rating_id)
        if not (actor.user and actor.user.has_role(Role.WINDOW_CLERK)):
            raise Forbidden("not_window", _("只有综合窗口可以回访"))
        _require_not_overturned(rating)
        rect = Rectification.objects.filter(rating=rating).first()
        if rect is None or rect.status != RectificationStatus.REPLIED:
            raise Conflict("wrong_state", _("整改尚未答复，不能回访"))
        rect.visit_note, rect.visited_at = note, timezone.now()
        rect.status = RectificationStatus.DONE
        rect.save()
        names = _attach(actor, rect, RectificationAttachment.Stage.VISIT, files)
        audit_record(actor=actor, action="rating.rectification_visit", obj=rating,
                     after={"note": note, **({"attachments": names} if names else {})})
    return rect


def rating_rerate(*, actor: Actor, rating_id: int, level: str, tags: Sequence[str] = (),
                  comment: str = "") -> Rating:
    """After the rectification's return visit the enterprise may revise its rating, once.
    It stays one rating per case; the first level is kept beside the revised one."""

    level, tags, comment = _clean(level, tags, comment)
    with transaction.atomic():
        rating = _locked_rating(actor, rating_id)
        actor = _rater(actor, rating.enterprise_id, rating.kind)
        rect = Rectification.objects.filter(rating=rating).first()
        if rect is None or rect.status != RectificationStatus.DONE:
            raise Conflict("not_rectified", _("整改回访完成后才能重新评价"))
        if rating.rerated_at is not None:
            raise Conflict("already_rerated", _("整改后已重新评价过，不能再次修改"))
        before = snapshot(rating, list(RATED))
        before_share = summary.rating_share(rating)
        rating.level, rating.tags, rating.comment = level, tags, comment
        rating.rerated_at = timezone.now()
        rating.version += 1
        rating.save()
        summary.rating_moved(before_share, rating)
        audit_record(actor=actor, action="rating.rerate", obj=rating, before=before,
                     after=snapshot(rating, list(RATED)))
    return rating


def rating_review_request(*, actor: Actor, rating_id: int, reason: str) -> RatingReview:
    """申诉复核: the rated department appeals a rating it believes wrong or malicious."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed({"reason": _("请填写申诉理由")})
    with transaction.atomic():
        rating = _locked_rating(actor, rating_id)
        _require_rated_department(actor, rating)
        if RatingReview.objects.filter(rating=rating).exists():
            raise Conflict("already_reviewed", _("该评价已申诉过，不能重复申诉"))
        review = RatingReview.objects.create(zone_id=rating.zone_id, rating=rating,
                                             department_id=actor.user.department_id,
                                             reason=reason, raised_by_display=actor.display,
                                             raised_at=timezone.now())
        before = snapshot(rating, list(RATED))
        rating.status = RatingStatus.UNDER_REVIEW
        rating.version += 1
        rating.save()
        audit_record(actor=actor, action="rating.review_request", obj=rating, before=before,
                     after={**snapshot(rating, list(RATED)), "reason": reason})
    return review


def rating_review_decide(*, actor: Actor, rating_id: int, overturn: bool, note: str) -> RatingReview:
    """A leader decides the appeal; the decision stays with the rating. An overturned rating
    is no longer valid: it leaves 满意率 (and its open rectification is moot)."""
    note = (note or "").strip()
    if not note:
        raise ValidationFailed({"note": _("请填写复核意见")})
    with transaction.atomic():
        rating = _locked_rating(actor, rating_id)
        if not (actor.user and actor.user.has_role(Role.LEADER)):
            raise Forbidden("not_leader", _("申诉复核由管委会领导决定"))
        review = RatingReview.objects.select_for_update().filter(rating=rating).first()
        if review is None or review.decision != ReviewDecision.PENDING:
            raise Conflict("wrong_state", _("该评价没有待复核的申诉"))
        review.decision = ReviewDecision.OVERTURNED if overturn else ReviewDecision.UPHELD
        review.decision_note, review.decided_at = note, timezone.now()
        review.decided_by_display = actor.display
        review.save()
        before = snapshot(rating, list(RATED))
        before_share = summary.rating_share(rating)
        rating.status = RatingStatus.OVERTURNED if overturn else RatingStatus.VALID
        rating.version += 1
        rating.save()
        summary.rating_moved(before_share, rating)  # an overturned rating leaves the 满意率
        audit_record(actor=actor, action="rating.review_decide", obj=rating, before=before,
                     after={**snapshot(rating, list(RATED)), "decision": review.decision, "note": note})
    return review
