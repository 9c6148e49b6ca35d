import json
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zonedesk.audit import chain as chain_module
from zonedesk.audit.checkpoints import checkpoint_path
from zonedesk.audit.models import AuditChain, AuditRecord

README = """zonedesk 审计记录离线验证包 / offline audit verification kit

验证只需 Python 3.10+、cryptography 与审计密钥文件（key_id=十六进制，每行一个），
不需要应用的数据库或配置：

    python verify_audit.py . --keys /path/to/audit_keys [--checkpoints 另存的检查点文件]

It needs Python 3.10+, the `cryptography` package and the audit key file only. Give
--checkpoints the copy held by the log-audit system (syslog) to rule out a doctored export.
Exit status 0: every chain intact; 1: each broken chain is named with the first bad record.
"""


class Command(BaseCommand):
    help = "Export the audit trail, its chain heads and signed checkpoints with a standalone verifier."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options):
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty")
        (directory / "records").mkdir(parents=True, exist_ok=True)
        heads = list(AuditChain.objects.order_by("key").values(
            "key", "anchor_seq", "anchor_hash", "last_seq", "last_hash"))
        (directory / "heads.json").write_text(json.dumps(heads, ensure_ascii=False, indent=1),
                                              encoding="utf-8")
        total = 0
        chains = AuditRecord.objects.order_by().values_list("chain", flat=True).distinct()
        for key in sorted(set(chains) | {h["key"] for h in heads}):
            with (directory / "records" / f"{key}.jsonl").open("w", encoding="utf-8") as fh:
                for r in AuditRecord.objects.filter(chain=key).order_by("seq").iterator(chunk_size=2000):
                    fh.write(json.dumps({"seq": r.seq, "content": r.content(), "prev_hash": r.prev_hash,
                                         "hash": r.hash}, ensure_ascii=False, sort_keys=True) + "\n")
                    total += 1
        source = checkpoint_path()
        target = directory / "checkpoints.jsonl"
        if source is not None and source.exists():
            shutil.copyfile(source, target)
        else:
            target.write_text("", encoding="utf-8")
        shutil.copyfile(chain_module.__file__, directory / "verify_audit.py")
        (directory / "README.txt").write_text(README, encoding="utf-8")
        self.stdout.write(f"exported {total} records of {len(heads)} chains to {directory}")
