"""The keyed chain and its signed checkpoints against an attacker with database access.

Each tampering of issue 16 is detected and *named* (the break's kind): a cut tail with the
head rewound, a rewrite re-hashed to the end, a deletion in the middle and an edited
checkpoint; plus key rotation, the prune's signed anchor and the offline kit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from zonedesk.audit.chain import record_hash, sm3_hex
from zonedesk.audit.checkpoints import checkpoint_all
from zonedesk.audit.models import AuditRecord
from zonedesk.audit.selectors import audit_chain_verify
from zonedesk.audit.services import audit_prune

from .support import (
    SYSTEM,
    chain_key,
    fresh_zone_chain,
    head,
    sql_delete,
    sql_update,
    triggers_off,
    verify_fails,
    verify_ok,
    write,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path: Path) -> Path:
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    return tmp_path / "checkpoints.jsonl"


def kinds(zone) -> list[str]:
    return [b.kind for key, b in audit_chain_verify() if key == chain_key(zone)]


def rewind_head(zone, seq: int, digest: str) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditchain SET last_seq = %s, last_hash = %s WHERE key = %s",
                       [seq, digest, chain_key(zone)])


def rechain_from(records: list[AuditRecord], start: int, make_hash) -> None:
    """Re-make the MAC of records[start:] (and the head) as a forger would."""
    prev = records[start].prev_hash
    for r in records[start:]:
        r.refresh_from_db()
        digest = make_hash(r.content(), prev)
        sql_update(r, "prev_hash", prev)
        sql_update(r, "hash", digest)
        prev = digest
    rewind_head(records[0].zone, records[-1].seq, prev)


class TestTheFourTamperings:
    def test_truncation_at_the_end_with_the_head_rewound_is_named_truncated(self) -> None:
        # Given 5 records and a signed checkpoint of the head
        zone, records = fresh_zone_chain(5)
        checkpoint_all()
        # When the newest record is deleted and the head rewound onto record 4
        sql_delete(records[4])
        rewind_head(zone, 4, records[3].hash)
        # Then the chain alone looks whole, but the checkpoint names the cut
        message = verify_fails()
        assert f"audit chain {chain_key(zone)} broken at record 5: [truncated]" in message
        assert "检查点记载到第 5 条" in message

    def test_rewrite_and_rehash_without_the_key_is_named_rewritten(self) -> None:
        zone, records = fresh_zone_chain(5)
        sql_update(records[1], "actor_name", "某领导")
        # The forger re-hashes from the edit to the end with the old unkeyed SM3 and fixes the head
        rechain_from(records, 1, lambda c, p: sm3_hex(p.encode() + b"\n" + json.dumps(c).encode()))
        assert kinds(zone) == ["rewritten"]
        assert "broken at record 2: [rewritten]" in verify_fails()

    def test_rewrite_and_rehash_by_someone_holding_the_key_is_caught_by_the_checkpoint(
            self, settings) -> None:
        zone, records = fresh_zone_chain(5)
        checkpoint_all()
        sql_update(records[1], "actor_name", "某领导")
        key = settings.AUDIT_KEYS[settings.AUDIT_KEY_ID]
        rechain_from(records, 1, lambda c, p: record_hash(c, p, key))
        assert kinds(zone) == ["checkpoint_mismatch"]
        assert "broken at record 5: [checkpoint_mismatch]" in verify_fails()

    def test_deletion_in_the_middle_is_named_missing(self) -> None:
        zone, records = fresh_zone_chain(5)
        sql_delete(records[2])
        assert kinds(zone) == ["missing"]
        assert "broken at record 3: [missing]" in verify_fails()

    def test_an_edited_checkpoint_is_named_checkpoint_forged(self, checkpoint_file: Path) -> None:
        # Given a truncated chain whose attacker also edits the checkpoint to match
        zone, records = fresh_zone_chain(5)
        checkpoint_all()
        sql_delete(records[4])
        rewind_head(zone, 4, records[3].hash)
        lines = checkpoint_file.read_text().splitlines()
        edited = []
        for line in lines:
            cp = json.loads(line)
            if cp["chain"] == chain_key(zone):
                cp.update(seq=4, hash=records[3].hash)
            edited.append(json.dumps(cp))
        checkpoint_file.write_text("\n".join(edited) + "\n")
        # Then the edit itself is named
        assert kinds(zone) == ["checkpoint_forged"]
        assert "[checkpoint_forged]" in verify_fails()

    def test_a_garbled_checkpoint_line_is_reported(self, checkpoint_file: Path) -> None:
        fresh_zone_chain(2)
        checkpoint_all()
        with checkpoint_file.open("a") as fh:
            fh.write("{not json\n")
        assert "[checkpoint_forged]" in verify_fails()

    def test_an_intact_chain_with_checkpoints_verifies(self) -> None:
        zone, _ = fresh_zone_chain(3)
        checkpoint_all()
        write(zone, i=4)
        checkpoint_all()
        write(zone, i=5)
        assert kinds(zone) == []
        verify_ok()


class TestCheckpoints:
    def test_a_checkpoint_is_written_every_n_records_after_commit(
            self, settings, checkpoint_file: Path, django_capture_on_commit_callbacks) -> None:
        settings.AUDIT_CHECKPOINT_EVERY = 2
        zone, _ = fresh_zone_chain(0)
        with django_capture_on_commit_callbacks(execute=True):
            for i in range(1, 6):
                write(zone, i=i)
        mine = [json.loads(line) for line in checkpoint_file.read_text().splitlines()]
        mine = [cp for cp in mine if cp["chain"] == chain_key(zone)]
        assert [cp["seq"] for cp in mine] == [2, 4]
        assert all(cp["key_id"] == settings.AUDIT_KEY_ID and len(cp["mac"]) == 64 for cp in mine)

    def test_checkpoints_go_to_the_syslog_logger_too(self, caplog) -> None:
        zone, _ = fresh_zone_chain(1)
        with caplog.at_level("INFO", logger="zonedesk.audit.checkpoint"):
            checkpoint_all()
        assert any(chain_key(zone) in r.getMessage() for r in caplog.records)

    def test_the_checkpoint_command_reports_what_it_wrote(self, checkpoint_file: Path) -> None:
        fresh_zone_chain(1)
        out = StringIO()
        call_command("audit_checkpoint", stdout=out)
        assert str(checkpoint_file) in out.getvalue()
        assert checkpoint_file.read_text().count("\n") >= 1


class TestPruneAndAnchor:
    def _old_and_new(self):
        zone, _ = fresh_zone_chain(0)
        with freeze_time(timezone.now() - timezone.timedelta(days=200)):
            for i in range(1, 4):
                write(zone, i=i)
        new = [write(zone, i=i) for i in (4, 5)]
        return zone, new

    def test_a_prune_signs_its_new_anchor_and_the_chain_verifies(
            self, django_capture_on_commit_callbacks) -> None:
        zone, _ = self._old_and_new()
        checkpoint_all()
        with django_capture_on_commit_callbacks(execute=True):
            audit_prune(actor=SYSTEM)
        assert head(zone).anchor_seq == 3
        assert kinds(zone) == []

    def test_deleting_old_records_by_hand_and_moving_the_anchor_is_named(self) -> None:
        zone, _ = self._old_and_new()
        checkpoint_all()
        old = list(AuditRecord.objects.filter(chain=chain_key(zone), seq__lte=3).order_by("seq"))
        for r in old:
            sql_delete(r)
        with triggers_off(), connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditchain SET anchor_seq = 3, anchor_hash = %s WHERE key = %s",
                           [old[-1].hash, chain_key(zone)])
        assert kinds(zone) == ["anchor_unsigned"]


class TestKeyRotation:
    def test_records_keep_their_key_id_and_verify_after_rotation(self, settings) -> None:
        zone, before = fresh_zone_chain(2)
        settings.AUDIT_KEYS = {**settings.AUDIT_KEYS, "k2": bytes.fromhex("42" * 32)}
        settings.AUDIT_KEY_ID = "k2"
        after = write(zone, i=3)
        assert before[0].key_id == "test-1"
        assert after.key_id == "k2"
        assert kinds(zone) == []

    def test_a_record_whose_key_left_the_ring_is_named(self, settings) -> None:
        zone, _ = fresh_zone_chain(1)
        settings.AUDIT_KEYS = {"k2": bytes.fromhex("42" * 32)}
        settings.AUDIT_KEY_ID = "k2"
        assert kinds(zone) == ["unknown_key"]


class TestOfflineKit:
    def _export(self, tmp_path: Path) -> Path:
        out = tmp_path / "kit"
        call_command("audit_export", str(out), stdout=StringIO())
        return out

    def _verify(self, kit: Path, keyfile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        # A bare interpreter: no Django settings, no database, not even the project on the path.
        env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
        return subprocess.run([sys.executable, "-I", str(kit / "verify_audit.py"), str(kit),
                               "--keys", str(keyfile), *extra], env=env, cwd=kit,
                              capture_output=True, text=True, timeout=120, check=False)

    def _keyfile(self, settings, tmp_path: Path) -> Path:
        path = tmp_path / "audit_keys"
        path.write_text("".join(f"{k}={v.hex()}\n" for k, v in settings.AUDIT_KEYS.items()))
        return path

    def test_an_exported_trail_verifies_offline_with_only_the_key(self, settings, tmp_path) -> None:
        fresh_zone_chain(3)
        checkpoint_all()
        kit = self._export(tmp_path)
        assert {p.name for p in kit.iterdir()} >= {"heads.json", "records", "checkpoints.jsonl",
                                                   "verify_audit.py", "README.txt"}
        done = self._verify(kit, self._keyfile(settings, tmp_path))
        assert done.returncode == 0, done.stderr
        assert "audit chain intact" in done.stdout

    def test_the_offline_verifier_names_a_cut_tail(self, settings, tmp_path) -> None:
        zone, records = fresh_zone_chain(4)
        checkpoint_all()
        sql_delete(records[3])
        rewind_head(zone, 3, records[2].hash)
        kit = self._export(tmp_path)
        done = self._verify(kit, self._keyfile(settings, tmp_path))
        assert done.returncode == 1
        assert f"审计链 {chain_key(zone)}: 第 4 条记录异常 [truncated]" in done.stderr

    def test_the_offline_verifier_names_an_edit_in_the_export(self, settings, tmp_path) -> None:
        zone, _ = fresh_zone_chain(3)
        kit = self._export(tmp_path)
        path = kit / "records" / f"{chain_key(zone)}.jsonl"
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        rows[1]["content"]["actor_name"] = "某领导"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        done = self._verify(kit, self._keyfile(settings, tmp_path))
        assert done.returncode == 1
        assert f"审计链 {chain_key(zone)}: 第 2 条记录异常 [rewritten]" in done.stderr

    def test_the_offline_verifier_fails_with_a_wrong_key(self, tmp_path) -> None:
        fresh_zone_chain(1)
        kit = self._export(tmp_path)
        wrong = tmp_path / "wrong"
        wrong.write_text("test-1=" + "00" * 32 + "\n")
        done = self._verify(kit, wrong)
        assert done.returncode == 1
        assert "[rewritten]" in done.stderr


def test_the_checkpoint_file_can_name_the_database(settings, tmp_path: Path) -> None:
    from django.db import connection

    from zonedesk.audit.checkpoints import checkpoint_path

    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "cp-{db}.jsonl")
    path = checkpoint_path()
    assert path is not None and path.parent == tmp_path
    assert "{db}" not in path.name and path.name.startswith("cp-") and path.name != "cp-.jsonl"
    other = {**connection.settings_dict, "NAME": "/srv/zd/zd_prod"}
    with mock.patch.object(connection, "settings_dict", other):
        assert checkpoint_path() == tmp_path / "cp-zd_prod.jsonl"
