"""Backup and restore of a whole deployment: the database and the uploaded files, in one archive.

The archive (a .tar.gz) holds ``manifest.json``, the database (PostgreSQL: ``pg_dump --format=
custom``; SQLite: a copy made with SQLite's online backup API, consistent while the system runs)
and ``files/`` (the upload store: materials, certificates). Restore goes into an empty database
and an empty file store only, unless forced, so a mistyped target never overwrites a live zone;
``audit_verify`` afterwards proves the audit trail arrived whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1
DB_PG = "database.pgdump"
DB_SQLITE = "database.sqlite3"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Manifest:
    format: int
    created_at: str
    engine: str
    database: str
    sha256: str
    files: int


def _files_root() -> Path:
    return Path(settings.STORAGES["default"]["OPTIONS"]["location"])


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pg_env(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    if not shutil.which(cmd[0]):
        raise BackupError(f"{cmd[0]} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()[:2000]}")


def backup(output: Path) -> Manifest:
    """Write the archive to ``output`` (a path ending in .tar.gz)."""
    db = connection.settings_dict
    with tempfile.TemporaryDirectory(prefix="zd-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "postgresql":
            name = DB_PG
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={work / name}", db["NAME"]], _pg_env(db))
        elif connection.vendor == "sqlite":
            name = DB_SQLITE
            connection.ensure_connection()
            target = sqlite3.connect(work / name)
            try:
                connection.connection.backup(target)  # online, consistent copy
            finally:
                target.close()
        else:  # pragma: no cover - the project runs on these two
            raise BackupError(f"backup does not support the {connection.vendor} database")
        root = _files_root()
        files = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
        manifest = Manifest(format=FORMAT, created_at=dt.datetime.now(dt.UTC).isoformat(),
                            engine=connection.vendor, database=name, sha256=_sha256(work / name),
                            files=len(files))
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest.__dict__, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(work / name, arcname=name)
            for path in files:
                tar.add(path, arcname=f"files/{path.relative_to(root).as_posix()}")
        partial.replace(output)  # a backup is either whole or absent
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(archive: Path, *, force: bool = False) -> Manifest:
    """Restore ``archive`` into this deployment's (empty) database and file store."""
    if not archive.exists():
        raise BackupError(f"{archive} does not exist")
    with tempfile.TemporaryDirectory(prefix="zd-restore-") as tmp, tarfile.open(archive, "r:gz") as tar:
        work = Path(tmp)
        tar.extractall(work, filter="data")  # the data filter refuses absolute paths and links out
        try:
            manifest = Manifest(**json.loads((work / "manifest.json").read_text()))
        except (FileNotFoundError, TypeError, ValueError) as exc:
            raise BackupError(f"{archive} is not a zonedesk backup (manifest.json missing or wrong)") from exc
        if manifest.format != FORMAT:
            raise BackupError(f"backup format {manifest.format} is not supported (expected {FORMAT})")
        if manifest.engine != connection.vendor:
            raise BackupError(f"the backup is of a {manifest.engine} database; this deployment uses "
                              f"{connection.vendor}")
        dump = work / manifest.database
        if _sha256(dump) != manifest.sha256:
            raise BackupError("the database file does not match its checksum: the archive is damaged")
        root = _files_root()
        if not force:
            if not _database_is_empty():
                raise BackupError("the target database is not empty; restore into a new database "
                                  "(or pass --force to overwrite it)")
            if root.exists() and any(root.iterdir()):
                raise BackupError(f"the file store {root} is not empty (pass --force to merge into it)")
        db = connection.settings_dict
        if manifest.engine == "postgresql":
            connection.close()
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  *(["--clean", "--if-exists"] if force else []), f"--dbname={db['NAME']}", str(dump)],
                 _pg_env(db))
        else:
            connection.close()
            source = sqlite3.connect(dump)
            target = sqlite3.connect(db["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        if (work / "files").exists():
            shutil.copytree(work / "files", root, dirs_exist_ok=True)
    return manifest
