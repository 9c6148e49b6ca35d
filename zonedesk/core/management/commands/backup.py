from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zonedesk.core.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database and the uploaded files into one .tar.gz "
            "(PostgreSQL: pg_dump; SQLite: the online backup API). See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("--output", default="",
                            help="archive path (default: var/backups/zonedesk-<time>.tar.gz)")

    def handle(self, *args, output: str, **options):
        from django.conf import settings

        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        path = Path(output) if output else Path(settings.VAR_DIR) / "backups" / f"zonedesk-{stamp}.tar.gz"
        try:
            manifest = backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{path}: {manifest.engine} database and {manifest.files} files")
