"""Excel import of parcels (the shared flow): the form's rules per row and column, nothing
written until a clean file is confirmed."""

from __future__ import annotations

import json

import pytest

from zonedesk.land.models import Parcel
from zonedesk.testing.xlsx import check_upload, confirm, problems

pytestmark = pytest.mark.django_db
HEAD = ("地块编号", "位置", "面积（亩）", "用途", "准入行业", "产业园", "边界（GeoJSON）")
SQUARE = json.dumps(
    {
        "type": "Polygon",
        "coordinates": [[[119.41, 41.24], [119.415, 41.24], [119.415, 41.244], [119.41, 41.24]]],
    }
)
POINT = json.dumps({"type": "Point", "coordinates": [119.41, 41.24]})


def test_bad_parcels_are_reported_by_row_and_column(login_client, counts) -> None:
    c = login_client("investment")
    before = counts()
    batch = check_upload(
        c,
        "land-parcels",
        [
            HEAD,
            ("LY-IMP-01", "导入路 1 号", "30", "工业用地", "C34", "同创产业园", SQUARE),
            ("LY-IMP-01", "导入路 2 号", "10", "工业用地", "", "", ""),  # the code of row 2 again
            ("LY-IMP-03", "导入路 3 号", "0", "工业用地", "", "", ""),  # area ≤ 0
            ("LY-IMP-04", "导入路 4 号", "5", "工业用地", "C99", "没有的园", POINT),
        ],
    )
    assert problems(batch) == {(3, "地块编号"), (4, "面积（亩）"), (5, "准入行业"), (5, "产业园")}
    assert counts() == {**before, "audit": before["audit"] + 1}  # the check's own row only

    good = check_upload(
        c, "land-parcels", [HEAD, ("LY-IMP-01", "导入路 1 号", "30", "工业用地", "C34", "同创产业园", SQUARE)]
    )
    assert good.report == []
    assert confirm(c, good).status_code == 302
    p = Parcel.objects.get(zone__code="LY", code="LY-IMP-01")
    assert str(p.area_m2) == "20000.00" and p.boundary["type"] == "Polygon" and p.park.name == "同创产业园"


def test_a_point_is_not_a_boundary(login_client) -> None:
    batch = check_upload(
        login_client("investment"), "land-parcels", [HEAD, ("LY-IMP-09", "", "5", "", "", "", POINT)]
    )
    assert problems(batch) == {(2, "边界（GeoJSON）")}
