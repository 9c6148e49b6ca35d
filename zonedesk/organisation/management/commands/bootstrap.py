"""Production set-up of a new deployment (never the demo): the zone, its first system
administrator, the national working-day calendar and the zone's appeal reference data.

Everything the administrator then needs (departments, users, the approval catalogue) is done in
the system itself. Running it again for an existing zone adds nothing and says so.
"""

import getpass
import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.organisation.models import User
from zonedesk.organisation.roles import Role
from zonedesk.organisation.services import user_create, zone_bootstrap


class Command(BaseCommand):
    help = ("Production set-up: create a zone and its first system administrator. The password "
            "is read from ZONEDESK_ADMIN_PASSWORD or asked for; it must pass the password policy.")

    def add_arguments(self, parser):
        parser.add_argument("--zone-code", required=True)
        parser.add_argument("--zone-name", required=True)
        parser.add_argument("--region-code", required=True, help="6-digit 行政区划代码")
        parser.add_argument("--admin-username", required=True)

    def handle(self, *args, zone_code, zone_name, region_code, admin_username, **options):
        from zonedesk.appeals.services import appeal_reference_ensure

        actor = Actor.system("bootstrap")
        password = os.environ.get("ZONEDESK_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        try:
            with transaction.atomic():
                zone, created = zone_bootstrap(actor=actor, code=zone_code, name=zone_name,
                                               region_code=region_code)
                if User.objects.filter(username=admin_username).exists():
                    taken = f"用户名 {admin_username} 已存在，未做任何修改"
                    raise ValidationFailed({"admin_username": taken})
                user_create(actor=actor, zone=zone, username=admin_username, password=password,
                            full_name="系统管理员", roles={Role.SYSTEM_ADMIN})
                appeal_reference_ensure(actor=actor, zone_id=zone.pk)
        except ValidationFailed as exc:
            raise CommandError("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
        call_command("calendar_seed", verbosity=0)
        self.stdout.write(self.style.SUCCESS(
            f"zone {zone.code} {'created' if created else 'exists'}; system administrator "
            f"{admin_username} created; calendar and appeal categories ready"))
