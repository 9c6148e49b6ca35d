"""On PostgreSQL the audit rows are append-only for everyone but the prune role."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from freezegun import freeze_time

from zonedesk.audit.models import AuditChain, AuditRecord
from zonedesk.audit.services import audit_prune

from .support import ON_POSTGRES, SYSTEM, chain_key, fresh_zone_chain, head, seqs, verify_ok, write

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="the trigger exists on PostgreSQL only"),
]


def refused(sql: str, params: list) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def test_update_of_an_audit_row_is_refused() -> None:
    _, records = fresh_zone_chain(2)
    message = refused("UPDATE audit_auditrecord SET actor_name = 'x' WHERE id = %s", [records[0].pk])
    assert "append-only" in message
    assert AuditRecord.objects.get(pk=records[0].pk).actor_name == records[0].actor_name


def test_delete_of_an_audit_row_is_refused_even_through_the_orm() -> None:
    zone, records = fresh_zone_chain(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditRecord.objects.filter(pk=records[1].pk).delete()
    assert seqs(zone) == [1, 2]


def test_rewinding_or_deleting_a_chain_head_is_refused() -> None:
    zone, records = fresh_zone_chain(2)
    assert "backwards" in refused("UPDATE audit_auditchain SET last_seq = 1, last_hash = %s WHERE key = %s",
                                  [records[0].hash, chain_key(zone)])
    assert "cannot be deleted" in refused("DELETE FROM audit_auditchain WHERE key = %s", [chain_key(zone)])
    assert "prune role" in refused("UPDATE audit_auditchain SET anchor_seq = 1 WHERE key = %s",
                                   [chain_key(zone)])
    assert head(zone).last_seq == 2


def test_the_prune_command_still_deletes_old_records_under_its_role() -> None:
    zone, _ = fresh_zone_chain(0)
    with freeze_time(timezone.now() - timezone.timedelta(days=200)):
        write(zone, i=1)
        write(zone, i=2)
    write(zone, i=3)
    audit_prune(actor=SYSTEM)
    assert seqs(zone) == [3]
    assert AuditChain.objects.get(key=chain_key(zone)).anchor_seq == 2
    with connection.cursor() as cursor:  # the role was switched back after the deletion
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] != "zonedesk_audit_pruner"
    verify_ok()
