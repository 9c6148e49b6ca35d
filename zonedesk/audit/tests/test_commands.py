"""audit_verify and audit_prune against tampering done directly in the database."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from zonedesk.audit.chain import record_hash
from zonedesk.audit.models import AuditChain, AuditRecord
from zonedesk.audit.services import GLOBAL_CHAIN, audit_prune
from zonedesk.core.errors import Conflict

from .support import (
    SYSTEM,
    broken_at,
    chain_key,
    fresh_zone_chain,
    head,
    seqs,
    sql_delete,
    sql_update,
    triggers_off,
    verify_fails,
    verify_ok,
    write,
)

pytestmark = pytest.mark.django_db


class TestVerify:
    def test_the_demo_database_verifies_intact(self) -> None:
        # Given the demo zone as loaded (every chain, both zones and the global one)
        assert AuditChain.objects.count() >= 3
        # When / then
        assert "audit chain intact" in verify_ok()

    def test_a_record_whose_after_was_edited_is_named(self) -> None:
        zone, records = fresh_zone_chain(5)
        sql_update(records[2], "after", {"n": 999})
        assert broken_at(zone, 3) in verify_fails()

    def test_a_record_whose_actor_name_was_edited_is_named(self) -> None:
        zone, records = fresh_zone_chain(5)
        sql_update(records[1], "actor_name", "某领导")
        message = verify_fails()
        assert broken_at(zone, 2) in message
        assert "HMAC-SM3" in message

    def test_a_record_whose_result_was_edited_is_named(self) -> None:
        zone, records = fresh_zone_chain(3)
        sql_update(records[0], "result", "denied")
        assert broken_at(zone, 1) in verify_fails()

    def test_a_record_edited_and_rehashed_with_the_key_is_caught_by_the_next_record(
            self, settings) -> None:
        # Even an insider holding the key who re-makes one record's MAC breaks the next link
        zone, records = fresh_zone_chain(4)
        forged = records[1]
        forged.actor_name = "某领导"
        sql_update(forged, "actor_name", "某领导")
        key = settings.AUDIT_KEYS[forged.key_id]
        sql_update(forged, "hash", record_hash(forged.content(), forged.prev_hash, key))
        assert broken_at(zone, 3) in verify_fails()

    def test_a_deleted_middle_record_is_named(self) -> None:
        zone, records = fresh_zone_chain(5)
        sql_delete(records[2])
        message = verify_fails()
        assert broken_at(zone, 3) in message
        assert "缺失" in message

    def test_a_deleted_last_record_is_named(self) -> None:
        zone, records = fresh_zone_chain(5)
        sql_delete(records[4])
        message = verify_fails()
        assert broken_at(zone, 5) in message
        assert "链尾" in message

    def test_a_deleted_first_record_is_named(self) -> None:
        zone, records = fresh_zone_chain(3)
        sql_delete(records[0])
        assert broken_at(zone, 1) in verify_fails()

    def test_the_only_record_of_a_chain_deleted_is_named(self) -> None:
        zone, records = fresh_zone_chain(1)
        sql_delete(records[0])
        assert broken_at(zone, 1) in verify_fails()

    def test_records_whose_chain_head_was_deleted_are_reported(self) -> None:
        zone, _ = fresh_zone_chain(2)
        with triggers_off(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditchain WHERE key = %s", [chain_key(zone)])
        assert broken_at(zone, 1) in verify_fails()

    def test_every_broken_chain_is_listed_on_stderr(self) -> None:
        zone_a, a = fresh_zone_chain(3)
        zone_b, b = fresh_zone_chain(3)
        sql_update(a[1], "actor_name", "x")
        sql_delete(b[2])
        err = StringIO()
        with pytest.raises(CommandError):
            call_command("audit_verify", stdout=StringIO(), stderr=err)
        assert f"审计链 {chain_key(zone_a)}: 第 2 条" in err.getvalue()
        assert f"审计链 {chain_key(zone_b)}: 第 3 条" in err.getvalue()

    def test_the_first_break_is_reported_not_a_later_one(self) -> None:
        zone, records = fresh_zone_chain(6)
        sql_update(records[4], "actor_name", "x")
        sql_delete(records[1])
        message = verify_fails()
        assert broken_at(zone, 2) in message


OLD = timezone.now() - dt.timedelta(days=200)


def old_and_new(n_old: int, n_new: int):
    """A fresh zone chain: ``n_old`` records 200 days old, then ``n_new`` from today."""
    zone, _ = fresh_zone_chain(0)
    with freeze_time(OLD):
        old = [write(zone, i=i) for i in range(1, n_old + 1)]
    new = [write(zone, i=i) for i in range(n_old + 1, n_old + n_new + 1)]
    return zone, old, new


class TestPrune:
    def test_prune_moves_the_anchor_and_the_chain_still_verifies(self) -> None:
        # Given 4 records past the 184-day retention and 3 within it
        zone, old, new = old_and_new(4, 3)
        # When the prune command runs
        out = StringIO()
        call_command("audit_prune", stdout=out)
        # Then the old ones are gone, the anchor stands on the last of them
        assert seqs(zone) == [5, 6, 7]
        chain = head(zone)
        assert (chain.anchor_seq, chain.anchor_hash) == (4, old[-1].hash)
        assert (chain.last_seq, chain.last_hash) == (7, new[-1].hash)
        assert "older than 184 days" in out.getvalue()
        # and what remains verifies
        verify_ok()

    def test_prune_is_itself_audited_on_the_global_chain(self) -> None:
        old_and_new(2, 1)
        removed = audit_prune(actor=SYSTEM)
        record = AuditRecord.objects.filter(action="audit.prune").latest("id")
        assert record.chain == GLOBAL_CHAIN
        assert record.after["removed"] == removed >= 2
        assert record.after["retention_days"] == 184

    def test_after_a_prune_an_edit_is_still_detected(self) -> None:
        zone, _, new = old_and_new(4, 3)
        audit_prune(actor=SYSTEM)
        sql_update(new[1], "after", {"n": "forged"})
        assert broken_at(zone, 6) in verify_fails()

    def test_after_a_prune_deleting_the_first_record_kept_is_detected(self) -> None:
        zone, _, new = old_and_new(4, 3)
        audit_prune(actor=SYSTEM)
        sql_delete(new[0])
        assert broken_at(zone, 5) in verify_fails()

    def test_after_a_prune_deleting_the_last_record_is_detected(self) -> None:
        zone, _, new = old_and_new(4, 3)
        audit_prune(actor=SYSTEM)
        sql_delete(new[-1])
        assert broken_at(zone, 7) in verify_fails()

    def test_after_a_prune_moving_the_anchor_by_hand_is_detected(self) -> None:
        zone, _, _ = old_and_new(4, 3)
        audit_prune(actor=SYSTEM)
        with triggers_off():
            AuditChain.objects.filter(key=chain_key(zone)).update(anchor_seq=5)
        assert broken_at(zone, 6) in verify_fails()

    def test_a_chain_pruned_entirely_still_verifies_and_continues(self) -> None:
        zone, _, _ = old_and_new(3, 0)
        audit_prune(actor=SYSTEM)
        assert seqs(zone) == []
        verify_ok()
        assert write(zone).seq == 4
        verify_ok()

    def test_a_second_prune_removes_nothing_more(self) -> None:
        zone, _, _ = old_and_new(2, 2)
        audit_prune(actor=SYSTEM)
        anchor = head(zone).anchor_hash
        audit_prune(actor=SYSTEM)
        assert seqs(zone) == [3, 4]
        assert head(zone).anchor_hash == anchor

    def test_records_within_the_retention_period_are_kept(self, settings) -> None:
        # Given a longer retention than the records' age
        settings.AUDIT_RETENTION_DAYS = 365
        zone, _, _ = old_and_new(3, 1)
        # When / then nothing of that chain is pruned
        audit_prune(actor=SYSTEM)
        assert seqs(zone) == [1, 2, 3, 4]
        assert head(zone).anchor_seq == 0

    def test_a_record_within_retention_is_kept_even_if_an_older_one_follows(self) -> None:
        # Given the clock stepped back: record 2 is recent, record 3 carries an old time
        zone, _ = fresh_zone_chain(0)
        with freeze_time(OLD):
            write(zone, i=1)
        write(zone, i=2)
        with freeze_time(OLD):
            write(zone, i=3)
        # When pruning
        audit_prune(actor=SYSTEM)
        # Then only the unbroken run of old records at the start goes
        assert seqs(zone) == [2, 3]
        verify_ok()

    def test_a_tampered_chain_is_not_pruned(self) -> None:
        # Given an old record was edited: pruning would delete the evidence
        zone, old, _ = old_and_new(4, 2)
        sql_update(old[1], "actor_name", "x")
        rows = AuditRecord.objects.count()
        # When / then the prune is refused as a whole, naming the record
        with pytest.raises(Conflict, match=f"审计链 {chain_key(zone)} 第 2 条"):
            audit_prune(actor=SYSTEM)
        assert AuditRecord.objects.count() == rows
        assert head(zone).anchor_seq == 0
        with pytest.raises(CommandError, match="第 2 条"):
            call_command("audit_prune", stdout=StringIO())

    def test_a_chain_missing_its_last_old_record_is_not_pruned(self) -> None:
        zone, old, _ = old_and_new(3, 0)
        sql_delete(old[-1])
        with pytest.raises(Conflict, match="第 3 条"):
            audit_prune(actor=SYSTEM)
        assert seqs(zone) == [1, 2]
