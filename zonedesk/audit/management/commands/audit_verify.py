from django.core.management.base import BaseCommand, CommandError

from zonedesk.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the SM3 hash chains of the audit trail; exit non-zero at the first bad record."

    def handle(self, *args, **options):
        problems = audit_chain_verify()
        if problems:
            for key, broken in problems:
                self.stderr.write(f"审计链 {key}: 第 {broken.seq} 条记录异常：{broken.reason}")
            key, broken = problems[0]
            raise CommandError(f"audit chain {key} broken at record {broken.seq}: {broken.reason}")
        self.stdout.write("审计链完整 / audit chain intact")
