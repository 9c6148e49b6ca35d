"""The province generator of bench/province.py: a province's worth of cases written by COPY.

    python bench/province.py generate --enterprises 100000 --applications 1000000 --appeals 1000000

What it writes, per zone that has a current catalogue (the demo's 凌源 LY and 建平 JP; LY, the
demo reviewer's zone, gets ~78 % of everything so one department's inbox holds ~200k open items
at full size):

- enterprises (``基准企业…``) with valid credit codes;
- construction projects that went through 1–4 stages, one application per stage, every earlier
  stage completed (items approved, the lead department's close recorded) and the last one
  completed or still under review: its items approved, in review (running, yellow or overdue as
  the clock has it) or waiting for a 补正 with its open pause and deadline; a stage whose items are
  all decided waits for its lead (``lead_summary``). 3 % of decided items had a closed 补正 pause.
- appeals across all states, with their pauses (an open one while waiting) and ratings.

Every row carries the stored clock columns the services keep (``due_date``, ``due_paused``,
``yellow_on``, ``decided_on_time``, ``used_days``, ``due_provisional`` on items; ``used_days`` on
completed applications; ``due_on``/``due_at``/``yellow_at``/``due_paused``/``replied_on_time``
on appeals), computed by the same ``stored_clock`` functions the services call, memoised for
clocks without pauses. ``clock_warned`` is left empty: warning is the sweep's job, which
``measure`` times from that state.

Speed: rows are built as value lists from a template instance of the model (so every column
gets Django's default, exactly what ``save()`` would write) and streamed with PostgreSQL
``COPY``; ids are taken from the tables' own sequences first, so children reference parents
without a round trip.

Resumable: each batch is one transaction that writes its rows, one audit record per zone
(``bench.province.generate``, listing what the batch wrote, through ``audit_record`` so the
chain still verifies) and its row in ``bench_province_progress``. A crash loses at most the open
batch, which rolls back whole; the next run reads the progress table and continues, and a run
with larger numbers grows the same database. What is not generated (left to the services):
application materials, certificates of approved items, case numbers, appeal events and
co-departments; the measured paths do not read them for figures.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from types import SimpleNamespace
from typing import Any

PROGRESS = "bench_province_progress"
ENTERPRISE_PREFIX = "基准企业"
PROJECT_PREFIX = "省级基准项目"
APPEAL_PREFIX = "PB"
STAGES = ("land", "build", "construct", "complete")
# How far a project got (1–4 stages) and how often its last stage is still under review.
REACH_WEIGHTS = (0.20, 0.30, 0.25, 0.25)
LAST_OPEN = 0.55
MAIN_ZONE_SHARE = 0.78
REVIEWER = "基准审查员"
APPLICANT = "基准申报人"
LEAD_RESULT = "各事项均准予许可，本阶段办结。"
SUPPLEMENT_REASON = "请补正材料（基准）"
PAUSE_REASON = "等待申请人补正"


# -- COPY plumbing ------------------------------------------------------------------------------


class _Rows:
    """Rows of one model, each a copy of a template row (the model's defaults as `save()` would
    write them) with the given fields replaced, streamed to the table by COPY."""

    def __init__(self, model, **fixed: Any) -> None:
        from django.db import connection, models

        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.json = {f.attname for f in self.fields if isinstance(f, models.JSONField)}
        obj = model(**fixed)
        self.base = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in self.fields]
        self.rows: list[list[Any]] = []

    def add(self, **values: Any) -> None:
        from psycopg.types.json import Jsonb

        row = self.base.copy()
        index = self.index
        for name, value in values.items():
            row[index[name]] = Jsonb(value) if name in self.json else value
        self.rows.append(row)

    def flush(self) -> int:
        from django.db import connection

        if not self.rows:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)
        n = len(self.rows)
        self.rows = []
        return n


def _ids(model, n: int) -> list[int]:
    """n ids from the table's own sequence (a crashed batch only leaves a gap)."""
    from django.db import connection

    if n == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                       [model._meta.db_table, n])
        return [r[0] for r in cursor.fetchall()]


