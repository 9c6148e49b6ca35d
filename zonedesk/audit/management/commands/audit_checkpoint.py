from django.core.management.base import BaseCommand

from zonedesk.audit.checkpoints import checkpoint_all, checkpoint_path


class Command(BaseCommand):
    help = ("Write a signed checkpoint of every audit chain head to ZONEDESK_AUDIT_CHECKPOINT_FILE "
            "and syslog (run it from cron, e.g. every 10 minutes).")

    def handle(self, *args, **options):
        written = checkpoint_all()
        where = checkpoint_path() or "syslog only"
        self.stdout.write(f"wrote {len(written)} checkpoints to {where}")
