"""Excel import of buildings, units and leases (the shared flow): a file's rows go through the
parks services, so a bad row is reported with its row, column and rule and nothing is
written; rows may build on rows above them; a good file is written on confirmation only."""

from __future__ import annotations

import pytest

from zonedesk.audit.models import AuditRecord
from zonedesk.parks.models import Building, Lease, Unit
from zonedesk.testing.xlsx import check_upload, confirm, problems

pytestmark = pytest.mark.django_db

PARK = "同创产业园"
LEASE_HEAD = (
    "产业园",
    "楼栋",
    "单元/房间",
    "承租企业",
    "起租日",
    "到期日",
    "租金（元/平方米/月）",
    "免租期（月）",
)


def test_buildings_then_units_are_checked_then_written(login_client, counts) -> None:
    c = login_client("investment")
    before = counts()
    batch = check_upload(c, "parks-buildings", [("产业园", "楼栋名称", "层数"), (PARK, "9号导入厂房", 3)])
    assert batch.report == [] and counts()["buildings"] == before["buildings"]  # the check wrote nothing
    assert confirm(c, batch).status_code == 302
    assert Building.objects.filter(park__name=PARK, name="9号导入厂房", floors=3).exists()

    units = check_upload(
        c,
        "parks-units",
        [
            ("产业园", "楼栋", "单元/房间", "楼层", "可租面积（平方米）", "类型"),
            (PARK, "9号导入厂房", "101", 1, "1200.5", "标准厂房"),
            (PARK, "9号导入厂房", "101", 1, "300", "办公"),  # the same code again
            (PARK, "9号导入厂房", "102", 1, "0", "仓库"),  # area and kind both wrong
            (PARK, "不存在的楼", "103", 1, "10", "办公"),
        ],
    )
    assert problems(units) == {(3, "单元/房间"), (4, "类型"), (5, "楼栋")}
    assert "须为以下之一" in next(p["reason"] for p in units.report if p["row"] == 4)
    confirm(c, units, refused=True)  # a batch with problems cannot be confirmed
    assert not Unit.objects.filter(building__name="9号导入厂房").exists()


def test_a_lease_file_with_an_overlap_writes_nothing(login_client, counts) -> None:
    c = login_client("investment")
    before = counts()
    tenant = "凌源钢铁集团有限责任公司"
    batch = check_upload(
        c,
        "parks-leases",
        [
            LEASE_HEAD,
            (PARK, "1号标准厂房", "A106", tenant, "2027-01-01", "2028-12-31", "12.5", 0),
            (PARK, "1号标准厂房", "A106", tenant, "2028-06-01", "2029-12-31", "12.5", 0),  # overlaps row 2
            (PARK, "1号标准厂房", "A106", "没有这家企业", "2030-01-01", "2030-12-31", "-1", 0),
        ],
    )
    assert problems(batch) == {(3, "起租日"), (4, "承租企业")}
    assert "重叠" in batch.report[0]["reason"]
    # Only the check's own audit row: the dry run's lease (row 2) was rolled back with its audit.
    assert counts() == {**before, "audit": before["audit"] + 1}

    good = check_upload(
        c,
        "parks-leases",
        [LEASE_HEAD, (PARK, "1号标准厂房", "A106", tenant, "2027-01-01", "2028-12-31", "12.5", 2)],
    )
    assert good.report == []
    assert confirm(c, good).status_code == 302
    lease = Lease.objects.get(unit__code="A106", unit__building__park__name=PARK, start_on="2027-01-01")
    assert lease.free_months == 2 and str(lease.rent_yuan_m2_month) == "12.50"
    assert AuditRecord.objects.filter(action="import.confirm", object_id=str(good.pk)).exists()


def test_who_may_import(login_client) -> None:
    assert login_client("leader").get("/imports/parks-leases/").status_code == 404
    assert login_client("investment").get("/imports/parks-leases/").status_code == 200
