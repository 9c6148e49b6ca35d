"""The background worker of every deployment: django-tasks' database worker plus a heartbeat.

`make run` and the systemd unit start this, never `db_worker` alone: the heartbeat row is what
/healthz reads to tell the zone's monitoring that background work (imports, sweeps,
notifications) is being done. On PostgreSQL several workers share the queue; each job is
claimed with SELECT … FOR UPDATE SKIP LOCKED by django-tasks-db.
"""

from __future__ import annotations

import os
import socket
import threading
import uuid

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from zonedesk.core.models import WorkerHeartbeat

HEARTBEAT_SECONDS = 10


def beat(worker_id: str, started_at) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": started_at,
                  "seen_at": timezone.now()})


def _heartbeat_loop(worker_id: str, stop: threading.Event) -> None:
    started_at = timezone.now()
    while True:
        try:
            close_old_connections()
            beat(worker_id, started_at)
        except Exception:  # a busy or restarting database must not kill the worker
            pass
        finally:
            connection.close()  # this thread's own connection
        if stop.wait(HEARTBEAT_SECONDS):
            return


class Command(BaseCommand):
    help = "Run background tasks (django-tasks database backend) and report a heartbeat for /healthz."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0,
                            help="seconds to wait when the queue is empty")
        parser.add_argument("--worker-id", default="",
                            help="a name for this worker (default: host-pid-random)")
        parser.add_argument("--batch", action="store_true",
                            help="run until the queue is empty, then exit (for cron-less tests)")

    def handle(self, *args, interval: float, worker_id: str, batch: bool, **options):
        worker_id = (worker_id or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}")[:64]
        stop = threading.Event()
        thread = threading.Thread(target=_heartbeat_loop, args=(worker_id, stop), daemon=True,
                                  name="heartbeat")
        thread.start()
        try:
            call_command("db_worker", interval=interval, worker_id=worker_id, batch=batch,
                         verbosity=options.get("verbosity", 1))
        finally:
            stop.set()
            thread.join(timeout=5)
