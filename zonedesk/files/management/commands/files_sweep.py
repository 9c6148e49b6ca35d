"""Delete stored bytes that no StoredFile row names.

file_store writes the bytes before the row commits; when the caller's transaction rolls back
later (an approval that failed after its upload), the bytes stay behind with no row. They are
unreachable (every download goes through a row), so removing them loses nothing; the age
limit keeps an upload whose transaction is still open.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from zonedesk.files.models import StoredFile


def _walk(path: str = ""):
    dirs, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for d in dirs:
        yield from _walk(f"{path}/{d}" if path else d)


class Command(BaseCommand):
    help = "删除没有文件记录对应的存储文件（事务回滚留下的孤儿文件）"

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=int, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, older_than_hours: int, dry_run: bool, **options):
        cutoff = timezone.now() - dt.timedelta(hours=older_than_hours)
        known = set(StoredFile.objects.values_list("storage_name", flat=True))
        removed = 0
        for name in _walk():
            if name in known or default_storage.get_modified_time(name) > cutoff:
                continue
            removed += 1
            if not dry_run:
                default_storage.delete(name)
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb} {removed} 个孤儿文件")
