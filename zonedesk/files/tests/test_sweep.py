from __future__ import annotations

import io
import os
import time

import pytest
from django.core.management import call_command

from zonedesk.files.services import file_store
from zonedesk.files.tests import samples

pytestmark = pytest.mark.django_db


def test_sweep_removes_only_old_orphans(actor_for, demo_user, tmp_storage):
    stored = file_store(actor=actor_for("enterprise"), zone_id=demo_user("enterprise").zone_id,
                        upload=("a.pdf", samples.PDF))
    orphan_old = tmp_storage / "1" / "ab" / "old.pdf"
    orphan_new = tmp_storage / "1" / "ab" / "new.pdf"
    for p in (orphan_old, orphan_new):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(samples.PDF)
    past = time.time() - 3 * 86400
    os.utime(orphan_old, (past, past))
    os.utime(tmp_storage / stored.storage_name, (past, past))

    out = io.StringIO()
    call_command("files_sweep", "--dry-run", stdout=out)
    assert "将删除 1 个" in out.getvalue() and orphan_old.exists()
    call_command("files_sweep", stdout=io.StringIO())
    assert not orphan_old.exists()
    assert orphan_new.exists()  # its transaction may still be open
    assert (tmp_storage / stored.storage_name).exists()  # a row names it
