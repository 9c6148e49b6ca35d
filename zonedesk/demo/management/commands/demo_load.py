import importlib
import importlib.util

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from zonedesk.demo import enterprises as demo_enterprises
from zonedesk.demo import people
from zonedesk.organisation.models import User

# A capability's `demo.py` exposes load(*, zones) and must be idempotent, like this command.
CAPABILITY_LOADERS = (
    # First, so the other capabilities' demo events reach the demo logins' e-mail as well.
    "zonedesk.notifications.demo",
    "zonedesk.agency.demo",
    "zonedesk.approvals.demo",
    "zonedesk.approvals.package_demo",
    "zonedesk.projects.demo",
    "zonedesk.approvals.pipeline_demo",
    # Before the appraisal: its finished projects' decisions fall in the appraised year, and the
    # appraisal's period is computed (and published) from the decisions that exist when it loads.
    "zonedesk.indicators.demo",
    "zonedesk.appeals.demo",
    "zonedesk.appraisal.demo",
    "zonedesk.research.demo",
    "zonedesk.partybuilding.demo",
    "zonedesk.commitments.demo",
    "zonedesk.parks.demo",
    "zonedesk.land.demo",
    "zonedesk.cultivation.demo",
    "zonedesk.policies.demo",
)


class Command(BaseCommand):
    help = "Load the demo zones (Lingyuan and Jianping). Idempotent: a second run adds nothing."

    def handle(self, *args, **options):
        call_command("calendar_seed", verbosity=0)
        with transaction.atomic():
            demo_enterprises.load_industries()
            zones = people.load_zones()
            departments = {
                "LY": people.load_departments(zones["LY"], people.LY_DEPARTMENTS),
                "JP": people.load_departments(zones["JP"], people.JP_DEPARTMENTS),
            }
            # Enterprises are registered by the window clerk, who must exist first.
            people.load_logins(zones, departments, {})
            for code in ("LY", "JP"):
                demo_enterprises.load_parks(zones[code], people.SYSTEM)
            ly = demo_enterprises.load_enterprises(
                zones["LY"], User.objects.get(username="window"), demo_enterprises.LY_ENTERPRISES)
            demo_enterprises.load_enterprises(
                zones["JP"], User.objects.get(username="jp-window"),
                demo_enterprises.JP_ENTERPRISES)
            people.load_logins(zones, departments, ly)
            for module in CAPABILITY_LOADERS:
                # Each capability loads its own demo data after the foundation's, in this order.
                if importlib.util.find_spec(module) is not None:
                    importlib.import_module(module).load(zones=zones)
            # The demo moves its cases back in time behind the services' backs (``_backdate``):
            # the per-day summaries are recomputed from the cases as they now stand.
            from zonedesk.appeals.services.summary import summaries_rebuild
            from zonedesk.approvals.services.summary import decisions_rebuild
            from zonedesk.indicators.services import summary_rebuild

            decisions_rebuild()
            summary_rebuild()
            summaries_rebuild()
        self.stdout.write(self.style.SUCCESS("demo zone loaded"))
