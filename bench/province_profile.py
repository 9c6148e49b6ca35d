"""One request of each path of ``bench/province.py measure``, in one process: time, queries, and
(optionally) a cProfile of the slowest part — the per-request cost without HTTP or queueing.

    DATABASE_URL=... python bench/province_profile.py [--n 20] [--profile "staff inbox page 1"]

Runs the project's middleware through Django's test client with the bench's sessions, on the
database ``bench/province.py generate`` wrote. The figures cache is on (60 s) unless
``ZONEDESK_FIGURES_CACHE_SECONDS=0`` (cold: every request computes its figures).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="warm requests per path")
    parser.add_argument("--profile", default="", help="a path's label: print its cProfile")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    args = parser.parse_args()

    os.environ.setdefault("ZONEDESK_ENV", "demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.province_settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.province import _session, paths_for

    cookies = {u: _session(u) for u in ("leader", "reviewer")}
    clients = {}
    for who, key in cookies.items():
        c = Client()
        c.cookies[settings.SESSION_COOKIE_NAME] = key
        clients[who] = c
    print(f"{'path':30} {'median ms':>10} {'p90 ms':>8} {'queries':>8} {'db ms':>8} {'bytes':>8}")
    for label, who, make in paths_for():
        client = clients[who]
        for _ in range(3):
            r = client.get(make())
            assert r.status_code == 200, (label, r.status_code, r.content[:300])
        times = []
        for _ in range(args.n):
            t = time.perf_counter()
            client.get(make())
            times.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(make())
        queries = list(ctx.captured_queries)  # the next request_started resets the log
        db = sum(float(q["time"]) for q in queries) * 1000
        times.sort()
        print(f"{label:30} {statistics.median(times):10.1f} {times[int(len(times) * 0.9) - 1]:8.1f} "
              f"{len(queries):8d} {db:8.1f} {len(r.content):8d}", flush=True)
        if args.profile == label:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(10):
                client.get(make())
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(args.sort).print_stats(args.lines)
            print(out.getvalue())
            for q in queries:
                print(f"  {float(q['time']) * 1000:6.1f} ms  {q['sql'][:220]}")


if __name__ == "__main__":
    main()
