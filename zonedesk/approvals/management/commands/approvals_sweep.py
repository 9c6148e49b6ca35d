import datetime as dt

from django.core.management.base import BaseCommand

from zonedesk.approvals import services


class Command(BaseCommand):
    help = "终止容缺补齐期限已过仍未补齐的申请并记录信用事件（幂等，可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="按此日期判断是否逾期（默认今天）"
        )

    def handle(self, *args, **options):
        done = services.tolerance_sweep(today=options["today"])
        self.stdout.write(f"终止办理 {len(done)} 件：{done}" if done else "没有逾期的容缺申请")
