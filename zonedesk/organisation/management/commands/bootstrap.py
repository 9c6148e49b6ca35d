import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.organisation.models import Zone
from zonedesk.organisation.roles import Role
from zonedesk.organisation.services import user_create


class Command(BaseCommand):
    help = ("Production set-up: create a zone and its first system administrator. The password "
            "is read from ZONEDESK_ADMIN_PASSWORD or asked for; it must pass the password policy.")

    def add_arguments(self, parser):
        parser.add_argument("--zone-code", required=True)
        parser.add_argument("--zone-name", required=True)
        parser.add_argument("--region-code", required=True, help="6-digit 行政区划代码")
        parser.add_argument("--admin-username", required=True)

    def handle(self, *args, zone_code, zone_name, region_code, admin_username, **options):
        if len(region_code) != 6 or not region_code.isdigit():
            raise CommandError("--region-code must be the 6-digit administrative division code")
        password = os.environ.get("ZONEDESK_ADMIN_PASSWORD") or getpass.getpass("Password: ")
        with transaction.atomic():
            zone, created = Zone.objects.get_or_create(
                code=zone_code, defaults={"name": zone_name, "region_code": region_code,
                                          "province_code": region_code[:2],
                                          "is_default": not Zone.objects.exists()})
            try:
                user_create(actor=Actor.system("bootstrap"), zone=zone, username=admin_username,
                            password=password, full_name="系统管理员", roles={Role.SYSTEM_ADMIN})
            except ValidationFailed as exc:
                raise CommandError("; ".join(f"{k}: {v}" for k, v in exc.errors.items())) from exc
        self.stdout.write(self.style.SUCCESS(
            f"zone {zone.code} {'created' if created else 'exists'}; system administrator "
            f"{admin_username} created"))
