"""Benchmark: the reviewer inbox and the project timeline through the HTTP API at scale.

    python bench/approvals.py 20000                       # SQLite, var/bench-approvals.sqlite3
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/zd_bench python bench/approvals.py 20000

Builds a fresh database (migrate + the demo zone), then generates N projects of the demo
enterprises, each with a finished 立项用地规划许可 stage and a 工程建设许可 stage under review
(so 规划建设局's inbox holds about 2·N items, 2 % of them paused for 补正), and reports the p50
and p95 of:

* GET /api/approvals/inbox?page=…&page_size=20 as the demo reviewer (规划建设局);
* GET /api/approvals/projects/<id>/timeline as the leader, for random projects.

Rows are bulk-inserted: this measures reads, and the services' writes (one audit row each)
would only make the set-up slow. The requests go through Django's test client, i.e. the whole
stack except the socket.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of projects to generate")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--keep", action="store_true", help="reuse an existing bench database")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure an already generated bench database (implies --keep)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zonedesk.settings")
    os.environ.setdefault("ZONEDESK_ENV", "demo")
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench-approvals.sqlite3"
        if not (args.keep or args.measure_only) and path.exists():
            path.unlink()
        os.environ["ZONEDESK_SQLITE_PATH"] = str(path)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    if args.measure_only:
        measure(args.requests)
        return
    if connection.vendor == "postgresql" and not args.keep:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("demo_load", verbosity=0)
    started = time.perf_counter()
    generate(args.n)
    # What autovacuum does within minutes of a bulk load in production: fresh statistics and a
    # visibility map, so the planner sees the new rows and can use index-only scans.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (
                "approvals_applicationitem",
                "approvals_application",
                "approvals_constructionproject",
                "approvals_pause",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; generated {args.n} projects in {time.perf_counter() - started:.1f} s"
    )
    measure(args.requests)


def generate(n: int) -> None:
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
    enterprises = list(Enterprise.objects.filter(zone=zone).values_list("pk", "credit_grade"))
    rnd = random.Random(42)
    now = timezone.now()
    batch = 1000
    for start in range(0, n, batch):
        size = min(batch, n - start)
        with transaction.atomic():
            projects = ConstructionProject.objects.bulk_create(
                [
                    ConstructionProject(
                        zone=zone,
                        enterprise_id=enterprises[(start + i) % len(enterprises)][0],
                        name=f"基准测试项目{start + i:06d}",
                        code=f"2026-211382-30-03-{start + i + 100000:06d}",
                        category=category,
                        parcels=[f"BENCH-{start + i}"],
                    )
                    for i in range(size)
                ]
            )
            apps = []
            for p in projects:
                accepted = now - dt.timedelta(days=rnd.randint(20, 40))
                apps.append(
                    Application(
                        zone=zone,
                        project=p,
                        stage=Stage.LAND,
                        version=version,
                        status=ApplicationStatus.COMPLETED,
                        submitted_by="基准",
                        accepted_at=accepted,
                        completed_at=accepted + dt.timedelta(days=5),
                    )
                )
                green = rnd.random() < 0.3
                apps.append(
                    Application(
                        zone=zone,
                        project=p,
                        stage=Stage.BUILD,
                        version=version,
                        status=ApplicationStatus.IN_REVIEW,
                        submitted_by="基准",
                        green_channel=green,
                        accepted_at=now - dt.timedelta(days=rnd.randint(0, 12)),
                    )
                )
            apps = Application.objects.bulk_create(apps)
            rows = []
            for app in apps:
                for it in items[app.stage]:
                    done = app.status == ApplicationStatus.COMPLETED
                    rows.append(
                        ApplicationItem(
                            zone=zone,
                            application=app,
                            item=it,
                            department_id=it.department_id,
                            state=ItemState.APPROVED if done else ItemState.IN_REVIEW,
                            limit_days=it.promised_days,
                            started_at=app.accepted_at,
                            decided_at=app.completed_at,
                            decided_by="基准" if done else "",
                            green_channel=app.green_channel,
                            due_date=(app.accepted_at + dt.timedelta(days=it.promised_days + 2)).date(),
                        )
                    )
            rows = ApplicationItem.objects.bulk_create(rows)
            paused = [r for r in rows if r.state == ItemState.IN_REVIEW and rnd.random() < 0.02]
            ApplicationItem.objects.filter(pk__in=[r.pk for r in paused]).update(state=ItemState.SUPPLEMENT)
            Pause.objects.bulk_create(
                [
                    Pause(
                        zone=zone,
                        application_item=r,
                        start=now - dt.timedelta(days=1),
                        reason="等待申请人补正",
                    )
                    for r in paused
                ]
            )


def _percentiles(samples: list[float]) -> str:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return f"p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(samples)})"


def measure(requests: int) -> None:
    from django.test import Client

    from zonedesk.approvals.models import ApplicationItem, ConstructionProject
    from zonedesk.organisation.models import User

    reviewer, leader = Client(), Client()
    reviewer.force_login(User.objects.get(username="reviewer"))
    leader.force_login(User.objects.get(username="leader"))
    rnd = random.Random(7)
    inbox_total = ApplicationItem.objects.filter(
        department__code="GHJ", department__zone__code="LY", state__in=["in_review", "supplement"]
    ).count()
    pages = max(1, inbox_total // 20)
    ids = list(ConstructionProject.objects.values_list("pk", flat=True))
    for label, client, url_of in (
        ("inbox page 1      ", reviewer, lambda: "/api/approvals/inbox?page=1&page_size=20"),
        (
            "inbox random page ",
            reviewer,
            lambda: f"/api/approvals/inbox?page={rnd.randint(1, pages)}&page_size=20",
        ),
        ("timeline (random) ", leader, lambda: f"/api/approvals/projects/{rnd.choice(ids)}/timeline"),
    ):
        client.get(url_of())  # warm the calendar cache and the connection
        samples = []
        for _ in range(requests):
            url = url_of()
            t = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - t)
            assert response.status_code == 200, (url, response.status_code, response.content[:200])
        print(f"{label} {_percentiles(samples)}")
    print(f"inbox rows (规划建设局): {inbox_total}; projects: {len(ids)}")


if __name__ == "__main__":
    main()
