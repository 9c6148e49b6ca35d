"""Province-scale benchmark: generate a province, then measure it over HTTP.

    python bench/province.py generate --projects 100000 --appeals 200000   # resumable
    python bench/province.py measure [--seconds 10] [--flows 30]
    python bench/province.py all --projects 100000 --appeals 200000

Database: ``DATABASE_URL`` (default postgresql://postgres@127.0.0.1:5432/zd_scale_bench; created
when missing). ``generate`` migrates, loads the demo zone (users, catalogue, calendar) and
bulk-inserts, in committed chunks, projects of the demo enterprises — each with a completed
立项用地规划许可 stage and a 工程建设许可 stage under review (2 % of its items paused for 补正) —
and appeals across all states, with every stored clock column filled as the services would.
Run it again with larger numbers to grow the same database (it continues where it stopped).

``measure`` starts gunicorn (2 workers, 127.0.0.1:8110) on the project plus a "floor" view (a
bare Django JSON view serving one indexed query) and drives every path with 8 concurrent
keep-alive connections, printing p50/p95, throughput and the ratio to the floor's p50; then it
times the sweeps on the same data and the whole approval flow through the services.
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


def _create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# -- generation -------------------------------------------------------------------------------


def generate(projects: int, appeals: int, enterprises: int = 0) -> None:
    from django.core.management import call_command
    from django.db import connection

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo_load", verbosity=0)
    print(f"migrate + demo: {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    made = _enterprises(enterprises)
    print(f"enterprises: +{made} → {enterprises} generated ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    made = _projects(projects)
    print(f"projects: +{made} → {projects} ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    made = _appeals(appeals)
    print(f"appeals: +{made} → {appeals} ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
    print(f"vacuum analyze: {time.perf_counter() - t:.1f} s")


class _Clocks:
    """Stored clocks for generated rows, memoised: rows without pauses that start on the same
    day with the same limit have the same columns."""

    def __init__(self) -> None:
        from decimal import Decimal

        from zonedesk.workdays.selectors import work_calendar

        self.cal = work_calendar()
        self.ratio = Decimal("0.20")
        self.memo: dict = {}

    def item(self, started, limit, decided, pauses=()):
        from types import SimpleNamespace

        from zonedesk.approvals.clocks import stored_clock

        key = (started.date(), limit, decided.date() if decided else None)
        if not pauses and key in self.memo:
            return self.memo[key]
        ai = SimpleNamespace(started_at=started, limit_days=limit, decided_at=decided)
        value = stored_clock(ai, list(pauses), self.cal, self.now, self.ratio)
        if not pauses:
            self.memo[key] = value
        return value

    def appeal(self, accepted, amount, unit, replied, pauses=()):
        from types import SimpleNamespace

        from zonedesk.appeals.clocks import stored_clock

        key = ("a", accepted if unit == "hours" else accepted.date(), amount, unit,
               replied.date() if replied else None)
        if not pauses and key in self.memo:
            return self.memo[key]
        a = SimpleNamespace(accepted_at=accepted, limit_amount=amount, limit_unit=unit, replied_at=replied)
        value = stored_clock(a, list(pauses), self.cal, self.ratio, self.now)
        if not pauses:
            self.memo[key] = value
        return value


def _enterprises(target: int) -> int:
    """Enterprises of the demo zone for the list pages (names sort across the whole range)."""
    from django.db import transaction

    from zonedesk.enterprises.creditcode import make
    from zonedesk.enterprises.models import Enterprise, Industry
    from zonedesk.organisation.models import Zone

    zone = Zone.objects.get(code="LY")
    industries = list(Industry.objects.values_list("pk", flat=True))
    have = Enterprise.objects.filter(name__startswith="基准企业").count()
    chunk = 5000
    n = have
    for start in range(have, target, chunk):
        rows = []
        while len(rows) < min(chunk, target - start):
            n += 1
            try:
                code = make("211382", f"PB{n:06d}")
            except ValueError:
                continue
            rows.append(Enterprise(zone=zone, credit_code=code, name=f"基准企业{(n * 7919) % 1000003:07d}号",
                                   legal_representative="基准", industry_id=industries[n % len(industries)]))
        with transaction.atomic():
            Enterprise.objects.bulk_create(rows, batch_size=5000)
        print(f"  enterprises {start + len(rows)}/{target}", flush=True)
    return max(0, target - have)


def _projects(target: int) -> int:
    from types import SimpleNamespace

    from django.db import transaction
    from django.utils import timezone

    from zonedesk.approvals.catalogue import current_version
    from zonedesk.approvals.models import (
        Application,
        ApplicationItem,
        ApplicationStatus,
        ConstructionProject,
        ItemState,
        Pause,
        Stage,
    )
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.organisation.models import Zone

    zone = Zone.objects.get(code="LY")
    version = current_version(zone.pk)
    category = version.categories.get(code="industrial_social")
    items = {s: list(version.items.filter(stage=s)) for s in (Stage.LAND, Stage.BUILD)}
    enterprises = list(Enterprise.objects.filter(zone=zone).exclude(name__startswith="基准企业")
                       .values_list("pk", flat=True))
    have = ConstructionProject.objects.filter(name__startswith=BENCH_PREFIX).count()
    clocks = _Clocks()
    now = clocks.now = timezone.now()
    chunk = 2000
    for start in range(have, target, chunk):
        rnd = random.Random(start)
        size = min(chunk, target - start)
        with transaction.atomic():
            projects = ConstructionProject.objects.bulk_create([
                ConstructionProject(
                    zone=zone, enterprise_id=enterprises[(start + i) % len(enterprises)],
                    name=f"{BENCH_PREFIX}{start + i:07d}",
                    code=f"2026-211382-30-03-{start + i + 1:07d}"[-24:],
                    category=category, parcels=[f"P-{start + i}"])
                for i in range(size)
            ])
            apps = []
            for p in projects:
                accepted = now - dt.timedelta(days=rnd.randint(60, 300), hours=rnd.randint(0, 8))
                apps.append(Application(
                    zone=zone, project=p, stage=Stage.LAND, version=version,
                    status=ApplicationStatus.COMPLETED, submitted_by="基准", accepted_at=accepted,
                    completed_at=accepted + dt.timedelta(days=rnd.randint(3, 12))))
                green = rnd.random() < 0.3
                apps.append(Application(
                    zone=zone, project=p, stage=Stage.BUILD, version=version,
                    status=ApplicationStatus.IN_REVIEW, submitted_by="基准", green_channel=green,
                    accepted_at=now - dt.timedelta(days=rnd.randint(0, 30), hours=rnd.randint(0, 8))))
            apps = Application.objects.bulk_create(apps)
            rows, pauses = [], []
            for app in apps:
                done = app.status == ApplicationStatus.COMPLETED
                used = 0
                for it in items[app.stage]:
                    decided = app.completed_at if done else None
                    paused = not done and rnd.random() < 0.02
                    pause_start = now - dt.timedelta(days=1)
                    recorded = [SimpleNamespace(start=pause_start, end=None, reason="补正")] if paused else []
                    clock = clocks.item(app.accepted_at, it.promised_days, decided, recorded)
                    used = max(used, clock.used_days or 0)
                    ai = ApplicationItem(
                        zone=zone, application=app, item=it, department_id=it.department_id,
                        state=(ItemState.APPROVED if done
                               else ItemState.SUPPLEMENT if paused else ItemState.IN_REVIEW),
                        limit_days=it.promised_days, started_at=app.accepted_at, decided_at=decided,
                        decided_by="基准" if done else "", green_channel=app.green_channel)
                    clock.apply(ai)
                    rows.append(ai)
                    if paused:
                        pauses.append((ai, pause_start))
                if done:
                    app.used_days = used
            Application.objects.bulk_update([a for a in apps if a.used_days is not None], ["used_days"])
            ApplicationItem.objects.bulk_create(rows, batch_size=5000)
            Pause.objects.bulk_create([Pause(zone=zone, application_item=ai, start=s, reason="等待申请人补正")
                                       for ai, s in pauses])
        print(f"  projects {start + size}/{target}", flush=True)
    return max(0, target - have)


def _appeals(target: int) -> int:
    from django.db import transaction
    from django.utils import timezone

    from zonedesk.appeals.models import Appeal, AppealPause, Category, Rating
    from zonedesk.enterprises.models import Enterprise
    from zonedesk.organisation.models import Department, User, Zone

    zone = Zone.objects.get(code="LY")
    cats = list(Category.objects.filter(zone=zone))
    departments = list(Department.objects.filter(zone=zone, is_active=True).values_list("pk", flat=True))
    enterprises = list(Enterprise.objects.filter(zone=zone).exclude(name__startswith="基准企业")
                       .values_list("pk", flat=True))
    window = User.objects.get(username="window")
    have = Appeal.objects.filter(number__startswith="PB").count()
    clocks = _Clocks()
    now = clocks.now = timezone.now()
    chunk = 5000
    levels = ["very_satisfied", "satisfied", "basic", "unsatisfied", "very_unsatisfied"]
    for start in range(have, target, chunk):
        rnd = random.Random(start + 1)
        size = min(chunk, target - start)
        rows, pauses, rated = [], [], []
        for i in range(size):
            n = start + i
            cat = cats[n % len(cats)]
            submitted = now - dt.timedelta(days=rnd.randint(0, 330), minutes=rnd.randint(0, 600))
            roll = rnd.random()
            a = Appeal(zone=zone, number=f"PB{n:09d}", enterprise_id=enterprises[n % len(enterprises)],
                       category=cat, source="hotline", title=f"基准诉求{n}", description="基准",
                       raised_by=window, raised_by_display="基准", submitted_at=submitted)
            if roll < 0.03:
                a.status = "submitted"
            else:
                a.accepted_at = submitted
                a.limit_amount, a.limit_unit = cat.limit_amount, cat.limit_unit
                a.lead_department_id = departments[n % len(departments)]
                a.dispatched_at = a.signed_at = submitted
                if roll < 0.30:
                    a.status = "handling"
                elif roll < 0.33:
                    a.status = "waiting"
                else:
                    a.status = "closed"
                    a.replied_at = submitted + dt.timedelta(hours=rnd.randint(1, 24 * 12))
                    a.closed_at = a.visited_at = a.replied_at + dt.timedelta(days=1)
                    a.reply = "已办理"
                pause = None
                if a.status == "waiting":
                    from types import SimpleNamespace

                    pause = SimpleNamespace(start=max(submitted, now - dt.timedelta(hours=5)), end=None,
                                            reason="补充")
                clock = clocks.appeal(a.accepted_at, a.limit_amount, a.limit_unit, a.replied_at,
                                      [pause] if pause else ())
                clock.apply(a)
                if a.replied_at is not None:
                    a.replied_on_time = a.replied_at <= clock.due_at
                if pause:
                    pauses.append((a, pause.start))
                if a.status == "closed" and rnd.random() < 0.4:
                    rated.append((a, levels[rnd.randint(0, 4)]))
            rows.append(a)
        with transaction.atomic():
            Appeal.objects.bulk_create(rows, batch_size=5000)
            AppealPause.objects.bulk_create([AppealPause(zone=zone, appeal=a, start=s, reason="补充")
                                             for a, s in pauses])
            Rating.objects.bulk_create([
                Rating(zone=zone, kind="appeal", case_id=a.pk, case_title=a.title, case_url="/",
                       enterprise_id=a.enterprise_id, level=level, first_level=level,
                       rated_by=window, rated_by_display="基准", rated_at=a.closed_at)
                for a, level in rated], batch_size=5000)
        print(f"  appeals {start + size}/{target}", flush=True)
    return max(0, target - have)


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


def measure(seconds: float, flows: int, sweep: bool = True, over_http: bool = True) -> None:
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
        return _after_http(sweep, flows)
    cookies = {u: _session(u) for u in ("leader", "reviewer")}
    project_ids = list(ConstructionProject.objects.order_by("?").values_list("pk", flat=True)[:2000])
    deep = max(1, inbox // 20)
    ent_pages = max(1, Enterprise.objects.count() // 20)
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
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.province_settings"}
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
        print(f"\nHTTP: gunicorn 2 workers, 8 concurrent keep-alive connections, {seconds:.0f} s per path")
        print(f"{'path':30} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'errors':>7} {'p50/floor':>10} "
              f"{'alone p50':>10}")
        floor = None
        for label, who, make in paths:
            _load(_cycle(make), cookies[who], min(2.0, seconds), conns=2)  # warm both workers
            lat, errors, elapsed = _load(_cycle(make), cookies[who], seconds)
            # One connection: what a request costs without queueing for a worker or the CPU.
            alone, _errors, _elapsed = _load(_cycle(make), cookies[who], min(3.0, seconds), conns=1)
            p50, p95 = _pct(lat, 0.5), _pct(lat, 0.95)
            floor = floor or p50
            print(f"{label:30} {p50:8.1f} {p95:8.1f} {len(lat) / elapsed:8.1f} {errors:7d} "
                  f"{p50 / floor:9.1f}× {_pct(alone, 0.5):10.1f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    _after_http(sweep, flows)


def summaries() -> None:
    """The generator writes cases behind the services' backs, so the per-day summaries the
    dashboard reads (decisions, indicator cases) are checked against the cases and rebuilt,
    as the check commands do, before anything is measured."""
    from zonedesk.approvals.services.summary import decisions_drift, decisions_rebuild
    from zonedesk.indicators.services import summary_drift, summary_rebuild

    for label, drift, rebuild in (("decisions per day", decisions_drift, decisions_rebuild),
                                  ("indicator cases per day", summary_drift, summary_rebuild)):
        t = time.perf_counter()
        off = len(drift())
        checked = time.perf_counter() - t
        t = time.perf_counter()
        rows = rebuild() if off else 0
        print(f"summary {label}: {off} rows drifted (check {checked:.1f} s), "
              f"{rows} rebuilt ({time.perf_counter() - t:.1f} s)")


def _after_http(sweep: bool, flows: int) -> None:
    if sweep:
        sweeps()
    if flows:
        flow_rate(flows)


def sweeps() -> None:
    from django.db import connection
    from django.utils import timezone

    from zonedesk.appeals.models import Appeal
    from zonedesk.appeals.services import appeals_escalate_all
    from zonedesk.approvals.models import ApplicationItem
    from zonedesk.approvals.services import items_warn
    from zonedesk.core.actor import Actor

    open_clocks = ApplicationItem.objects.filter(state__in=["in_review", "supplement"]).count()
    print(f"\nsweeps over {open_clocks} open item clocks and "
          f"{Appeal.objects.filter(status__in=['accepted', 'dispatched', 'handling', 'waiting']).count()} "
          f"active appeals")
    # Reset the marks so the first run does the real work (as on the first day of the sweep).
    ApplicationItem.objects.exclude(clock_warned="").update(clock_warned="")
    Appeal.objects.exclude(escalated_at=None).update(escalated_at=None, escalated_to=None)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE approvals_applicationitem")
            c.execute("VACUUM ANALYZE appeals_appeal")
    for label, run in (
        ("items_warn (first run)", lambda: items_warn()),
        ("items_warn (nothing new)", lambda: items_warn()),
        ("appeals_escalate (first run)", lambda: appeals_escalate_all(actor=Actor.system("bench"))),
        ("appeals_escalate (nothing new)", lambda: appeals_escalate_all(actor=Actor.system("bench"))),
    ):
        t = time.perf_counter()
        result = run()
        print(f"{label:32} {time.perf_counter() - t:8.2f} s   {result}", flush=True)
    # Tomorrow: the range query finds only what turned yellow/red overnight.
    t = time.perf_counter()
    result = items_warn(today=timezone.localdate() + dt.timedelta(days=1))
    print(f"{'items_warn (next day)':32} {time.perf_counter() - t:8.2f} s   {result}")


def flow_rate(n: int) -> None:
    """The whole flow through the services: create → submit → uploads → accept → approvals."""
    import tempfile

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zonedesk.approvals import services
    from zonedesk.approvals.models import ItemState, MaterialStatus, ProjectCategory, Stage
    from zonedesk.core.actor import Actor
    from zonedesk.organisation.models import User

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="zd-bench-")
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

    def actor(username: str) -> Actor:
        return Actor(user=User.objects.get(username=username), ip="127.0.0.1", channel="web")

    ent, window = actor("enterprise"), actor("window")
    reviewers: dict[int, Actor] = {}
    category = ProjectCategory.objects.get(version__zone__code="LY", version__is_current=True,
                                           code="industrial_social")
    base = int(time.time()) % 100000

    def one(i: int) -> tuple[int, int]:
        project = services.project_create(
            actor=ent, enterprise_id=ent.user.enterprise_id, name=f"流程基准{base}-{i}",
            code=f"2026-211382-30-03-{(base * 100 + i) % 1000000:06d}", category_id=category.pk,
            parcels=[f"FLOW-{base}-{i}"])
        app = services.application_submit(actor=ent, project_id=project.pk, stage=Stage.LAND)
        uploads = 0
        for row in app.materials.filter(status=MaterialStatus.MISSING):
            services.application_add_material(actor=ent, application_id=app.pk,
                                              material_type_id=row.material_type_id, upload=("m.pdf", pdf))
            uploads += 1
        services.application_accept(actor=window, application_id=app.pk)
        approvals = 0
        for ai in app.items.filter(state=ItemState.IN_REVIEW):
            r = reviewers.get(ai.department_id)
            if r is None:
                user = (User.objects.filter(department_id=ai.department_id, role_grants__role="reviewer")
                        .order_by("username").first())
                r = reviewers[ai.department_id] = Actor(user=user, ip="127.0.0.1", channel="web")
            services.item_approve(actor=r, item_id=ai.pk)
            approvals += 1
        return uploads, approvals

    one(0)  # warm
    with CaptureQueriesContext(connection) as ctx:
        uploads, approvals = one(1)
    queries = len(ctx.captured_queries)
    t = time.perf_counter()
    for i in range(2, n + 2):
        one(i)
    elapsed = time.perf_counter() - t
    print(f"\nflow (create → submit → {uploads} uploads → accept → {approvals} approvals with certificates), "
          f"one process: {n / elapsed:.1f} flows/s ({elapsed / n * 1000:.0f} ms each), "
          f"{queries} queries per flow")
    print("SpiffWorkflow in-memory rate: not measured (no new packages; see the report)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["generate", "measure", "all"])
    parser.add_argument("--projects", type=int, default=10000)
    parser.add_argument("--appeals", type=int, default=20000)
    parser.add_argument("--enterprises", type=int, default=0, help="generated enterprises (list pages)")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--flows", type=int, default=30, help="0: skip the flow rate")
    parser.add_argument("--no-sweeps", action="store_true", help="skip timing the sweeps")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP paths (sweeps and flows only)")
    args = parser.parse_args()
    setup()
    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    if args.command in ("generate", "all"):
        generate(args.projects, args.appeals, args.enterprises)
    if args.command in ("measure", "all"):
        measure(args.seconds, args.flows, sweep=not args.no_sweeps, over_http=not args.no_http)


if __name__ == "__main__":
    main()
