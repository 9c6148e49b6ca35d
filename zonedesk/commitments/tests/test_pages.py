"""The pages and the figures: lists cost the same queries whatever their size, the figures are
SQL aggregates that agree with the lists behind them, the dashboard and the workbench show
overdue commitments, the enterprise confirms from its own login."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zonedesk.commitments import rules
from zonedesk.commitments.figures import arrear_figures, commitment_figures
from zonedesk.commitments.models import Arrear, ArrearPayment, Commitment
from zonedesk.core.figures import Period
from zonedesk.core.tests.scope import client_for
from zonedesk.organisation.models import Department, User, Zone

pytestmark = pytest.mark.django_db


def _year() -> Period:
    today = timezone.localdate()
    return Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), "")


def _more_commitments(n: int) -> None:
    dept = Department.objects.get(zone__code="LY", code="GHJ")
    today = timezone.localdate()
    Commitment.objects.bulk_create(
        Commitment(
            zone_id=dept.zone_id,
            number=f"CNX{i:05d}",
            beneficiary=f"企业{i}",
            title=f"事项{i}",
            kind="land",
            source_kind="agreement",
            source_title="协议",
            promised_on=today,
            due_on=today + dt.timedelta(days=i),
            department=dept,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("url", ["/commitments/?size=20", "/commitments/arrears/?size=20"])
def test_list_queries_do_not_grow_with_the_page(client, url) -> None:
    c = client_for(client, "leader")
    c.get(url)  # warm caches (nav, sessions)
    with CaptureQueriesContext(connection) as small:
        assert c.get(url).status_code == 200
    _more_commitments(60)
    owner = User.objects.get(username="enterprise").enterprise
    dept = Department.objects.get(zone__code="LY", code="JFJ")
    Arrear.objects.bulk_create(
        Arrear(
            zone_id=dept.zone_id,
            number=f"QKX{i:05d}",
            enterprise=owner,
            department=dept,
            kind="works",
            basis="合同",
            amount_yuan=Decimal("10.00"),
            due_on=timezone.localdate(),
        )
        for i in range(60)
    )
    with CaptureQueriesContext(connection) as big:
        assert c.get(url.replace("size=20", "size=50")).status_code == 200
    assert len(big) == len(small)


def test_figures_are_aggregates_that_match_their_lists(client) -> None:
    zone_ids = frozenset(Zone.objects.filter(code="LY").values_list("pk", flat=True))
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as ctx:
        figures = {
            f.key: f for f in commitment_figures(zone_ids, _year()) + arrear_figures(zone_ids, _year())
        }
    assert len(ctx) == 3  # commitments, arrears, payments: one aggregate each
    overdue = Commitment.objects.filter(zone_id__in=zone_ids, status="open", due_on__lt=today).count()
    assert figures["commitments.overdue.count"].value == overdue > 0
    outstanding = Arrear.objects.filter(zone_id__in=zone_ids, status="outstanding").aggregate(
        t=Sum(F("amount_yuan") - F("paid_yuan"))
    )["t"]
    assert figures["arrears.outstanding.wan"].value == rules.wan(outstanding)
    buckets = sum((figures[f"arrears.ageing.{b.key}.wan"].value for b in rules.BUCKETS), Decimal(0))
    assert abs(buckets - figures["arrears.outstanding.wan"].value) <= Decimal("0.05")  # each rounded
    cleared = ArrearPayment.objects.filter(zone_id__in=zone_ids, paid_on__year=today.year).aggregate(
        t=Sum("amount_yuan")
    )["t"]
    assert figures["arrears.cleared.wan"].value == rules.wan(cleared)
    # The link of the overdue figure lists exactly the rows it counts.
    c = client_for(client, "leader")
    page = c.get(figures["commitments.overdue.count"].url + "&size=100")
    assert page.context["page"].paginator.count == overdue


def test_dashboard_and_workbench_show_overdue_commitments(client) -> None:
    c = client_for(client, "leader")
    body = c.get("/dashboard/").content.decode()
    assert "有诺必践与清理拖欠" in body and "超期未兑现承诺" in body
    api = json.loads(c.get("/api/dashboard/summary").content)
    assert "commitments.overdue.count" in json.dumps(api)
    c = client_for(client, "depthead")
    body = c.get("/").content.decode()
    assert "承诺超期" in body  # the department head's to-do list


def test_enterprise_confirms_an_arrear_from_its_own_login(client) -> None:
    c = client_for(client, "enterprise")
    own = User.objects.get(username="enterprise").enterprise
    a = Arrear.objects.filter(enterprise=own, confirm_state="pending").first()
    assert "请核对园区欠付贵企业的账款" in c.get("/").content.decode()
    page = c.get(f"/commitments/arrears/{a.pk}/")
    assert "确认金额与期限无误" in page.content.decode()
    r = c.post(f"/commitments/arrears/{a.pk}/confirm/", {"version": a.version})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.confirm_state == "confirmed"
    # It sees only its own entries.
    listed = c.get("/commitments/arrears/?size=100").context["page"].object_list
    assert {x.enterprise_id for x in listed} == {own.pk}


def test_create_page_shows_the_rule_under_the_field_and_writes_nothing(client) -> None:
    c = client_for(client, "investment")
    before = Commitment.objects.count()
    dept = Department.objects.get(zone__code="LY", code="GHJ")
    r = c.post(
        "/commitments/new/",
        {
            "title": "净地交付",
            "kind": "land",
            "source_kind": "agreement",
            "source_title": "协议",
            "promised_on": "2026-05-01",
            "due_on": "2026-04-01",
            "department": dept.pk,
            "beneficiary": "某投资方",
        },
    )
    assert r.status_code == 200
    assert r.context["form"].errors["due_on"] == ["兑现期限不能早于承诺日期"]
    assert Commitment.objects.count() == before
    r = c.post(
        "/commitments/new/",
        {
            "title": "净地交付",
            "kind": "land",
            "source_kind": "agreement",
            "source_title": "协议",
            "promised_on": "2026-05-01",
            "due_on": "2026-06-01",
            "department": dept.pk,
            "beneficiary": "某投资方",
            "amount_yuan": "1500000.00",
        },
    )
    assert r.status_code == 302
    created = Commitment.objects.get(title="净地交付", beneficiary="某投资方")
    assert created.amount_yuan == Decimal("1500000.00") and created.number.startswith("CN")


def test_exports_are_workbooks_of_the_filtered_rows(client) -> None:
    from openpyxl import load_workbook

    c = client_for(client, "leader")
    r = c.get("/commitments/export.xlsx?view=overdue")
    ws = load_workbook(io.BytesIO(r.getvalue())).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert (
        len(rows)
        == Commitment.objects.filter(zone__code="LY", status="open", due_on__lt=timezone.localdate()).count()
    )
    r = c.get("/commitments/arrears/export.xlsx")
    ws = load_workbook(io.BytesIO(r.getvalue())).active
    header = [cell.value for cell in ws[1]]
    assert header[5] == "应付金额（元）"
    assert ws.max_row - 1 == Arrear.objects.filter(zone__code="LY").count()


def test_a_commitment_that_looks_like_a_formula_is_exported_as_text(client) -> None:
    from openpyxl import load_workbook

    one = Commitment.objects.filter(zone__code="LY").order_by("pk").first()
    assert one is not None
    Commitment.objects.filter(pk=one.pk).update(title="=1+2", source_title='@SUM(A1)')
    r = client_for(client, "leader").get("/commitments/export.xlsx")
    ws = load_workbook(io.BytesIO(r.getvalue())).active
    cells = {c.value: c.data_type for row in ws.iter_rows() for c in row if c.value in ("=1+2", "@SUM(A1)")}
    assert cells == {"=1+2": "s", "@SUM(A1)": "s"}


def test_api_refuses_a_float_amount_and_names_the_field(client) -> None:
    c = client_for(client, "investment")
    dept = Department.objects.get(zone__code="LY", code="JFJ")
    own = User.objects.get(username="enterprise").enterprise
    body = {
        "enterprise_id": own.pk,
        "department_id": dept.pk,
        "kind": "works",
        "basis": "合同",
        "amount_yuan": 1000.5,
        "due_on": "2026-12-31",
    }
    r = c.post("/api/commitments/arrears", json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    body["amount_yuan"] = "1000.505"
    r = c.post("/api/commitments/arrears", json.dumps(body), content_type="application/json")
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "amount_yuan"]
    body["amount_yuan"] = "1000.50"
    r = c.post("/api/commitments/arrears", json.dumps(body), content_type="application/json")
    assert r.status_code == 201 and r.json()["amount_yuan"] == "1000.50"
    a = r.json()
    r = c.post(
        f"/api/commitments/arrears/{a['id']}/payments",
        json.dumps({"amount_yuan": "1000.50", "version": 0}),
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "stale_version"
    r = c.post(
        f"/api/commitments/arrears/{a['id']}/payments",
        json.dumps({"amount_yuan": "1000.50", "version": a["version"]}),
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["status"] == "cleared"


def test_openapi_lists_every_route_with_unique_component_names(client) -> None:
    schema = json.loads(client.get("/api/openapi.json").content)
    paths = [p for p in schema["paths"] if p.startswith("/api/commitments")]
    assert len(paths) >= 10
    names = schema["components"]["schemas"]
    assert "CommitmentIn" in names and "ArrearIn" in names


def test_sweep_command_is_idempotent() -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("commitments_sweep", stdout=out)
    first = int(out.getvalue().split()[0])
    assert first == Commitment.objects.filter(status="open", due_on__lt=timezone.localdate()).count()
    out = io.StringIO()
    call_command("commitments_sweep", stdout=out)
    assert out.getvalue().startswith("0 ")
