from django.core.management.base import BaseCommand, CommandError

from zonedesk.core.actor import Actor
from zonedesk.land.services import parcel_links_sync
from zonedesk.organisation.models import Zone


class Command(BaseCommand):
    help = (
        "Link parcel codes of approval projects, assessments and pipeline projects to the land register; "
        "report codes with no parcel."
    )

    def add_arguments(self, parser):
        parser.add_argument("zone", help="zone code, e.g. LY")

    def handle(self, *args, zone, **options):
        z = Zone.objects.filter(code=zone).first()
        if z is None:
            raise CommandError(f"no zone {zone}")
        report = parcel_links_sync(actor=Actor.system("land_link_parcels"), zone_id=z.pk)
        self.stdout.write(f"linked {report['linked']}; {len(report['unknown'])} codes without a parcel")
        for line in report["unknown"]:
            self.stdout.write(f"  {line}")
