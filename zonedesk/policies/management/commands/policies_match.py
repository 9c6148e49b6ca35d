"""Match a whole zone's enterprises against its clauses in force, over several processes: the
first match after a register is imported (100,000 enterprises × 50 clauses), which one process
would take minutes to do. Later changes are re-matched by the background task and the daily
job, which skip every enterprise whose facts and clauses have not changed."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from zonedesk.core.actor import Actor
from zonedesk.organisation.models import Zone
from zonedesk.policies.matching import match_zone


class Command(BaseCommand):
    help = "惠企政策：按园区全量匹配企业×条款（多进程分片，每片各自审计）"

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="园区代码")
        parser.add_argument("--workers", type=int, default=2, help="进程数（默认 2，不超过 CPU 核数为宜）")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="按此日期判定（默认今天）"
        )
        parser.add_argument("--no-notify", action="store_true", help="不发送新匹配通知（首次匹配作为基线时）")

    def handle(self, *args, **options):
        zone = Zone.objects.filter(code=options["zone"]).first()
        if zone is None:
            raise CommandError(f"没有代码为 {options['zone']} 的园区")
        if options["workers"] < 1:
            raise CommandError("--workers 至少为 1")
        counts = match_zone(
            actor=Actor.system("policies_match"),
            zone_id=zone.pk,
            workers=options["workers"],
            today=options["today"],
            notify=not options["no_notify"],
        )
        self.stdout.write(
            f"{zone.code}：评价 {int(counts['evaluations']):,} 次，写入 {int(counts['stored']):,} 项，"
            f"符合 {int(counts['passed']):,} 项，未变化跳过 {int(counts['skipped']):,} 家企业，"
            f"通知 {int(counts['notified']):,} 项"
        )
