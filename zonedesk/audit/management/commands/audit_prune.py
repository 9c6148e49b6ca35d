from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zonedesk.audit.services import audit_prune
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError


class Command(BaseCommand):
    help = "Delete audit records older than ZONEDESK_AUDIT_RETENTION_DAYS (never below 184)."

    def handle(self, *args, **options):
        try:
            removed = audit_prune(actor=Actor.system("audit_prune"))
        except ServiceError as exc:
            # A broken chain is never pruned: deleting it would destroy the evidence.
            raise CommandError(exc.message) from exc
        self.stdout.write(f"removed {removed} records older than {settings.AUDIT_RETENTION_DAYS} days")
