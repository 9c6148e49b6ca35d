import datetime as dt

from django.core.management.base import BaseCommand

from zonedesk.approvals import services


class Command(BaseCommand):
    help = (
        "审批时限巡检：事项转黄、转红各预警一次；补正逾期提醒一次；终止容缺补齐期限已过仍未补齐的申请并记录信用事件"
        "（幂等，可重复运行，可多进程同时运行）"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="按此日期判断是否逾期（默认今天）"
        )
        parser.add_argument("--batch", type=int, default=services.sweeps.BATCH, help="每批锁定的事项数")

    def handle(self, *args, **options):
        warned = services.items_warn(today=options["today"], batch=options["batch"])
        self.stdout.write(f"事项预警：红色 {warned.red} 个，黄色 {warned.yellow} 个")
        overdue = services.supplements_overdue(today=options["today"], batch=options["batch"])
        self.stdout.write(f"补正逾期提醒 {overdue} 个事项")
        done = services.tolerance_sweep(today=options["today"])
        self.stdout.write(f"终止办理 {len(done)} 件：{done}" if done else "没有逾期的容缺申请")
