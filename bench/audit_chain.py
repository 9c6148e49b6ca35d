"""Benchmark: the audit chain-head lock under concurrent writers in one zone.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zd_bench python bench/audit_chain.py

Every audited write locks its zone's chain head (``select_for_update``) from the moment it
appends its audit record until its transaction commits, so writers in one zone serialise on
that row. This runs W = 1, 2, 4, 8 threads, each committing ``--per-writer`` transactions of
one audit record, with ``--work-ms`` of simulated work after the record (a service that
audits, then does more before commit, holds the lock that long), and reports throughput and
the p50/p95 latency of a transaction. ``--lanes N`` sets the chain lanes per zone
(``ZONEDESK_AUDIT_CHAIN_LANES``; 1 is the single chain head); at the end every chain the run
wrote is re-verified.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-writer", type=int, default=100)
    parser.add_argument("--work-ms", type=float, default=0.0)
    parser.add_argument("--writers", default="1,2,4,8")
    parser.add_argument("--lanes", type=int, default=0, help="chain lanes per zone (0: the setting)")
    parser.add_argument("--spread", action="store_true",
                        help="each writer in a zone of its own (the control: no shared chain head)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
    os.environ.setdefault("ZONEDESK_ENV", "demo")
    os.environ.setdefault("ZONEDESK_VAR_DIR", "/tmp/zd-bench-var")
    os.environ.setdefault("ZONEDESK_AUDIT_CHECKPOINT_EVERY", "0")
    if args.lanes:
        os.environ["ZONEDESK_AUDIT_CHAIN_LANES"] = str(args.lanes)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from zonedesk.audit.services import audit_record
    from zonedesk.core.actor import Actor
    from zonedesk.organisation.models import Zone

    call_command("migrate", verbosity=0)
    zones = [Zone.objects.get_or_create(code=f"BENCH{i}", defaults={
        "name": f"压测园区{i}", "region_code": "211382", "province_code": "21"})[0] for i in range(8)]
    actor = Actor.system("bench")
    print(f"database: {connection.vendor}; {args.per_writer} transactions per writer, "
          f"{args.work_ms} ms of work after the audit record; "
          f"{'one zone per writer' if args.spread else 'all writers in one zone'}; "
          f"{settings.AUDIT_CHAIN_LANES} chain lane(s) per zone")

    for w in [int(x) for x in args.writers.split(",")]:
        latencies: list[float] = []
        lock = threading.Lock()
        barrier = threading.Barrier(w)

        def writer(zone: Zone, barrier: threading.Barrier, lock: threading.Lock,
                   latencies: list[float]) -> None:
            mine = []
            barrier.wait()
            for i in range(args.per_writer):
                t0 = time.perf_counter()
                with transaction.atomic():
                    audit_record(actor=actor, action="bench.write", zone_id=zone.pk, after={"i": i})
                    if args.work_ms:
                        time.sleep(args.work_ms / 1000)
                mine.append(time.perf_counter() - t0)
            connection.close()
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=writer,
                                    args=(zones[i if args.spread else 0], barrier, lock, latencies))
                   for i in range(w)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        latencies.sort()
        n = len(latencies)
        print(f"writers={w}: {n} tx in {wall:.2f} s = {n / wall:.0f} tx/s; "
              f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
              f"p95 {latencies[int(n * 0.95) - 1] * 1000:.1f} ms")

    _verify(zones)


def _verify(zones) -> None:
    """Re-compute every chain (lane) of the bench zones with the audit keys."""
    from django.db.models import Q

    from zonedesk.audit.chain import verify
    from zonedesk.audit.checkpoints import keys
    from zonedesk.audit.models import AuditChain
    from zonedesk.audit.selectors import _iter_chain, _tail_break

    lanes = Q()
    for zone in zones:
        lanes |= Q(key=f"zone-{zone.pk}") | Q(key__startswith=f"zone-{zone.pk}.")
    heads = list(AuditChain.objects.filter(lanes).order_by("key"))
    broken = [(c.key, b) for c in heads
              if (b := verify(_iter_chain(c.key), keys(), anchor=c.anchor_hash, first_seq=c.anchor_seq + 1)
                  or _tail_break(c))]
    print(f"verified {len(heads)} chains ({sum(c.last_seq for c in heads)} records): "
          f"{broken or 'no break'}")


if __name__ == "__main__":
    main()
