"""The overdue-补正 sweep: a 补正 whose deadline for the applicant passed unanswered is told
once to the applicant and to the item's department, whatever the number of runs and batches."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from zonedesk.approvals import services
from zonedesk.approvals.models import ItemState, Pause
from zonedesk.approvals.tests.conftest import lead_of, new_project, reviewer_of, run_stage
from zonedesk.audit.models import AuditRecord
from zonedesk.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_overdue_supplements_are_told_once_to_the_applicant_and_the_department(
    django_capture_on_commit_callbacks,
) -> None:
    with freeze_time("2026-03-02 09:00+08:00"):
        app = run_stage(new_project(["XX-81"]), "land", finish=False)
        items = list(app.items.filter(state=ItemState.IN_REVIEW).order_by("pk"))[:3]
        for ai in items:
            services.item_request_supplement(actor=reviewer_of(ai), item_id=ai.pk, reason="请补充材料",
                                             material_type_ids=[])
        services.stage_notice_issue(actor=lead_of(app), application_id=app.pk)
    pauses = list(Pause.objects.filter(application_item__in=items, end__isnull=True).order_by("pk"))
    assert len(pauses) == 3 and all(p.due_on for p in pauses)
    due = pauses[0].due_on
    assert due is not None
    # The lowest id is not overdue yet: it must neither be told nor end the sweep early.
    Pause.objects.filter(pk=pauses[0].pk).update(due_on=due + dt.timedelta(days=30))
    day = due + dt.timedelta(days=1)
    assert not Pause.objects.filter(pk__in=[p.pk for p in pauses], overdue_warned=True).exists()

    with django_capture_on_commit_callbacks(execute=True):
        told = services.supplements_overdue(today=day, batch=1)  # one pause per batch
    assert told >= 2
    assert not Pause.objects.filter(end__isnull=True, overdue_warned=False, due_on__lt=day).exists()
    assert dict(Pause.objects.filter(pk__in=[p.pk for p in pauses]).values_list("pk", "overdue_warned")) == {
        pauses[0].pk: False, pauses[1].pk: True, pauses[2].pk: True}
    for ai in items[1:]:
        sent = Message.objects.filter(event="item.supplement_overdue",
                                      object_key=f"approvals.applicationitem:{ai.pk}")
        people = {m.recipient.username for m in sent}
        reviewer = reviewer_of(ai).user
        assert reviewer is not None
        assert "enterprise" in people and reviewer.username in people
        assert all(m.urgent and due.isoformat() in m.body and ai.item.name in m.title for m in sent)
    assert not Message.objects.filter(event="item.supplement_overdue",
                                      object_key=f"approvals.applicationitem:{items[0].pk}").exists()
    record = AuditRecord.objects.filter(action="approvals.item.supplement_overdue").latest("pk")
    warned = {p.application_item_id for p in Pause.objects.filter(overdue_warned=True)}
    assert set(record.after["items"]) <= warned
    # A second run, and the scheduled command, tell nobody again.
    before = Message.objects.filter(event="item.supplement_overdue").count()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.supplements_overdue(today=day) == 0
        out = StringIO()
        call_command("approvals_sweep", "--today", day.isoformat(), stdout=out)
    assert "补正逾期提醒 0 个事项" in out.getvalue()
    assert Message.objects.filter(event="item.supplement_overdue").count() == before
