from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError
from zonedesk.workdays.official import known_years
from zonedesk.workdays.services import calendar_year_load

FIRST_YEAR = 2020


class Command(BaseCommand):
    help = (
        "Load holidays and make-up workdays from the chinesecalendar package (every year it knows "
        f"from {FIRST_YEAR} on) and mark those years official. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from-year", type=int, default=FIRST_YEAR)

    def handle(self, *args: Any, from_year: int, **options: Any) -> None:
        known = known_years()
        years = range(max(from_year, known.start), known.stop)
        if not years:
            raise CommandError(f"chinesecalendar knows {known.start}–{known.stop - 1} only")
        actor = Actor.system("calendar_seed")
        for year in years:
            try:
                result = calendar_year_load(actor=actor, year=year)
            except ServiceError as exc:
                raise CommandError(exc.message) from exc
            if options["verbosity"] < 1:
                continue
            if result.changed:
                self.stdout.write(
                    f"{year}: +{result.created} ~{result.updated} -{result.removed} "
                    f"kept {result.kept}" + (" official" if result.marked_official else "")
                )
            else:
                self.stdout.write(f"{year}: unchanged")
