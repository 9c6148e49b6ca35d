from django.core.management.base import BaseCommand

from zonedesk.appeals.services import appeals_escalate_overdue
from zonedesk.core.actor import Actor


class Command(BaseCommand):
    help = "Escalate overdue appeals to their lead department's head (idempotent; run it every few minutes)."

    def handle(self, *args, **options):
        total = 0
        while True:  # batches, so one sweep never holds thousands of row locks
            n = appeals_escalate_overdue(actor=Actor.system("appeals_escalate"))
            total += n
            if n == 0:
                break
        self.stdout.write(f"escalated {total}")
