"""Backup and restore: an archive restored into an empty database passes audit_verify.

SQLite: the suite's in-memory database is copied with the online backup API and restored into a
file by a fresh process. PostgreSQL: pg_dump of the test database, pg_restore into a database
made for the test and dropped after it. Both then run audit_verify in that fresh process.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from zonedesk.audit.models import AuditRecord
from zonedesk.core.backup import BackupError, restore

pytestmark = pytest.mark.django_db


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """manage.py in a new interpreter with only PATH and ``env`` (no variable of the test leaks)."""
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "zonedesk.settings",
            "ZONEDESK_ENV": "test", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "manage.py", *args], env={**base, **env}, cwd=settings.BASE_DIR,
                          capture_output=True, text=True, timeout=300, check=False)


def _backup(tmp_path: Path) -> Path:
    default_storage.save("backup-test/material.pdf", ContentFile(b"%PDF-1.4 test material"))
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "files/backup-test/material.pdf" in names
    return archive


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path")
# Outside the test's transaction: SQLite's backup waits for a writer's lock to go, and the test
# transaction holds one (IMMEDIATE mode) for as long as the test runs.
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restores_into_an_empty_database_and_the_audit_chain_verifies(tmp_path, demo):
    audit_rows = AuditRecord.objects.count()
    assert audit_rows > 0  # the demo's
    archive = _backup(tmp_path)
    target = tmp_path / "restored.sqlite3"
    env = {"ZONEDESK_SQLITE_PATH": str(target), "ZONEDESK_VAR_DIR": str(tmp_path / "var"),
           "ZONEDESK_MEDIA_ROOT": str(tmp_path / "files")}
    done = manage(env, "restore", str(archive))
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("select count(*) from audit_auditrecord").fetchone()[0] == audit_rows
    assert (tmp_path / "files" / "backup-test" / "material.pdf").read_bytes() == b"%PDF-1.4 test material"
    verify = manage(env, "audit_verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    # A second restore into the now non-empty database is refused and changes nothing.
    again = manage(env, "restore", str(archive))
    assert again.returncode != 0 and "not empty" in again.stderr


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL path")
def test_postgres_backup_restores_into_an_empty_database_and_the_audit_chain_verifies(tmp_path):
    import psycopg

    archive = _backup(tmp_path)
    db = connection.settings_dict
    name = f"zd_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None,
                            password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{name}"
        env = {"DATABASE_URL": url, "ZONEDESK_VAR_DIR": str(tmp_path / "var"),
               "ZONEDESK_MEDIA_ROOT": str(tmp_path / "files")}
        done = manage(env, "restore", str(archive))
        assert done.returncode == 0, done.stderr
        verify = manage(env, "audit_verify")
        assert verify.returncode == 0, verify.stdout + verify.stderr
        with psycopg.connect(url) as restored:
            count = restored.execute("select count(*) from audit_auditrecord").fetchone()[0]
        assert count > 0
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_a_damaged_or_foreign_archive_is_refused(tmp_path):
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(bad, "w:gz") as tar:
        tar.add(__file__, arcname="something.py")
    with pytest.raises(BackupError, match="not a zonedesk backup"):
        restore(bad)
    with pytest.raises(BackupError, match="does not exist"):
        restore(tmp_path / "missing.tar.gz")
