"""Benchmark: the whole approval flow through the services, with queries per step.

    python bench/flow.py [--flows 100]                          # SQLite, var/bench-flow.sqlite3
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zd_bench python bench/flow.py --flows 200

One flow = project_create → application_submit (立项用地规划许可) → the missing materials
uploaded one by one (3 in the demo catalogue) → application_accept by the window → every item
approved by a reviewer of its department (3, each issuing a certificate). The database is
migrated and the demo zone loaded (idempotent) first; flows accumulate in it, so a second run
measures a fuller database.

Printed: flows/s on one process (wall time), the CPU per flow of this process and, on a local
PostgreSQL, of its server backend (read from /proc), and the queries per flow and per step
(every query the step sent, including after-commit work such as enqueuing the certificate's
PDF render). The first flow is a warm-up (connection, caches) and is not counted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STEPS = ("create", "submit", "upload", "accept", "approve")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
    os.environ.setdefault("ZONEDESK_ENV", "demo")
    os.environ.setdefault("ZONEDESK_VAR_DIR", tempfile.mkdtemp(prefix="zd-bench-flow-var-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("ZONEDESK_SQLITE_PATH", str(ROOT / "var" / "bench-flow.sqlite3"))
        (ROOT / "var").mkdir(exist_ok=True)
    else:
        _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="zd-bench-flow-media-")
    call_command("migrate", verbosity=0)
    call_command("demo_load", verbosity=0)


def _create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


class Flow:
    """Runs flows and counts each step's queries (by step, and the SQL of each)."""

    def __init__(self) -> None:
        from zonedesk.approvals.models import ProjectCategory
        from zonedesk.core.actor import Actor
        from zonedesk.organisation.models import User

        def actor(username: str) -> Actor:
            return Actor(user=User.objects.get(username=username), ip="127.0.0.1", channel="web")

        self.ent, self.window = actor("enterprise"), actor("window")
        self.reviewers: dict[int, Actor] = {}
        self.category = ProjectCategory.objects.get(
            version__zone__code="LY", version__is_current=True, code="industrial_social"
        )
        from zonedesk.approvals.demo import form_values

        self.form = form_values("land", self.category.version.zone_id)
        self.base = int(time.time() * 10) % 1000000
        self.queries: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.sql: dict[str, list[str]] = {}  # each step's costliest call's queries
        self.capture = False
        self.certificates = 0

    def _reviewer(self, department_id: int):
        from zonedesk.core.actor import Actor
        from zonedesk.organisation.models import User

        r = self.reviewers.get(department_id)
        if r is None:
            user = (
                User.objects.filter(department_id=department_id, role_grants__role="reviewer")
                .order_by("username")
                .first()
            )
            r = self.reviewers[department_id] = Actor(user=user, ip="127.0.0.1", channel="web")
        return r

    def step(self, name: str, fn):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        if not self.capture:
            return fn()
        connection.queries_log.clear()  # the log keeps 9000 queries: a longer run would miscount
        with CaptureQueriesContext(connection) as ctx:
            result = fn()
        self.calls[name] += 1
        if name == "approve":
            self.certificates += result.certificate_id is not None
        self.queries[name] += len(ctx.captured_queries)
        if len(ctx.captured_queries) >= len(self.sql.get(name, ())):
            self.sql[name] = [q["sql"] for q in ctx.captured_queries]
        return result

    def one(self, i: int) -> None:
        from zonedesk.approvals import services
        from zonedesk.approvals.models import ItemState, MaterialStatus, Stage

        ent = self.ent
        project = self.step(
            "create",
            lambda: services.project_create(
                actor=ent,
                enterprise_id=ent.user.enterprise_id,
                name=f"流程基准{self.base}-{i}",
                code=f"2026-211382-30-03-{(self.base + i) % 1000000:06d}",
                category_id=self.category.pk,
                parcels=[f"FLOW-{self.base}-{i}"],
            ),
        )
        app = self.step(
            "submit",
            lambda: services.application_submit(
                actor=ent, project_id=project.pk, stage=Stage.LAND, form=self.form
            ),
        )
        missing = list(
            app.materials.filter(status=MaterialStatus.MISSING).values_list("material_type_id", flat=True)
        )
        for type_id in missing:
            self.step(
                "upload",
                lambda t=type_id: services.application_add_material(
                    actor=ent, application_id=app.pk, material_type_id=t, upload=("m.pdf", PDF)
                ),
            )
        self.step("accept", lambda: services.application_accept(actor=self.window, application_id=app.pk))
        items = list(app.items.filter(state=ItemState.IN_REVIEW).values_list("pk", "department_id"))
        assert items, "no item in review after acceptance"
        for item_id, department_id in items:
            r = self._reviewer(department_id)
            self.step("approve", lambda i=item_id, r=r: services.item_approve(actor=r, item_id=i))


def _backend_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend (local server only)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as c:
        c.execute("SELECT pg_backend_pid()")
        pid = c.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=100)
    parser.add_argument("--sql", action="store_true", help="print the queries of each step's costliest call")
    args = parser.parse_args()
    setup()
    import logging

    from django.db import connection

    # Checkpoints are still written (their cost is part of the flow); only their log lines are
    # kept off the terminal.
    logging.getLogger("zonedesk.audit.checkpoint").setLevel(logging.WARNING)

    flow = Flow()
    flow.one(0)  # warm-up: connection, calendar and settings caches
    flow.capture = True
    server0 = _backend_cpu()
    cpu0, t0 = time.process_time(), time.perf_counter()
    for i in range(1, args.flows + 1):
        flow.one(i)
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    server1 = _backend_cpu()
    n = args.flows
    total = sum(flow.queries.values()) / n
    print(
        f"database: {connection.vendor}; {n} flows "
        f"(create → submit → {flow.calls['upload'] // n} uploads → accept → "
        f"{flow.calls['approve'] // n} approvals, {flow.certificates // n} with a certificate), one process"
    )
    server = ""
    if server0 is not None and server1 is not None:
        server = f", server backend CPU {(server1 - server0) / n * 1000:.1f} ms/flow"
    print(f"{n / wall:.1f} flows/s ({wall / n * 1000:.1f} ms each); CPU {cpu / n * 1000:.1f} ms/flow{server}")
    print(f"queries per flow: {total:.0f}")
    for name in STEPS:
        calls = flow.calls[name]
        if calls:
            print(
                f"  {name:8} {flow.queries[name] / calls:5.1f} per call × {calls // n} = "
                f"{flow.queries[name] / n:5.1f} per flow"
            )
    from bench.spiff_flow import line

    print(line(flow.calls["upload"] // n, flow.calls["approve"] // n))  # the engine-only bound
    if args.sql:
        for name in STEPS:
            print(f"\n-- {name} (the costliest call's queries, in order)")
            for sql in flow.sql.get(name, []):
                print(f"  {sql[:240]}")


if __name__ == "__main__":
    main()