def _progress_table() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"""CREATE TABLE IF NOT EXISTS {PROGRESS} (
            kind text NOT NULL, batch integer NOT NULL, units integer NOT NULL, rows jsonb NOT NULL,
            done_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (kind, batch))""")


def _done(kind: str) -> tuple[int, int]:
    """(units written, batches written) of a kind, from the progress table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(sum(units), 0), count(*) FROM {PROGRESS} WHERE kind = %s", [kind])
        units, batches = cursor.fetchone()
        return int(units), int(batches)


def _commit_batch(kind: str, batch: int, units: int, tables: list[_Rows], zones: dict[int, dict]) -> dict:
    """Write the batch's rows, its audit records (one per zone) and its progress row; the caller
    holds the transaction."""
    import json

    from django.db import connection

    from zonedesk.audit.services import audit_record
    from zonedesk.core.actor import Actor

    written = {t.model._meta.label_lower: t.flush() for t in tables}
    actor = Actor.system("基准数据生成")
    for zone_id, counts in sorted(zones.items()):
        audit_record(actor=actor, action="bench.province.generate", object_type="bench.batch",
                     object_id=f"{kind}-{batch}", object_repr=f"{kind} batch {batch}",
                     after={"kind": kind, "batch": batch, **counts}, zone_id=zone_id)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {PROGRESS} (kind, batch, units, rows) VALUES (%s, %s, %s, %s)",
                       [kind, batch, units, json.dumps(written)])
    return written


# -- clocks -------------------------------------------------------------------------------------


class _Clocks:
    """Stored clocks for generated rows through the services' own `stored_clock`, memoised:
    clocks without pauses that start on the same day with the same limit have the same columns."""

    def __init__(self, now: dt.datetime) -> None:
        from django.utils import timezone

        from zonedesk.appeals.clocks import zone_settings
        from zonedesk.approvals.catalogue import settings_for
        from zonedesk.organisation.models import Zone
        from zonedesk.workdays.selectors import work_calendar

        self.cal = work_calendar()
        self.now = now
        zones = list(Zone.objects.values_list("pk", flat=True))
        self.item_ratio = {z: settings_for(z).yellow_ratio for z in zones}
        self.appeal_ratio = {z: zone_settings(z).yellow_ratio for z in zones}
        self.memo: dict = {}
        # Clocks count local calendar days. Keys use the local day through the zone's fixed
        # offset (Asia/Shanghai has kept +08:00 since 1991): timezone.localtime per row would
        # cost more than the clocks it saves.
        self.offset = timezone.localtime(now).utcoffset() or dt.timedelta(0)

    def day(self, moment: dt.datetime | None) -> dt.date | None:
        return None if moment is None else (moment + self.offset).date()

    def item(self, zone_id: int, started, limit, decided, pauses=()):
        from zonedesk.approvals.clocks import stored_clock

        key = ("i", zone_id, self.day(started), limit, self.day(decided))
        if not pauses and key in self.memo:
            return self.memo[key]
        ai = SimpleNamespace(started_at=started, limit_days=limit, decided_at=decided)
        value = stored_clock(ai, list(pauses), self.cal, self.now, self.item_ratio[zone_id])
        if not pauses:
            self.memo[key] = value
        return value

    def appeal(self, zone_id: int, accepted, amount, unit, replied, pauses=()):
        from zonedesk.appeals.clocks import stored_clock

        # Hour limits depend on the moment, working-day limits on the day only.
        key = ("a", zone_id, accepted if unit == "hours" else self.day(accepted), amount, unit,
               replied if unit == "hours" else self.day(replied))
        if not pauses and key in self.memo:
            return self.memo[key]
        a: Any = SimpleNamespace(accepted_at=accepted, limit_amount=amount, limit_unit=unit,
                                 replied_at=replied)
        value = stored_clock(a, list(pauses), self.cal, self.appeal_ratio[zone_id], self.now)
        if not pauses:
            self.memo[key] = value
        return value

    def supplement_due(self, zone_id: int, start: dt.datetime):
        from django.utils import timezone

        from zonedesk.approvals.catalogue import settings_for

        key = ("s", zone_id, timezone.localdate(start))
        if key not in self.memo:
            self.memo[key] = self.cal.add_working_days(key[2], settings_for(zone_id).supplement_days)
        return self.memo[key]


# -- the zones ----------------------------------------------------------------------------------


def _zones() -> list[SimpleNamespace]:
    """The zones with a current catalogue, the demo's main zone first, with what a generated
    case of that zone refers to."""
    from zonedesk.appeals.models import Category
    from zonedesk.approvals.catalogue import current_version
    from zonedesk.approvals.models import ApprovalItem, StageLead
    from zonedesk.organisation.models import Department, User, Zone

    out = []
    for zone in Zone.objects.order_by("pk"):
        version = current_version(zone.pk)
        if version is None:
            continue
        items = {s: list(ApprovalItem.objects.filter(version=version, stage=s).order_by("sort", "pk"))
                 for s in STAGES}
        if not all(items.values()):
            continue
        leads = dict(StageLead.objects.filter(version=version).values_list("stage", "department_id"))
        category = version.categories.order_by("pk").first()
        window = (User.objects.filter(zone=zone, role_grants__role="window").order_by("pk").first()
                  or User.objects.filter(zone=zone).order_by("pk").first())
        out.append(SimpleNamespace(
            pk=zone.pk, code=zone.code, version=version, items=items, leads=leads, category=category,
            departments=list(Department.objects.filter(zone=zone, is_active=True).order_by("pk")
                             .values_list("pk", flat=True)),
            appeal_categories=list(Category.objects.filter(zone=zone).order_by("pk")),
            window=window))
    out.sort(key=lambda z: z.code != "LY")
    return out


def _pick_zone(rnd: random.Random, zones: list) -> Any:
    if len(zones) == 1 or rnd.random() < MAIN_ZONE_SHARE:
        return zones[0]
    return zones[1 + rnd.randrange(len(zones) - 1)]


def _enterprise_ids(zones: list) -> dict[int, list[int]]:
    """Enterprises each zone's generated cases belong to: the generated ones, else the zone's own."""
    from zonedesk.enterprises.models import Enterprise

    out = {}
    for z in zones:
        ids = list(Enterprise.objects.filter(zone_id=z.pk, name__startswith=ENTERPRISE_PREFIX)
                   .values_list("pk", flat=True))
        out[z.pk] = ids or list(Enterprise.objects.filter(zone_id=z.pk).values_list("pk", flat=True))
    return out


# -- generation ---------------------------------------------------------------------------------


def generate(*, enterprises: int, applications: int, appeals: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from zonedesk.organisation.models import Zone

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Zone.objects.filter(code="LY").exists():
        call_command("demo_load", verbosity=0)
    print(f"migrate + demo: {time.perf_counter() - t:.1f} s", flush=True)
    started = time.perf_counter()
    total = write(enterprises=enterprises, applications=applications, appeals=appeals)
    t = time.perf_counter()
    tables = ["enterprises_enterprise", "approvals_constructionproject", "approvals_application",
              "approvals_applicationitem", "approvals_pause", "appeals_appeal", "appeals_appealpause",
              "appeals_rating", "audit_auditrecord",
              # the per-day summaries rebuilt after the cases: without fresh statistics the
              # planner took the rates' 167,000 department rows for one (474 ms, 113 after)
              "appeals_appealday", "appeals_ratingday", "approvals_itemdecisionday",
              "indicators_indicatorday"]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    print(f"vacuum analyze: {time.perf_counter() - t:.1f} s", flush=True)
    took = time.perf_counter() - started
    print(f"generated {total} rows in {took:.1f} s ({total / took if took else 0:.0f} rows/s); "
          f"database size {size}", flush=True)


def write(*, enterprises: int, applications: int, appeals: int, now: dt.datetime | None = None) -> int:
    """Grow the generated province to these numbers (what is there already counts); the rows
    written. Each batch commits on its own: no VACUUM here, so a test can run it in its
    transaction."""
    from django.utils import timezone

    _progress_table()
    zones = _zones()
    print("zones: " + ", ".join(z.code for z in zones), flush=True)
    now = now or timezone.now()
    total = 0
    for label, step, target in (("enterprises", _enterprises, enterprises),
                                ("applications", _projects, applications),
                                ("appeals", _appeals, appeals)):
        t = time.perf_counter()
        made, rows = step(target, zones, now)
        took = time.perf_counter() - t
        total += rows
        print(f"{label}: +{made} → {target} ({rows} rows in {took:.1f} s, "
              f"{rows / took if took else 0:.0f} rows/s)", flush=True)
    # The services keep per-day summaries (decisions, indicator cases, appeals) in their own
    # transactions; rows written behind them need the summaries recomputed, as after an import.
    from zonedesk.appeals.services.summary import summaries_rebuild
    from zonedesk.approvals.services.summary import decisions_rebuild
    from zonedesk.indicators.services import summary_rebuild

    t = time.perf_counter()
    decisions_rebuild()
    summary_rebuild()
    summaries_rebuild()
    print(f"summary tables rebuilt: {time.perf_counter() - t:.1f} s", flush=True)
    return total


def _batches(kind: str, target: int, size: int):
    """(batch number, first unit, units) still to write for `target` units of `kind`."""
    done, batch = _done(kind)
    for start in range(done, target, size):
        yield batch, start, min(size, target - start)
        batch += 1


def _enterprises(target: int, zones: list, now: dt.datetime) -> tuple[int, int]:
    from django.db import transaction

    from zonedesk.enterprises.creditcode import make
    from zonedesk.enterprises.models import Enterprise, Industry

    industries = list(Industry.objects.order_by("pk").values_list("pk", flat=True))
    made = rows = 0
    for batch, start, size in _batches("enterprises", target, 10000):
        rnd = random.Random(f"e{batch}")
        table = _Rows(Enterprise, zone_id=zones[0].pk, legal_representative="基准")
        counts: dict[int, dict] = {}
        # Credit codes from a serial that skips the few whose check digit cannot be written.
        n = start * 2
        for i, pk in enumerate(_ids(Enterprise, size)):
            while True:
                n += 1
                try:
                    code = make("211382", f"PB{n:06d}")
                    break
                except ValueError:
                    continue
            zone = _pick_zone(rnd, zones)
            counts.setdefault(zone.pk, {"enterprises": 0})["enterprises"] += 1
            table.add(id=pk, zone_id=zone.pk, credit_code=code,
                      name=f"{ENTERPRISE_PREFIX}{((start + i) * 7919) % 1000003:07d}号",
                      industry_id=industries[(start + i) % len(industries)],
                      staff_size=rnd.randint(5, 2000),
                      registered_on=(now - dt.timedelta(days=rnd.randint(200, 9000))).date())
        with transaction.atomic():
            written = _commit_batch("enterprises", batch, size, [table], counts)
        made += size
        rows += sum(written.values())
        print(f"  enterprises {start + size}/{target}", flush=True)
    return made, rows


def _projects(target: int, zones: list, now: dt.datetime) -> tuple[int, int]:
    """Projects until `target` applications exist (a batch ends on a whole project)."""
    from django.db import transaction

    from zonedesk.approvals.models import Application, ApplicationItem, ConstructionProject, Pause

    clocks = _Clocks(now)
    enterprises = _enterprise_ids(zones)
    made = rows = 0
    for batch, start, size in _batches("applications", target, 20000):
        rnd = random.Random(f"p{batch}")
        t_proj = _Rows(ConstructionProject, zone_id=zones[0].pk)
        t_app = _Rows(Application, zone_id=zones[0].pk, submitted_by=APPLICANT)
        t_item = _Rows(ApplicationItem, zone_id=zones[0].pk, limit_days=1)
        t_pause = _Rows(Pause, zone_id=zones[0].pk, start=now, reason=PAUSE_REASON)
        plans = []
        apps = 0
        while apps < size:
            zone = _pick_zone(rnd, zones)
            reach = min(size - apps, rnd.choices((1, 2, 3, 4), REACH_WEIGHTS)[0])
            plans.append((zone, reach, rnd.random() < LAST_OPEN))
            apps += reach
        project_ids = iter(_ids(ConstructionProject, len(plans)))
        app_ids = iter(_ids(Application, apps))
        n_items = sum(len(z.items[s]) for z, reach, _ in plans for s in STAGES[:reach])
        item_ids = iter(_ids(ApplicationItem, n_items))
        counts: dict[int, dict] = {}
        serial = start
        for zone, reach, last_open in plans:
            c = counts.setdefault(zone.pk, {"projects": 0, "applications": 0, "items": 0, "pauses": 0})
            pid = next(project_ids)
            serial += reach
            ents = enterprises[zone.pk]
            name = f"{PROJECT_PREFIX}{pid:08d}"
            stages = _plan_stages(rnd, reach, last_open, now)
            t_proj.add(id=pid, zone_id=zone.pk, enterprise_id=ents[rnd.randrange(len(ents))], name=name,
                       code=f"2026-211382-99-{pid:09d}", category_id=zone.category.pk,
                       parcels=[f"PB-{pid}"], created_at=stages[0][1])
            c["projects"] += 1
            project_days = 0  # the completed stages' days, stored on a completed 竣工验收
            for k, (submitted, accepted, completed) in enumerate(stages):
                stage = STAGES[k]
                aid = next(app_ids)
                green = rnd.random() < 0.3
                items, pauses = _stage_items(rnd, clocks, zone, stage, accepted, completed, now)
                decided = [it["decided_at"] for it in items]
                lead = zone.leads.get(stage)
                app: dict[str, Any] = dict(
                    id=aid, zone_id=zone.pk, project_id=pid, stage=stage, version_id=zone.version.pk,
                    green_channel=green, form={"project_name": name}, submitted_at=submitted,
                    accepted_at=accepted)
                if all(d is not None for d in decided):
                    # The lead closes a completed stage (the plan's moment) after its last decision.
                    done_at = completed or max(decided)
                    used = max(it["used_days"] for it in items)
                    if completed is not None or lead is None:
                        app.update(status="completed", completed_at=done_at, used_days=used)
                        project_days += used
                        if stage == "complete":
                            app.update(project_days=project_days)
                        if lead is not None:
                            app.update(lead_closed_at=done_at, lead_closed_by=REVIEWER,
                                       lead_result=LEAD_RESULT)
                    else:
                        app.update(status="lead_summary")
                else:
                    app.update(status="in_review")
                t_app.add(**app)
                c["applications"] += 1
                item_pks = []
                for it in items:
                    item_pks.append(next(item_ids))
                    t_item.add(id=item_pks[-1], zone_id=zone.pk, application_id=aid, green_channel=green,
                               **it)
                    c["items"] += 1
                for p in pauses:
                    t_pause.add(id=None, application_item_id=item_pks[p.pop("_item")], zone_id=zone.pk, **p)
                    c["pauses"] += 1
        pause_ids = iter(_ids(Pause, len(t_pause.rows)))
        for row in t_pause.rows:
            row[t_pause.index["id"]] = next(pause_ids)
        with transaction.atomic():
            written = _commit_batch("applications", batch, apps, [t_proj, t_app, t_item, t_pause], counts)
        made += apps
        rows += sum(written.values())
        print(f"  applications {start + apps}/{target} ({written['approvals.applicationitem']} items)",
              flush=True)
    return made, rows


def _plan_stages(rnd: random.Random, reach: int, last_open: bool, now: dt.datetime) -> list[tuple]:
    """(submitted, accepted, completed or None) per stage, walking back from now: the last stage
    accepted up to 40 days ago if still open, every earlier one completed before the next began."""
    out: list[tuple[dt.datetime, dt.datetime, dt.datetime | None]] = []
    if last_open:
        # Most open stages were accepted lately; a tail of them is weeks overdue.
        accepted = now - dt.timedelta(days=min(40.0, rnd.expovariate(1 / 8)), hours=rnd.randint(1, 8))
        out.append((accepted - dt.timedelta(hours=rnd.randint(1, 48)), accepted, None))
        end = out[-1][0] - dt.timedelta(days=rnd.randint(1, 60))
    else:
        end = now - dt.timedelta(days=rnd.randint(1, 300), hours=rnd.randint(0, 8))
    while len(out) < reach:
        completed = end
        accepted = completed - dt.timedelta(days=rnd.randint(3, 25), hours=rnd.randint(0, 8))
        out.append((accepted - dt.timedelta(hours=rnd.randint(1, 48)), accepted, completed))
        end = out[-1][0] - dt.timedelta(days=rnd.randint(1, 60))
    return out[::-1]


def _stage_items(rnd: random.Random, clocks: _Clocks, zone, stage: str, accepted: dt.datetime,
                 completed: dt.datetime | None, now: dt.datetime) -> tuple[list[dict], list[dict]]:
    """The item rows of one application and their pauses (`_item`: the item's position)."""
    items, pauses = [], []
    catalogue = zone.items[stage]
    for pos, it in enumerate(catalogue):
        roll = rnd.random()
        # Most decisions come within the promised working days (about 7/5 calendar days each),
        # about one in eight later; a completed stage's items were all decided by its close.
        took = dt.timedelta(days=it.promised_days * 1.4 * rnd.uniform(0.3, 1.15), hours=rnd.randint(0, 8))
        if completed is not None:
            decided: dt.datetime | None = min(accepted + took, completed)
        elif roll < 0.25 and accepted + took < now:
            decided = accepted + took
        else:
            decided = None
        recorded = []
        row: dict[str, Any] = dict(item_id=it.pk, department_id=it.department_id, limit_days=it.promised_days,
                                   started_at=accepted, decided_at=decided)
        if decided is not None:
            row.update(state="approved", decided_by=REVIEWER)
            if rnd.random() < 0.03:  # a 补正 answered before the decision
                p_start = accepted + (decided - accepted) * rnd.uniform(0.1, 0.5)
                p_end = p_start + (decided - p_start) * rnd.uniform(0.2, 0.8)
                recorded.append(SimpleNamespace(start=p_start, end=p_end, reason=PAUSE_REASON))
        elif roll > 0.97:  # waiting for a 补正 now
            p_start = accepted + (now - accepted) * rnd.uniform(0.3, 0.99)
            recorded.append(SimpleNamespace(start=p_start, end=None, reason=PAUSE_REASON))
            row.update(state="supplement", reason=SUPPLEMENT_REASON)
        else:
            row.update(state="in_review")
        clock = clocks.item(zone.pk, accepted, it.promised_days, decided, recorded)
        for name in clock.FIELDS:
            row[name] = getattr(clock, name)
        for p in recorded:
            pause = dict(_item=pos, start=p.start, end=p.end, reason=p.reason)
            if p.end is None:
                due = clocks.supplement_due(zone.pk, p.start)
                pause.update(due_on=due.date, due_provisional=due.provisional)
            pauses.append(pause)
        items.append(row)
    return items, pauses


def _appeals(target: int, zones: list, now: dt.datetime) -> tuple[int, int]:
    from django.db import transaction

    from zonedesk.appeals.models import Appeal, AppealPause, Rating

    clocks = _Clocks(now)
    enterprises = _enterprise_ids(zones)
    levels = ["very_satisfied", "satisfied", "basic", "unsatisfied", "very_unsatisfied"]
    made = rows = 0
    for batch, start, size in _batches("appeals", target, 20000):
        rnd = random.Random(f"a{batch}")
        t_appeal = _Rows(Appeal, zone_id=zones[0].pk, source="hotline", description="基准",
                         raised_by_id=zones[0].window.pk, raised_by_display="基准", submitted_at=now)
        t_pause = _Rows(AppealPause, zone_id=zones[0].pk, start=now, reason="补充")
        t_rating = _Rows(Rating, zone_id=zones[0].pk, kind="appeal", case_url="/", rated_at=now,
                         rated_by_id=zones[0].window.pk, rated_by_display="基准")
        ids = _ids(Appeal, size)
        counts: dict[int, dict] = {}
        for i, pk in enumerate(ids):
            n = start + i
            zone = _pick_zone(rnd, zones)
            c = counts.setdefault(zone.pk, {"appeals": 0, "pauses": 0, "ratings": 0})
            c["appeals"] += 1
            cat = zone.appeal_categories[n % len(zone.appeal_categories)]
            ents = enterprises[zone.pk]
            submitted = now - dt.timedelta(days=rnd.randint(0, 330), minutes=rnd.randint(0, 600))
            roll = rnd.random()
            a: dict[str, Any] = dict(
                id=pk, zone_id=zone.pk, number=f"{APPEAL_PREFIX}{n:09d}", enterprise_id=ents[n % len(ents)],
                category_id=cat.pk, title=f"基准诉求{n}", raised_by_id=zone.window.pk, submitted_at=submitted)
            pauses = []
            if roll < 0.03:
                a["status"] = "submitted"
            else:
                a.update(accepted_at=submitted, limit_amount=cat.limit_amount, limit_unit=cat.limit_unit,
                         lead_department_id=zone.departments[n % len(zone.departments)],
                         dispatched_at=submitted, signed_at=submitted)
                replied = None
                if roll < 0.30:
                    a["status"] = "handling"
                elif roll < 0.33:
                    a["status"] = "waiting"
                    pauses.append(SimpleNamespace(start=max(submitted, now - dt.timedelta(hours=5)), end=None,
                                                  reason="补充"))
                else:
                    replied = submitted + dt.timedelta(hours=rnd.randint(1, 24 * 12))
                    replied = min(replied, now - dt.timedelta(minutes=1))
                    if rnd.random() < 0.05:  # waited for the enterprise once before the reply
                        p_start = submitted + (replied - submitted) * 0.3
                        p_end = p_start + (replied - submitted) * 0.2
                        pauses.append(SimpleNamespace(start=p_start, end=p_end, reason="补充"))
                    a.update(reply="已办理", replied_at=replied)
                    if roll < 0.36:
                        a["status"] = "replied"
                    else:
                        closed = min(replied + dt.timedelta(days=1), now)
                        a.update(status="closed", visited_at=closed, closed_at=closed, visit_note="已回访")
                clock = clocks.appeal(zone.pk, submitted, cat.limit_amount, cat.limit_unit, replied, pauses)
                for name in clock.FIELDS:
                    a[name] = getattr(clock, name)
                if replied is not None:
                    a["replied_on_time"] = replied <= clock.due_at
                for p in pauses:
                    t_pause.add(id=None, zone_id=zone.pk, appeal_id=pk, start=p.start, end=p.end,
                                reason=p.reason)
                    c["pauses"] += 1
                if a["status"] == "closed" and rnd.random() < 0.4:
                    level = levels[rnd.randint(0, 4)]
                    t_rating.add(id=None, zone_id=zone.pk, case_id=pk, case_title=a["title"],
                                 enterprise_id=a["enterprise_id"], level=level, first_level=level,
                                 rated_by_id=zone.window.pk, rated_at=a["closed_at"])
                    c["ratings"] += 1
            t_appeal.add(**a)
        for table, model in ((t_pause, AppealPause), (t_rating, Rating)):
            for row, pk in zip(table.rows, _ids(model, len(table.rows)), strict=True):
                row[table.index["id"]] = pk
        with transaction.atomic():
            written = _commit_batch("appeals", batch, size, [t_appeal, t_pause, t_rating], counts)
        made += size
        rows += sum(written.values())
        print(f"  appeals {start + size}/{target}", flush=True)
    return made, rows
