from django.core.management.base import BaseCommand, CommandError

from zonedesk.core.actor import Actor
from zonedesk.indicators.services import summary_drift, summary_rebuild


class Command(BaseCommand):
    help = "按办结案例重算营商环境指标日汇总表，报告与存储值的偏差；--fix 用重算结果替换"

    def add_arguments(self, parser):
        parser.add_argument("--zone", type=int, action="append", help="园区 id（可重复；默认全部）")
        parser.add_argument("--fix", action="store_true", help="用重算结果替换汇总表")

    def handle(self, *args, **options):
        zones = options["zone"]
        drift = summary_drift(zones)
        for d in drift[:50]:
            zone, indicator, day, days = d.bucket
            self.stdout.write(
                f"园区 {zone} {indicator} {day} {days} 个工作日: 存储 {d.stored} ≠ 重算 {d.computed}"
            )
        self.stdout.write(f"偏差 {len(drift)} 处")
        if options["fix"]:
            n = summary_rebuild(zones, actor=Actor.system("indicators_summary_check"))
            self.stdout.write(f"已重算 {n} 个汇总格")
        elif drift:
            raise CommandError(f"{len(drift)} 处偏差（运行 --fix 重算）")
