from django.core.management.base import BaseCommand, CommandError

from zonedesk.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = ("Verify the keyed (HMAC-SM3) audit chains against the audit keys and the signed "
            "checkpoints; exit non-zero naming the first bad record of each chain.")

    def handle(self, *args, **options):
        problems = audit_chain_verify()
        if problems:
            for key, broken in problems:
                self.stderr.write(
                    f"审计链 {key}: 第 {broken.seq} 条记录异常 [{broken.kind}]：{broken.reason}")
            key, broken = problems[0]
            raise CommandError(
                f"audit chain {key} broken at record {broken.seq}: [{broken.kind}] {broken.reason}")
        self.stdout.write("审计链完整 / audit chain intact")
