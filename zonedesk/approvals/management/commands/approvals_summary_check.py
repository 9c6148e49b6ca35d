from django.core.management.base import BaseCommand, CommandError

from zonedesk.approvals.services.summary import decisions_drift, decisions_rebuild
from zonedesk.core.actor import Actor


class Command(BaseCommand):
    help = "按审批事项重算办结日汇总表（办结数、期限内办结数），报告与存储值的偏差；--fix 用重算结果替换"

    def add_arguments(self, parser):
        parser.add_argument("--zone", type=int, action="append", help="园区 id（可重复；默认全部）")
        parser.add_argument("--fix", action="store_true", help="用重算结果替换汇总表")

    def handle(self, *args, **options):
        zones = options["zone"]
        drift = decisions_drift(zones)
        for d in drift[:50]:
            zone, day = d.key
            self.stdout.write(f"园区 {zone} {day}: 存储 {d.stored} ≠ 重算 {d.computed}（办结数, 期限内）")
        self.stdout.write(f"偏差 {len(drift)} 处")
        if options["fix"]:
            n = decisions_rebuild(zones, actor=Actor.system("approvals_summary_check"))
            self.stdout.write(f"已重算 {n} 个园区日")
        elif drift:
            raise CommandError(f"{len(drift)} 处偏差（运行 --fix 重算）")
