"""Province-scale benchmark: generate a province, then measure it over HTTP.

    python bench/province.py generate --enterprises 100000 --applications 1000000 --appeals 1000000
    python bench/province.py measure [--seconds 10] [--flows 30]
    python bench/province.py all --applications 100000 --appeals 200000

Database: ``DATABASE_URL`` (default postgresql://postgres@127.0.0.1:5432/zd_scale_bench; created
when missing). ``generate`` (bench/province_gen.py) migrates, loads the demo (users, catalogues,
calendar) and writes by COPY, one committed batch at a time, enterprises, projects with their
applications, items and pauses at every stage of the approval flow, and appeals across all
states, with every stored clock column filled as the services would. Run it again with larger
numbers to grow the same database (it continues where it stopped).

``measure`` starts gunicorn (2 workers, 127.0.0.1:8110) on the project plus a "floor" view (a
bare Django JSON view serving one indexed query) and drives every path with 8 concurrent
keep-alive connections, printing p50/p95, throughput and the ratio to the floor's p50 — first
with the figures cache off (cold: every request computes), then the dashboard and the rates
again with it on (warm) — then it times the sweeps on the same data and the whole approval
flow through the services.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.flow import _create_database  # noqa: E402  (one copy: the flow bench's)

DEFAULT_DB = "postgresql://postgres@127.0.0.1:5432/zd_scale_bench"
PORT = int(os.environ.get("ZONEDESK_BENCH_PORT", "8110"))  # one port per concurrent session
BENCH_PREFIX = "省级基准项目"


def setup() -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.setdefault("ZONEDESK_ENV", "demo")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.province_settings")
    _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()


# -- measurement ------------------------------------------------------------------------------


def _session(username: str) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from zonedesk.organisation.models import User

    user = User.objects.get(username=username)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.set_expiry(3600 * 4)
    s.create()
    return s.session_key


def _inbox_cursor(reviewer, position: int) -> str:
    """The cursor a client holds after paging to `position` (the keys of the row before it)."""
    from zonedesk.approvals.api import INBOX_KEYS, INBOX_ORDER
    from zonedesk.approvals.selectors import review_inbox_for
    from zonedesk.core.pagination import encode_cursor

    row = (review_inbox_for(user=reviewer).select_related(None).prefetch_related(None)
           .values(*INBOX_KEYS)[max(0, position - 1)])
    return encode_cursor([row[f.lstrip("-")] for f in INBOX_ORDER])


def _load(urls, cookie: str, seconds: float, conns: int = 8) -> tuple[list[float], int, float]:
    """`conns` keep-alive connections, each requesting the next URL as soon as the last
    answered, for `seconds`. Returns (latencies, errors, elapsed)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds
    it = iter(urls)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
        mine = []
        while time.perf_counter() < stop:
            with lock:
                url = next(it)
            t = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"})
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
            mine.append(time.perf_counter() - t)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(conns)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return latencies, errors[0], time.perf_counter() - started


def _cycle(make):
    while True:
        yield make()


def _pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * q))] * 1000


