"""The appeal and rating forms: every mistake at once, choices kept after an error, a phone with
letters refused, and confirmations that say what happened and what comes next."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zonedesk.appeals.models import Rating
from zonedesk.appeals.rules import phone_ok
from zonedesk.appeals.tests.test_ratings import _rate, _visited

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(("phone", "ok"), [
    ("13800000000", True), ("0421-6822000", True), ("+86 138 0000 0000", True), ("(0421) 6822000", True),
    ("abc123", False), ("138000", False), ("1380000000012345", False), ("138-abc-0000", False),
    ("86+13800000000", False), ("１３８００００００００", False),
])
def test_phone_rule(phone, ok):
    assert phone_ok(phone) is ok


def test_the_appeal_form_shows_every_mistake_at_once_keeps_values_and_writes_nothing(client, kit, counts):
    client.force_login(kit.ent_user.user)
    before = counts()
    page = client.post(reverse("appeals:create"), {"category": "", "title": "", "description": "路灯不亮",
                                                   "contact_name": "张三", "contact_phone": "abc123"})
    assert page.status_code == 200 and counts() == before
    html = page.content.decode()
    for message in ("请选择诉求类别", "请填写诉求标题", "联系电话应为 7 到 15 位数字"):
        assert message in html
    assert "路灯不亮" in html and 'value="张三"' in html


def test_a_bad_rating_without_a_reason_keeps_its_level_and_tags(client, kit, counts):
    a = _visited(kit)
    client.force_login(kit.ent_user.user)
    before = counts()
    page = client.post(reverse("appeals:act", args=[a.pk, "rate"]),
                       {"level": "unsatisfied", "tags": ["态度不好", "多次跑动"], "comment": ""})
    assert page.status_code == 200 and counts() == before
    html = page.content.decode()
    assert "差评请说明原因" in html
    assert re.search(r'<input[^>]*value="unsatisfied"[^>]*checked', html)
    checked = re.findall(r'<input[^>]*name="tags"[^>]*value="([^"]+)"[^>]*checked', html)
    assert sorted(checked) == ["多次跑动", "态度不好"]
    # Completed, the same form saves and the confirmation says what follows.
    done = client.post(reverse("appeals:act", args=[a.pk, "rate"]),
                       {"level": "unsatisfied", "tags": ["态度不好"], "comment": "跑了三次"}, follow=True)
    assert Rating.objects.get(kind="appeal", case_id=a.pk).tags == ["态度不好"]
    assert done.status_code == 200


def test_the_review_and_its_decision_confirm_what_happened_and_what_comes_next(client, kit):
    rating = _rate(kit, _visited(kit), "unsatisfied")
    client.force_login(kit.r1.user)
    page = client.post(reverse("appeals:rating_act", args=[rating.pk, "review"]), {"text": "企业材料原因"},
                       follow=True)
    assert "等待管委会领导复核" in _messages(page) and "已保存" not in _messages(page)
    client.force_login(kit.leader.user)
    page = client.post(reverse("appeals:rating_act", args=[rating.pk, "decide"]),
                       {"text": "核实属实", "overturn": "0"}, follow=True)
    assert "维持原评价" in _messages(page)


def test_a_refused_review_decision_keeps_the_radio_choice_and_the_text(client, kit, counts):
    from zonedesk.appeals import services

    rating = _rate(kit, _visited(kit), "unsatisfied")
    services.rating_review_request(actor=kit.r1, rating_id=rating.pk, reason="企业材料原因")
    client.force_login(kit.leader.user)
    before = counts()
    # "撤销" chosen, the opinion left empty: refused, shown again with the choice still made.
    page = client.post(reverse("appeals:rating_act", args=[rating.pk, "decide"]),
                       {"text": "", "overturn": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and counts() == before and "请填写复核意见" in html
    assert re.search(r'<input[^>]*name="overturn" value="1"[^>]*checked', html)
    assert not re.search(r'<input[^>]*name="overturn" value="0"[^>]*checked', html)
    assert 'aria-describedby="t-decide-error"' in html
    rating.review.refresh_from_db()
    assert rating.review.decision == "pending"


def test_a_rerating_refused_keeps_the_choice(client, kit):
    from zonedesk.appeals import services

    rating = _rate(kit, _visited(kit), "very_unsatisfied")
    services.rectification_reply(actor=kit.r1, rating_id=rating.pk, reply="已整改")
    client.force_login(kit.window.user)
    page = client.post(reverse("appeals:rating_act", args=[rating.pk, "visit"]), {"text": "企业认可"},
                       follow=True)
    assert "企业可以重新评价一次" in _messages(page)
    client.force_login(kit.ent_user.user)
    page = client.post(reverse("appeals:rating_act", args=[rating.pk, "rerate"]),
                       {"level": "very_unsatisfied", "tags": ["问题未解决"], "comment": ""})
    html = page.content.decode()
    assert page.status_code == 200 and "差评请说明原因" in html
    assert re.search(r'<input[^>]*value="very_unsatisfied"[^>]*checked', html)
    assert re.search(r'<input[^>]*value="问题未解决"[^>]*checked', html)


def test_the_rating_todo_is_not_overdue_because_the_answer_deadline_passed(kit):
    import datetime as dt

    from freezegun import freeze_time

    from zonedesk.organisation.workbench import todo_registry

    a = _visited(kit)
    with freeze_time(dt.datetime.now(dt.UTC) + dt.timedelta(days=60)):
        todos = [t for t in todo_registry.for_user(kit.ent_user.user) if t.kind == "appeal_rate"]
    assert [(t.state, t.due) for t in todos if a.number in t.title] == [("running", None)]
