from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zonedesk.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup made by `manage.py backup` into an empty database and file store; "
            "then run `manage.py audit_verify`. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true",
                            help="overwrite a database and file store that are not empty")

    def handle(self, *args, archive: str, force: bool, **options):
        try:
            manifest = restore(Path(archive), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored the {manifest.engine} database of {manifest.created_at} "
                          f"and {manifest.files} files; now run: manage.py audit_verify")
