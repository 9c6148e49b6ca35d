from django.core.management.base import BaseCommand, CommandError

from zonedesk.appeals.services.clocks import appeal_clock_drift, appeal_clocks_refresh


class Command(BaseCommand):
    help = "抽样比对诉求存储的期限列与按暂停记录重算的结果，报告偏差；--fix 重算全部在办诉求"

    def add_arguments(self, parser):
        parser.add_argument("--sample", type=int, default=1000, help="抽样诉求数")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--fix", action="store_true", help="重算并保存全部在办诉求的期限列")

    def handle(self, *args, **options):
        if options["fix"]:
            self.stdout.write(f"已重算 {appeal_clocks_refresh()} 件在办诉求")
        checked, drift = appeal_clock_drift(sample=options["sample"], seed=options["seed"])
        for d in drift[:50]:
            self.stdout.write(f"诉求 {d.appeal_id} {d.field}: 存储 {d.stored!r} ≠ 重算 {d.computed!r}")
        self.stdout.write(f"抽查 {checked} 件诉求，偏差 {len(drift)} 处")
        if drift:
            raise CommandError(f"{len(drift)} 处偏差（运行 --fix 重算）")
