"""The whole approval flow's query budget, per step, so that it cannot creep back up.

One flow as bench/flow.py runs it: project_create → application_submit (立项用地规划许可, on
parcels no regional assessment covers, so all 6 items are live) → the 3 missing materials
uploaded one by one → application_accept → the 6 items approved (3 of them issue a
certificate). The budgets are the queries each step sends inside its transaction (in a test the
service's transaction is a savepoint of the test's, and nothing runs after commit); they were
measured when the flow was cut from 387 queries (bench/flow.py on main, either database) and are
exact: a change that adds a query to a step fails here and must say why in this table.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zonedesk.approvals import services
from zonedesk.approvals.demo import form_values
from zonedesk.approvals.models import ApplicationStatus, ItemState, MaterialStatus, ProjectCategory, Stage
from zonedesk.approvals.tests.conftest import PDF, _codes, actor, reviewer_of
from zonedesk.certificates.models import Certificate

pytestmark = pytest.mark.django_db

# step -> queries of the whole flow (upload: 3 calls, approve: 6 calls). PostgreSQL appends an
# audit record in one statement (the head moves in the insert's WITH), SQLite in two.
BUDGET = {
    "sqlite": {"create": 11, "submit": 20, "upload": 33, "accept": 17, "approve": 117},
    "postgresql": {"create": 10, "submit": 19, "upload": 27, "accept": 16, "approve": 108},
}


def _flow(name: str, capture: bool) -> tuple[dict[str, int], dict[str, list[str]], int]:
    used: dict[str, int] = defaultdict(int)
    sql: dict[str, list[str]] = defaultdict(list)

    def step(label: str, fn):
        if not capture:
            return fn()
        with CaptureQueriesContext(connection) as ctx:
            result = fn()
        used[label] += len(ctx.captured_queries)
        sql[label] += [q["sql"][:200] for q in ctx.captured_queries]
        return result

    ent = actor("enterprise")
    assert ent.user is not None and ent.user.enterprise_id is not None
    enterprise_id = ent.user.enterprise_id
    category = ProjectCategory.objects.get(
        version__zone__code="LY", version__is_current=True, code="industrial_social"
    )
    project = step(
        "create",
        lambda: services.project_create(
            actor=ent,
            enterprise_id=enterprise_id,
            name=f"流程预算{name}",
            code=f"2026-211382-30-03-{next(_codes):06d}",
            category_id=category.pk,
            parcels=[f"FLOW-{name}"],
        ),
    )
    form = form_values(Stage.LAND, project.zone_id)
    app = step(
        "submit",
        lambda: services.application_submit(actor=ent, project_id=project.pk, stage=Stage.LAND, form=form),
    )
    missing = list(
        app.materials.filter(status=MaterialStatus.MISSING).values_list("material_type_id", flat=True)
    )
    assert len(missing) == 3
    for type_id in missing:
        step(
            "upload",
            lambda t=type_id: services.application_add_material(
                actor=ent, application_id=app.pk, material_type_id=t, upload=("m.pdf", PDF)
            ),
        )
    window = actor("window")
    step("accept", lambda: services.application_accept(actor=window, application_id=app.pk))
    items = list(app.items.filter(state=ItemState.IN_REVIEW))
    assert len(items) == 6
    reviewers = {ai.pk: reviewer_of(ai) for ai in items}
    for ai in items:
        step("approve", lambda ai=ai: services.item_approve(actor=reviewers[ai.pk], item_id=ai.pk))
    app.refresh_from_db()
    assert app.status == ApplicationStatus.LEAD_SUMMARY  # every item decided: the lead's to-do
    certificates = Certificate.objects.filter(source__in=[f"approvals.item:{ai.pk}" for ai in items]).count()
    return used, sql, certificates


def test_the_flow_keeps_its_query_budget() -> None:
    _flow("warm", capture=False)  # first use: calendar and other per-process caches
    used, sql, certificates = _flow("measured", capture=True)
    assert certificates == 3
    budget = BUDGET[connection.vendor]
    print(connection.vendor, dict(used), sum(used.values()))  # shown with -s, to re-measure the table
    over = {step: (used[step], limit) for step, limit in budget.items() if used[step] > limit}
    assert not over, (over, {step: sql[step] for step in over})
    assert sum(used.values()) <= sum(budget.values())
