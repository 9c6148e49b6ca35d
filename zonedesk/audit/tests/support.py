"""Helpers for the audit tests: fresh chains, raw-SQL tampering, verification."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Q

from zonedesk.audit.models import AuditChain, AuditRecord
from zonedesk.audit.services import audit_event
from zonedesk.core.actor import Actor
from zonedesk.organisation.models import Zone
from zonedesk.testing.factories import ZoneFactory
from zonedesk.testing.race import in_thread, race  # noqa: F401  (re-exported for the tests)

SYSTEM = Actor.system("audit-test")


def fresh_zone_chain(n: int, *, action: str = "test.event") -> tuple[Zone, list[AuditRecord]]:
    """A new zone whose chain holds exactly ``n`` records, seq 1..n."""
    zone = ZoneFactory()
    return zone, [write(zone, action=action, i=i) for i in range(1, n + 1)]


def write(zone: Zone, *, action: str = "test.event", i: int = 0, **kwargs: Any) -> AuditRecord:
    return audit_event(actor=kwargs.pop("actor", SYSTEM), action=action, zone_id=zone.pk,
                       object_type="test.thing", object_id=i,
                       after=kwargs.pop("after", {"n": i}), **kwargs)


def chain_key(zone: Zone) -> str:
    return f"zone-{zone.pk}"


def head(zone: Zone) -> AuditChain:
    return AuditChain.objects.get(key=chain_key(zone))


def lane_seqs(zone: Zone) -> dict[str, list[int]]:
    """Each of the zone's chain lanes (the chain key, then key.1, key.2 ...) and its numbers."""
    out: dict[str, list[int]] = {}
    for chain, seq in (AuditRecord.objects.filter(zone_id=zone.pk).order_by("chain", "seq")
                       .values_list("chain", "seq")):
        out.setdefault(chain, []).append(seq)
    return out


def seqs(zone: Zone) -> list[int]:
    return list(AuditRecord.objects.filter(chain=chain_key(zone)).order_by("seq")
                .values_list("seq", flat=True))


# --- tampering, as someone with database access would: raw SQL, no ORM, no signals --------
# On PostgreSQL a trigger refuses UPDATE and DELETE of audit rows; the attacker modelled here
# is a database superuser, who can switch triggers off for the session.

@contextmanager
def triggers_off() -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        yield
        cursor.execute("SET LOCAL session_replication_role = origin")


def sql_update(record: AuditRecord, column: str, value: Any) -> None:
    placeholder = "%s"
    if column in {"before", "after"}:
        value = json.dumps(value)
        if connection.vendor == "postgresql":
            placeholder = "CAST(%s AS jsonb)"
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE audit_auditrecord SET {column} = {placeholder} WHERE id = %s",
                       [value, record.pk])
        assert cursor.rowcount == 1


def sql_delete(record: AuditRecord) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord WHERE id = %s", [record.pk])
        assert cursor.rowcount == 1


def verify_ok() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as caught:
        call_command("audit_verify", stdout=StringIO(), stderr=StringIO())
    return str(caught.value)


def broken_at(zone: Zone, seq: int) -> str:
    """The start of audit_verify's message for a break in this zone's chain at ``seq``."""
    return f"audit chain {chain_key(zone)} broken at record {seq}:"


# --- start-up in a fresh process (settings are read once, at import) --------------------------

def start_django(env: dict[str, str], code: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``django.setup()`` (then ``code``) in a new interpreter with only ``env`` set.

    Only PATH is inherited, so no ZONEDESK_* variable of the test run leaks in.
    """
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "zonedesk.settings",
            "PYTHONDONTWRITEBYTECODE": "1"}
    script = "import django; django.setup()\n" + code
    return subprocess.run([sys.executable, "-c", script], env={**base, **env}, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=60, check=False)


# --- committed data for tests with several threads (PostgreSQL) ------------------------------

ON_POSTGRES = connection.vendor == "postgresql"


def purge_zone(zone_id: int) -> None:
    """Delete a test zone and everything the tests put in it, its audit chain included."""
    from zonedesk.organisation.models import ApiToken, User, UserRole

    with triggers_off():
        AuditRecord.objects.filter(zone_id=zone_id).delete()
        lanes = Q(key=f"zone-{zone_id}") | Q(key__startswith=f"zone-{zone_id}.")
        AuditRecord.objects.filter(chain__in=AuditChain.objects.filter(lanes).values("key")).delete()
        AuditChain.objects.filter(lanes).delete()
    users = User.objects.filter(zone_id=zone_id)
    ApiToken.objects.filter(user__in=users).delete()
    UserRole.objects.filter(user__in=users).delete()
    users.delete()
    Zone.objects.filter(pk=zone_id).delete()
