from django.core.management.base import BaseCommand

from zonedesk.commitments.services import commitments_sweep_overdue
from zonedesk.core.actor import Actor


class Command(BaseCommand):
    help = "Report open commitments past their due date (once each) to their department's head."

    def handle(self, *args, **options):
        n = commitments_sweep_overdue(actor=Actor.system("commitments_sweep"))
        self.stdout.write(f"{n} overdue commitment(s) reported")
