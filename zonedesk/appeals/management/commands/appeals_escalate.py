from django.core.management.base import BaseCommand

from zonedesk.appeals.services import appeals_escalate_all
from zonedesk.appeals.services.appeals import BATCH
from zonedesk.core.actor import Actor


class Command(BaseCommand):
    help = ("Escalate every overdue appeal to its lead department's head, in batches (idempotent; "
            "several can run at once; run it every few minutes).")

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BATCH)

    def handle(self, *args, **options):
        total = appeals_escalate_all(actor=Actor.system("appeals_escalate"), batch=options["batch"])
        self.stdout.write(f"escalated {total}")
