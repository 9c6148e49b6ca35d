"""好差评: one rating per case, who may rate, rectification, re-rating and 申诉复核."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from zonedesk.appeals import services
from zonedesk.appeals.models import Rating, RatingStatus, Rectification, Status
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.rateable import RateableCase, rateable_registry

pytestmark = pytest.mark.django_db


def _visited(kit):
    a = services.appeal_raise(actor=kit.ent_user, enterprise_id=kit.ent.pk,
                              category_id=kit.cat["general"].pk, title="路灯不亮", description="一周不亮")
    services.appeal_accept(actor=kit.window, appeal_id=a.pk)
    services.appeal_dispatch(actor=kit.window, appeal_id=a.pk, lead_department_id=kit.d1.pk,
                             co_department_ids=[kit.d2.pk])
    services.appeal_sign(actor=kit.r1, appeal_id=a.pk)
    services.appeal_reply(actor=kit.r1, appeal_id=a.pk, reply="已修复")
    services.appeal_visit(actor=kit.window, appeal_id=a.pk, note="已回访")
    return a


def _rate(kit, a, level="unsatisfied", actor=None, comment="没有解决"):
    return services.rating_create(actor=actor or kit.ent_user, kind="appeal", case_id=a.pk, level=level,
                                  comment=comment)


def test_one_rating_per_case_a_second_is_refused_and_changes_nothing(kit, counts):
    a = _visited(kit)
    rating = _rate(kit, a, "satisfied", comment="")
    assert set(rating.departments.values_list("pk", flat=True)) == {kit.d1.pk, kit.d2.pk}
    before = counts()
    with pytest.raises(Conflict) as exc:
        _rate(kit, a, "very_unsatisfied")
    assert exc.value.code == "already_rated" and "一事一评" in exc.value.message
    assert counts() == before
    assert Rating.objects.get(pk=rating.pk).level == "satisfied"


def test_the_database_also_refuses_a_second_rating(kit):
    from django.db import IntegrityError, transaction

    rating = _rate(kit, _visited(kit), "satisfied", comment="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(zone=rating.zone, kind="appeal", case_id=rating.case_id, case_title="x",
                              case_url="/", enterprise=rating.enterprise, level="basic", first_level="basic",
                              rated_by=rating.rated_by, rated_by_display="x", rated_at=rating.rated_at)


def test_rating_someone_elses_case_is_not_found_and_changes_nothing(kit, counts):
    a = _visited(kit)
    before = counts()
    with pytest.raises(NotFound):
        _rate(kit, a, actor=kit.other_user)
    with pytest.raises(NotFound):  # staff see the case but are not its enterprise
        _rate(kit, a, actor=kit.window)
    assert counts() == before


def test_an_unfinished_case_or_a_bad_level_cannot_be_rated(kit, counts):
    a = services.appeal_raise(actor=kit.ent_user, enterprise_id=kit.ent.pk,
                              category_id=kit.cat["general"].pk, title="t", description="d")
    before = counts()
    with pytest.raises(Conflict) as exc:
        _rate(kit, a, "satisfied")
    assert exc.value.code == "not_completed"
    b = _visited(kit)
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        _rate(kit, b, "excellent")
    assert "level" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        _rate(kit, b, "unsatisfied", comment="")
    assert "comment" in exc.value.errors
    with pytest.raises(ValidationFailed):
        services.rating_create(actor=kit.ent_user, kind="appeal", case_id=b.pk, level="satisfied",
                               tags=["<script>"])
    assert counts() == before


def test_a_bad_rating_opens_a_rectification_reply_visit_then_one_rerating(kit, counts):
    with freeze_time("2026-03-02 10:00:00+08:00"):
        a = _visited(kit)
        rating = _rate(kit, a, "very_unsatisfied")
    a.refresh_from_db()
    assert a.status == Status.CLOSED
    rect = Rectification.objects.get(rating=rating)
    assert rect.limit_days == 15 and rect.due_on == dt.date(2026, 3, 23)  # 15 working days
    before = counts()
    with pytest.raises(Conflict):  # not before the reply and the visit
        services.rating_rerate(actor=kit.ent_user, rating_id=rating.pk, level="satisfied")
    with pytest.raises(Forbidden):  # the window does not answer for the department
        services.rectification_reply(actor=kit.window, rating_id=rating.pk, reply="整改")
    with pytest.raises(Conflict):  # no visit before the reply
        services.rectification_visit(actor=kit.window, rating_id=rating.pk, note="回访")
    assert counts() == before
    services.rectification_reply(actor=kit.r1, rating_id=rating.pk, reply="已建立预约制度")
    services.rectification_visit(actor=kit.window, rating_id=rating.pk, note="企业认可")
    services.rating_rerate(actor=kit.ent_user, rating_id=rating.pk, level="satisfied", comment="整改好")
    rating.refresh_from_db()
    assert (rating.first_level, rating.level) == ("very_unsatisfied", "satisfied")
    with pytest.raises(Conflict) as exc:
        services.rating_rerate(actor=kit.ent_user, rating_id=rating.pk, level="very_satisfied")
    assert exc.value.code == "already_rerated"


def test_the_department_appeals_a_rating_and_a_leader_decides(kit, counts):
    rating = _rate(kit, _visited(kit), "unsatisfied")
    before = counts()
    with pytest.raises(ValidationFailed):
        services.rating_review_request(actor=kit.r1, rating_id=rating.pk, reason="")
    with pytest.raises(Forbidden):
        services.rating_review_request(actor=kit.window, rating_id=rating.pk, reason="不实")
    assert counts() == before
    services.rating_review_request(actor=kit.r1, rating_id=rating.pk, reason="企业材料原因")
    assert Rating.objects.get(pk=rating.pk).status == RatingStatus.UNDER_REVIEW
    with pytest.raises(Conflict):
        services.rating_review_request(actor=kit.r2, rating_id=rating.pk, reason="再申诉")
    before = counts()
    with pytest.raises(Forbidden):  # the department does not decide its own appeal
        services.rating_review_decide(actor=kit.r1, rating_id=rating.pk, overturn=True, note="撤销")
    assert counts() == before
    services.rating_review_decide(actor=kit.leader, rating_id=rating.pk, overturn=True, note="核实不实")
    rating.refresh_from_db()
    assert rating.status == RatingStatus.OVERTURNED
    assert rating.review.decision == "overturned" and rating.review.decided_by_display
    with pytest.raises(Conflict):
        services.rating_review_decide(actor=kit.leader, rating_id=rating.pk, overturn=False, note="改")
    # The rectification the rating opened is moot: not on the department's list, not answerable.
    from zonedesk.organisation.workbench import todo_registry

    assert not any(t.kind == "rectification" for t in todo_registry.for_user(kit.r1.user))
    with pytest.raises(Conflict) as exc:
        services.rectification_reply(actor=kit.r1, rating_id=rating.pk, reply="整改")
    assert exc.value.code == "overturned"


def test_completed_approval_applications_are_rated_through_the_registry(kit, counts):
    """The approvals app registers "application"; here a stand-in finder proves the path."""
    finders = dict(rateable_registry.finders)
    state = {"completed": False}

    def finder(user, case_id):
        if user.enterprise_id != kit.ent.pk:
            return None
        return RateableCase("application", case_id, kit.zone.pk, kit.ent.pk, (kit.d1.pk,), "施工许可申请",
                            state["completed"], None, "/approvals/1/")

    rateable_registry.finders["application"] = finder
    try:
        before = counts()
        with pytest.raises(Conflict):
            services.rating_create(actor=kit.ent_user, kind="application", case_id=991, level="satisfied")
        with pytest.raises(NotFound):
            services.rating_create(actor=kit.other_user, kind="application", case_id=991, level="satisfied")
        assert counts() == before
        state["completed"] = True
        r = services.rating_create(actor=kit.ent_user, kind="application", case_id=991, level="basic")
        assert r.kind == "application" and list(r.departments.values_list("pk", flat=True)) == [kit.d1.pk]
        with pytest.raises(Conflict):
            services.rating_create(actor=kit.ent_user, kind="application", case_id=991, level="basic")
    finally:
        rateable_registry.finders.clear()
        rateable_registry.finders.update(finders)
