"""The shared import flow above settings.IMPORT_BACKGROUND_ROWS: the check and the confirmation
run in the worker (the immediate backend in tests, on commit), the batch page shows queued /
running / done and polls, the API returns the status; a worker's run can be repeated (a
worker that died, a job enqueued twice) without writing anything twice; the imports sweep
deletes old batches (audited) and re-queues batches whose worker died."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from zonedesk.audit.models import AuditRecord
from zonedesk.core.import_tasks import import_batch_work, imports_sweep
from zonedesk.core.models import ImportBatch
from zonedesk.core.register_import import import_check, import_confirm
from zonedesk.enterprises.models import Enterprise
from zonedesk.enterprises.tests.support import workbook
from zonedesk.testing.audit import after_commit_work
from zonedesk.testing.factories import new_credit_code

pytestmark = pytest.mark.django_db

HEAD = ["统一社会信用代码", "企业名称", "法定代表人", "行业代码"]


@pytest.fixture(autouse=True)
def small_threshold(settings) -> None:
    settings.IMPORT_BACKGROUND_ROWS = 2
    # A checkpoint adds its own on-commit callback at every N-th audit row; off here.
    settings.AUDIT_CHECKPOINT_EVERY = 0


def register(n: int) -> tuple[list[str], bytes]:
    codes = [new_credit_code() for _ in range(n)]
    rows = [HEAD, *([c, f"后台导入{i}有限公司", "甲", "C30"] for i, c in enumerate(codes))]
    return codes, workbook({"企业": rows})


def test_a_large_file_is_checked_and_written_by_the_worker(
    actor_for, django_capture_on_commit_callbacks
) -> None:
    window = actor_for("window")
    codes, content = register(3)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = import_check(actor=window, kind="enterprises", file_name="big.xlsx", content=content)
    # read (so a wrong header would be refused at once) but not yet checked
    work = after_commit_work(queued)
    assert (batch.status, batch.phase, batch.total_rows, len(work)) == ("queued", "check", 3, 1)
    after_commit_work(queued)[0]()  # the worker's turn
    batch.refresh_from_db()
    assert (batch.status, batch.report) == ("checked", [])
    assert [r["action"] for r in batch.rows] == ["create"] * 3
    assert not Enterprise.objects.filter(credit_code__in=codes).exists()  # the check wrote nothing
    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = import_confirm(actor=window, batch_id=batch.pk)
    assert (batch.status, batch.phase) == ("queued", "confirm")
    assert not Enterprise.objects.filter(credit_code__in=codes).exists()
    after_commit_work(queued)[0]()
    batch.refresh_from_db()
    assert (batch.status, batch.result) == ("imported", {"created": 3, "updated": 0, "unchanged": 0})
    assert Enterprise.objects.filter(credit_code__in=codes).count() == 3
    # the job run again (enqueued twice, or re-queued by the sweep): nothing more is written
    audits = AuditRecord.objects.count()
    assert import_batch_work(batch_id=batch.pk, user_id=window.user.pk, ip=None) == "nothing to do"
    assert (Enterprise.objects.filter(credit_code__in=codes).count(), AuditRecord.objects.count()) == (
        3,
        audits,
    )


def test_a_worker_that_died_while_running_leaves_nothing_and_the_rerun_finishes(
    actor_for, django_capture_on_commit_callbacks
) -> None:
    window = actor_for("window")
    codes, content = register(3)
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_check(actor=window, kind="enterprises", file_name="big.xlsx", content=content)
    with django_capture_on_commit_callbacks(execute=False):
        import_confirm(actor=window, batch_id=batch.pk)
    # Given a worker took the batch and died: the status it committed is RUNNING, its writes
    # were never committed
    ImportBatch.objects.filter(pk=batch.pk).update(
        status="running", started_at=timezone.now() - dt.timedelta(hours=1)
    )
    # When the sweep runs, it hands the batch to the worker again
    with django_capture_on_commit_callbacks(execute=True):
        said = imports_sweep()
    assert "重新排队 1 个" in said
    batch.refresh_from_db()
    assert batch.status == "imported"
    assert Enterprise.objects.filter(credit_code__in=codes).count() == 3


def test_a_failing_confirmation_reopens_the_batch_with_the_reason(
    actor_for, django_capture_on_commit_callbacks
) -> None:
    window = actor_for("window")
    codes, content = register(3)
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_check(actor=window, kind="enterprises", file_name="big.xlsx", content=content)
    # Given the third enterprise is registered (under another name) by someone else first,
    # with a code of the same enterprise written in another case is no conflict; an industry
    # that disappeared is
    from zonedesk.enterprises.models import Industry

    Industry.objects.filter(code="30").update(code="X30")
    with django_capture_on_commit_callbacks(execute=True):
        import_confirm(actor=window, batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == "checked"
    assert "本次未写入任何数据" in batch.result["error"]
    assert not Enterprise.objects.filter(credit_code__in=codes).exists()


def test_the_page_polls_while_queued_and_reloads_when_done(
    login_client, django_capture_on_commit_callbacks
) -> None:
    client = login_client("window")
    _codes, content = register(3)
    upload = io.BytesIO(content)
    upload.name = "big.xlsx"
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("imports:upload", args=["enterprises"]), {"file": upload})
    batch = ImportBatch.objects.latest("pk")
    page = client.get(response["Location"]).content.decode()
    assert "排队中" in page and 'hx-trigger="every 2s"' in page
    poll = reverse("imports:batch", args=[batch.pk]) + "?poll=1"
    fragment = client.get(poll, headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "正在后台校验" in fragment.content.decode()
    api = client.get(f"/api/imports/batches/{batch.pk}")
    assert (api.json()["status"], api.json()["phase"], api.json()["total_rows"]) == ("queued", "check", 3)
    after_commit_work(queued)[0]()
    done = client.get(poll, headers={"HX-Request": "true"})
    assert (done.status_code, done["HX-Refresh"]) == (204, "true")
    page = client.get(response["Location"]).content.decode()
    assert "every 2s" not in page and "import-confirm" in page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("imports:decide", args=[batch.pk]), {"action": "confirm"}, follow=True)
    assert "已转入后台导入" in response.content.decode()
    api = client.post(f"/api/imports/batches/{batch.pk}/confirm")
    assert api.status_code == 409  # already queued: not confirmable twice
    after_commit_work(queued)[0]()
    assert client.get(f"/api/imports/batches/{batch.pk}").json()["result"]["created"] == 3


def test_the_sweep_deletes_batches_past_retention_audited(actor_for, settings) -> None:
    settings.IMPORT_RETENTION_DAYS = 30
    user = actor_for("window").user
    old = ImportBatch.objects.create(
        zone_id=user.zone_id, kind="enterprises", created_by=user, file_name="o.xlsx"
    )
    new = ImportBatch.objects.create(
        zone_id=user.zone_id, kind="enterprises", created_by=user, file_name="n.xlsx"
    )
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    said = imports_sweep()
    assert "删除过期导入批次 1 个" in said
    assert list(ImportBatch.objects.filter(pk__in=[old.pk, new.pk]).values_list("pk", flat=True)) == [new.pk]
    record = AuditRecord.objects.filter(action="import.prune").latest("id")
    assert (record.object_id, record.before) == (str(old.pk), {"kind": "enterprises", "status": "checked"})
