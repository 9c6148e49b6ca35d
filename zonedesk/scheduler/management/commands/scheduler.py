"""The scheduler loop: every few seconds, enqueue the jobs that are due. Run it next to the
task worker (``manage.py db_worker``); two of them on two hosts are safe."""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand

from zonedesk.scheduler.services import scheduler_tick


class Command(BaseCommand):
    help = "定时任务调度：按计划把到期的定时任务交给任务队列执行（可多机同时运行）"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=15.0, help="检查间隔（秒）")
        parser.add_argument("--once", action="store_true", help="只检查一次就退出")

    def handle(self, *args, interval: float, once: bool, **options):
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping:
            names = scheduler_tick()
            if names:
                self.stdout.write(f"enqueued: {', '.join(names)}")
                self.stdout.flush()
            if once:
                break
            slept = 0.0
            while slept < interval and not stopping:
                time.sleep(0.5)
                slept += 0.5
