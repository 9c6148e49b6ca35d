from django.conf import settings
from django.core.management.base import BaseCommand

from zonedesk.audit.services import audit_prune
from zonedesk.core.actor import Actor


class Command(BaseCommand):
    help = "Delete audit records older than ZONEDESK_AUDIT_RETENTION_DAYS (never below 184)."

    def handle(self, *args, **options):
        removed = audit_prune(actor=Actor.system("audit_prune"))
        self.stdout.write(f"removed {removed} records older than {settings.AUDIT_RETENTION_DAYS} days")
