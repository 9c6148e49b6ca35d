from django.core.management.base import BaseCommand, CommandError

from zonedesk.approvals.services.clocks import item_clock_drift, item_clocks_refresh


class Command(BaseCommand):
    help = "抽样比对审批事项存储的期限/状态列与按暂停记录重算的结果，报告偏差；--fix 重算全部在办事项"

    def add_arguments(self, parser):
        parser.add_argument("--sample", type=int, default=1000, help="抽样事项数")
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--fix", action="store_true", help="重算并保存全部在办事项的期限列")

    def handle(self, *args, **options):
        if options["fix"]:
            n = item_clocks_refresh()
            self.stdout.write(f"已重算 {n} 个在办事项")
        checked, drift = item_clock_drift(sample=options["sample"], seed=options["seed"])
        for d in drift[:50]:
            self.stdout.write(f"事项 {d.item_id} {d.field}: 存储 {d.stored!r} ≠ 重算 {d.computed!r}")
        self.stdout.write(f"抽查 {checked} 个事项，偏差 {len(drift)} 处")
        if drift:
            raise CommandError(f"{len(drift)} 处偏差（运行 --fix 重算）")
