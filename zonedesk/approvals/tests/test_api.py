"""The API walks a stage as the pages do, with the same coded errors."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zonedesk.approvals.models import Application, ApplicationItem, ApplicationMaterial, MaterialStatus, Stage
from zonedesk.approvals.tests.conftest import PDF, counts, new_project, run_stage, stage_values

pytestmark = pytest.mark.django_db


def test_api_walks_a_stage_with_tolerance_supplement_and_approval(login_client, client, demo_user) -> None:
    project = new_project(name="接口测试项目")
    run_stage(project, Stage.LAND)
    run_stage(project, Stage.BUILD)
    ent = login_client("enterprise")
    r = ent.post(
        f"/api/approvals/projects/{project.pk}/applications",
        {"stage": "construct", "form": stage_values(Stage.CONSTRUCT)},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    data = r.json()
    app_id = data["id"]
    statuses = {m["code"]: m["status"] for m in data["materials"]}
    assert statuses["CERT_BUILD_PLAN"] == "reused"
    for m in data["materials"]:
        if m["status"] == "missing" and m["requirement"] == "required":
            up = SimpleUploadedFile(f"{m['code']}.pdf", PDF, content_type="application/pdf")
            r = ent.post(
                f"/api/approvals/applications/{app_id}/materials/{m['material_type_id']}", {"file": up}
            )
            assert r.status_code == 200, r.content
    # A disguised file is refused with the reason, and nothing is stored.
    secondary = next(m for m in data["materials"] if m["requirement"] == "secondary")
    before = counts()
    fake = SimpleUploadedFile(
        "监理合同.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    r = ent.post(
        f"/api/approvals/applications/{app_id}/materials/{secondary['material_type_id']}", {"file": fake}
    )
    assert r.status_code == 422 and "文件类型不允许" in r.json()["detail"][0]["msg"]
    assert counts() == before
    assert ent.post(f"/api/approvals/applications/{app_id}/sign-promise").status_code == 200
    window = login_client("window")
    r = window.post(
        f"/api/approvals/applications/{app_id}/accept", {"tolerance": True}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    assert r.json()["tolerance"] and r.json()["tolerance_deadline"]
    item = ApplicationItem.objects.get(application_id=app_id, item__code="C02")
    contract = ApplicationMaterial.objects.get(application_id=app_id, material_type__code="CONTRACT")
    reviewer = login_client("reviewer")
    r = reviewer.post(
        f"/api/approvals/items/{item.pk}/supplement",
        {"reason": "缺签字页", "material_type_ids": [contract.material_type_id]},
        content_type="application/json",
    )
    # GHJ leads 施工许可: the request waits for the stage's one notice, the clock runs on.
    assert r.json()["clock"]["state"] == "running"
    r = reviewer.post(
        f"/api/approvals/applications/{app_id}/stage-notice", {}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["notices"][0]["requests"], r.content
    notice_id = r.json()["notices"][0]["id"]
    assert login_client("enterprise").get(f"/api/approvals/applications/{app_id}").json()["items"]
    ent = login_client("enterprise")
    r = ent.post(f"/api/approvals/items/{item.pk}/answer", {"answer": "已补"})
    assert r.status_code == 422 and "施工合同" in r.json()["detail"][0]["msg"]
    upload = SimpleUploadedFile("contract-v2.pdf", PDF, content_type="application/pdf")
    r = ent.post(
        f"/api/approvals/stage-notices/{notice_id}/answer",
        {"answer": "已补签字页", "material_type_ids": str(contract.material_type_id), "files": [upload]},
    )
    assert r.status_code == 200, r.content
    r = ent.get(f"/api/approvals/applications/{app_id}")
    row = next(m for m in r.json()["materials"] if m["code"] == "CONTRACT")
    assert [v["version"] for v in row["versions"]] == [2, 1]
    assert next(i for i in r.json()["items"] if i["id"] == item.pk)["state"] == "in_review"
    assert r.json()["items"][0]["explanation"]
    reviewer = login_client("reviewer")
    r = reviewer.post(
        f"/api/approvals/items/{item.pk}/approve", {"reason": ""}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["certificate_number"].startswith("LY-")
    r = reviewer.post(
        f"/api/approvals/items/{item.pk}/approve", {"reason": ""}, content_type="application/json"
    )
    assert r.status_code == 409 and r.json()["code"] == "already_decided"
    timeline = login_client("enterprise").get(f"/api/approvals/projects/{project.pk}/timeline").json()
    construct = timeline["stages"][2]
    assert any(i["certificate_number"] for i in construct["items"])
    assert timeline["stages"][3]["forecast_end"]["date"] >= construct["forecast_end"]["date"]
    assert Application.objects.get(pk=app_id).materials.filter(status=MaterialStatus.TOLERATED).exists()


def test_api_rejects_unknown_stage_and_extra_fields(login_client) -> None:
    project = new_project()
    ent = login_client("enterprise")
    before = counts()
    for body in ({"stage": "moon"}, {"stage": "land", "extra": 1}, {"stage": "land", "simulated": "yes"}):
        r = ent.post(
            f"/api/approvals/projects/{project.pk}/applications", body, content_type="application/json"
        )
        assert r.status_code == 422, body
    assert counts() == before


def test_lists_show_an_items_clock_and_the_item_explains_it(login_client) -> None:
    """The inbox and the timeline answer each item without the steps that explain its deadline
    (about 25 translated sentences an item); the item's own answer has them, and every field the
    lists show is the item's."""
    reviewer = login_client("reviewer")
    rows = reviewer.get("/api/approvals/inbox?page_size=50").json()["items"]
    assert rows and all("explanation" not in r and "deadline_moved" not in r for r in rows)
    for row in rows[:3]:
        item = reviewer.get(f"/api/approvals/items/{row['id']}").json()
        assert item["explanation"], item
        assert {k: item[k] for k in row} == row
    ai = ApplicationItem.objects.get(pk=rows[0]["id"])
    leader = login_client("leader")
    timeline = leader.get(f"/api/approvals/projects/{ai.application.project_id}/timeline").json()
    listed = next(i for s in timeline["stages"] for i in s["items"] if i["id"] == ai.pk)
    item = leader.get(f"/api/approvals/items/{ai.pk}").json()
    assert "explanation" not in listed and {k: item[k] for k in listed} == listed
    # Another department's reviewer does not see it (the list and the item agree in scope).
    assert login_client("jp-window").get(f"/api/approvals/items/{ai.pk}").status_code == 404