def paths_for() -> list[tuple[str, str, object]]:
    """The measured paths: (label, user, a function giving the next URL); the floor first.
    bench/province_profile.py times the same ones in one process."""
    from zonedesk.approvals.models import ApplicationItem, ConstructionProject
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.organisation.models import User

    reviewer = User.objects.get(username="reviewer")
    inbox = ApplicationItem.objects.filter(department_id=reviewer.department_id, in_inbox=True).count()
    leader = User.objects.get(username="leader")  # its timelines: projects of the zones it sees
    project_ids = list(ConstructionProject.objects.filter(zone_id__in=leader.visible_zone_ids)
                       .order_by("?").values_list("pk", flat=True)[:2000])
    deep = max(1, inbox // 20)
    # The leader sees the reviewer's zone: its last page, not one past it (the enterprises of
    # the generated province are spread over every zone).
    ent_pages = max(1, Enterprise.objects.filter(zone_id=reviewer.zone_id).count() // 20)
    rnd = random.Random(1)
    deep_cursor = _inbox_cursor(reviewer, (deep - 1) * 20)
    from zonedesk.core.pagination import encode_cursor

    last = (Enterprise.objects.filter(zone_id=reviewer.zone_id).order_by("name", "id")
            .values("name", "id")[max(0, (ent_pages - 1) * 20 - 1)])
    ent_cursor = encode_cursor([last["name"], last["id"]])
    paths = [
        ("floor (one indexed query)", "reviewer", lambda: f"/bench/floor?d={reviewer.department_id}"),
        ("leader dashboard", "leader", lambda: "/dashboard/"),
        ("/api/appeals/rates", "leader", lambda: "/api/appeals/rates?from=2026-01-01&to=2026-12-31"),
        ("staff inbox page 1", "reviewer", lambda: "/api/approvals/inbox?page=1&page_size=20"),
        ("staff inbox deep page", "reviewer", lambda: f"/api/approvals/inbox?page={deep}&page_size=20"),
        ("staff inbox deep (cursor)", "reviewer",
         lambda: f"/api/approvals/inbox?page_size=20&cursor={deep_cursor}"),
        ("enterprise list deep page", "leader", lambda: f"/api/enterprises/?page={ent_pages}&page_size=20"),
        ("enterprise list deep (cursor)", "leader",
         lambda: f"/api/enterprises/?page_size=20&cursor={ent_cursor}"),
        ("project timeline", "leader",
         lambda: f"/api/approvals/projects/{rnd.choice(project_ids)}/timeline"),
    ]
    return paths


def measure(seconds: float, flows: int, sweep: bool = True, over_http: bool = True,
            sweep_batch: int | None = None) -> None:
    from zonedesk.appeals.models import Appeal
    from zonedesk.approvals.models import ApplicationItem, ConstructionProject
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.organisation.models import User

    reviewer = User.objects.get(username="reviewer")
    inbox = ApplicationItem.objects.filter(department_id=reviewer.department_id, in_inbox=True).count()
    print(f"data: {ConstructionProject.objects.count()} projects, "
          f"{ApplicationItem.objects.count()} item clocks "
          f"({inbox} in 规划建设局's inbox), {Appeal.objects.count()} appeals, "
          f"{Enterprise.objects.count()} enterprises")
    summaries()
    if not over_http:  # (named so it does not shadow the http module)
        return _after_http(sweep, flows, sweep_batch)
    cookies = {u: _session(u) for u in ("leader", "reviewer")}
    paths = paths_for()
    # First every path with the figures cache off (what each request costs when it computes),
    # then the cached paths again with the cache on (at most 60 s old, core/figure_cache.py).
    floor: list[float] = []
    _serve(paths, cookies, seconds, floor, cache="0", title="figures computed on every request (cold)")
    _serve([p for p in paths if p[0] in CACHED], cookies, seconds, floor, cache="60",
           title="figures reused up to 60 s (warm); ratio to the cold run's floor")
    _after_http(sweep, flows, sweep_batch)


# The paths whose figures core/figure_cache.py may serve from its cache.
CACHED = ("leader dashboard", "/api/appeals/rates")


def _serve(paths, cookies, seconds: float, floor: list[float], *, cache: str, title: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.province_settings",
           "ZONEDESK_FIGURES_CACHE_SECONDS": cache}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "bench.province_wsgi:application", "-w", "2", "-b",
         f"127.0.0.1:{PORT}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        print(f"\nHTTP, {title}: gunicorn 2 workers, 8 concurrent keep-alive connections, "
              f"{seconds:.0f} s per path; {time.strftime('%H:%M:%S')}, load average {_load_average()}")
        print(f"{'path':30} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7} {'p50/floor':>10} "
              f"{'alone p50':>10}")
        for label, who, make in paths:
            _load(_cycle(make), cookies[who], min(2.0, seconds), conns=2)  # warm both workers
            lat, errors, elapsed = _load(_cycle(make), cookies[who], seconds)
            # One connection: what a request costs without queueing for a worker or the CPU.
            alone, _errors, _elapsed = _load(_cycle(make), cookies[who], min(3.0, seconds), conns=1)
            p50, p95 = _pct(lat, 0.5), _pct(lat, 0.95)
            if not floor:
                floor.append(p50)
            print(f"{label:30} {p50:8.1f} {p95:8.1f} {len(lat) / elapsed:8.1f} {errors:7d} "
                  f"{p50 / floor[0]:9.1f}× {_pct(alone, 0.5):10.1f}", flush=True)
        print(f"{time.strftime('%H:%M:%S')}, load average {_load_average()}")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load_average() -> str:
    """The machine's load (other sessions share the two cores): absolute times move with it."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def summaries() -> None:
    """The generator writes cases behind the services' backs, so the per-day summaries the
    dashboard reads (decisions, indicator cases, appeals) are checked against the cases and rebuilt,
    as the check commands do, before anything is measured."""
    from zonedesk.appeals.services.summary import summaries_drift, summaries_rebuild
    from zonedesk.approvals.services.summary import decisions_drift, decisions_rebuild
    from zonedesk.indicators.services import summary_drift, summary_rebuild

    for label, drift, rebuild in (("decisions per day", decisions_drift, decisions_rebuild),
                                  ("indicator cases per day", summary_drift, summary_rebuild),
                                  ("appeals and ratings per day", summaries_drift, summaries_rebuild)):
        t = time.perf_counter()
        off = len(drift())
        checked = time.perf_counter() - t
        t = time.perf_counter()
        rows = rebuild() if off else 0
        print(f"summary {label}: {off} rows drifted (check {checked:.1f} s), "
              f"{rows} rebuilt ({time.perf_counter() - t:.1f} s)")


def _after_http(sweep: bool, flows: int, sweep_batch: int | None = None) -> None:
    if sweep:
        sweeps(sweep_batch)
    if flows:
        flow_rate(flows)


def sweeps(batch: int | None = None) -> None:
    """Time the sweeps on the generated data, with the messages they write (counted, since a
    sweep's cost is mostly what it tells whom). ``batch``: rows per transaction (default: the
    services' own)."""
    from django.db import connection
    from django.utils import timezone

    from zonedesk.appeals.models import Appeal
    from zonedesk.appeals.services import appeals_escalate_all
    from zonedesk.approvals.models import ApplicationItem
    from zonedesk.approvals.services import items_warn
    from zonedesk.core.actor import Actor
    from zonedesk.notifications.models import Delivery, Message

    sized = {"batch": batch} if batch else {}
    open_clocks = ApplicationItem.objects.filter(state__in=["in_review", "supplement"]).count()
    print(f"\nsweeps over {open_clocks} open item clocks and "
          f"{Appeal.objects.filter(status__in=['accepted', 'dispatched', 'handling', 'waiting']).count()} "
          f"active appeals (batch {batch or 'default'})")
    # Reset the marks so the first run does the real work (as on the first day of the sweep).
    ApplicationItem.objects.exclude(clock_warned="").update(clock_warned="")
    Appeal.objects.exclude(escalated_at=None).update(escalated_at=None, escalated_to=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE approvals_applicationitem")
            c.execute("VACUUM ANALYZE appeals_appeal")
    # The process's first reverse() imports every URLconf and builds the API schemas (about 10 s
    # under load); a scheduler's worker paid it long before its sweep, so it is not timed here.
    from django.urls import reverse

    reverse("approvals:inbox")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    bench = Actor.system("bench")
    for label, run in (
        ("items_warn (first run)", lambda: items_warn(**sized)),
        ("items_warn (nothing new)", lambda: items_warn(**sized)),
        ("appeals_escalate (first run)", lambda: appeals_escalate_all(actor=bench, **sized)),
        ("appeals_escalate (nothing new)", lambda: appeals_escalate_all(actor=bench, **sized)),
        # Tomorrow: the range query finds only what turned yellow/red overnight.
        ("items_warn (next day)", lambda: items_warn(today=tomorrow, **sized)),
    ):
        messages, deliveries = Message.objects.count(), Delivery.objects.count()
        t = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - t
        print(f"{label:32} {elapsed:8.2f} s   {result}; {Message.objects.count() - messages} messages, "
              f"{Delivery.objects.count() - deliveries} deliveries", flush=True)


def flow_rate(n: int) -> None:
    """The whole flow through the services (bench/flow.py's flow: create → submit → uploads →
    accept → approvals), on the generated database."""
    import tempfile

    from django.conf import settings

    from bench.flow import Flow

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="zd-bench-")
    flow = Flow()
    flow.one(0)  # warm
    flow.capture = True
    flow.one(1)
    queries = sum(flow.queries.values())
    uploads, approvals = flow.calls["upload"], flow.calls["approve"]
    flow.capture = False
    t = time.perf_counter()
    for i in range(2, n + 2):
        flow.one(i)
    elapsed = time.perf_counter() - t
    print(f"\nflow (create → submit → {uploads} uploads → accept → {approvals} approvals with certificates), "
          f"one process: {n / elapsed:.1f} flows/s ({elapsed / n * 1000:.0f} ms each), "
          f"{queries} queries per flow")
    from bench.spiff_flow import line

    print(line(uploads, approvals))  # the same process shape, in memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["generate", "measure", "all"])
    parser.add_argument("--applications", type=int, default=20000,
                        help="generated applications (1–4 per project)")
    parser.add_argument("--appeals", type=int, default=20000)
    parser.add_argument("--enterprises", type=int, default=0, help="generated enterprises (list pages)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--flows", type=int, default=30, help="0: skip the flow rate")
    parser.add_argument("--no-sweeps", action="store_true", help="skip timing the sweeps")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP paths (sweeps and flows only)")
    parser.add_argument("--sweep-batch", type=int, default=None, help="rows per sweep transaction")
    args = parser.parse_args()
    setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if args.command in ("generate", "all"):
        from bench.province_gen import generate

        generate(enterprises=args.enterprises, applications=args.applications, appeals=args.appeals)
    if args.command in ("measure", "all"):
        measure(args.seconds, args.flows, sweep=not args.no_sweeps, over_http=not args.no_http,
                sweep_batch=args.sweep_batch)


if __name__ == "__main__":
    main()
