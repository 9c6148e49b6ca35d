"""Who may open or do what in approvals: every demo login and anonymous × every page and
API route of this app. Another zone's objects are 404; a write refused writes nothing.

Cells: a status code; 302L = redirect to the login page; 302 = redirect elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zonedesk.approvals.models import (
    Application,
    ApplicationItem,
    ApprovalItem,
    ApprovalSetting,
    CatalogueVersion,
    ItemMaterial,
    MaterialRecord,
    MaterialType,
    ProjectCategory,
    RegionalAssessment,
)
from zonedesk.approvals.tests.conftest import PDF, counts
from zonedesk.audit.models import AuditRecord
from zonedesk.demo.people import LOGINS
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db

ROLES = ("anon", *(login.username for login in LOGINS))
COLUMNS = (
    "anon",
    "admin",
    "security",
    "auditor",
    "window",
    "reviewer",
    "depthead",
    "steward",
    "investment",
    "leader",
    "province",
    "enterprise",
    "jp-leader",
    "jp-window",
)

# The 施工许可 form's entries no register prefills (the demo applicant's, as in approvals.demo).
CONSTRUCT_FORM = {
    "contractor": "辽宁省建设集团有限公司",
    "contract_price_wan": "9600",
    "construction_start": "2026-06-01",
    "floor_area_m2": "32000",
}


def _project() -> int:
    return Application.objects.get(project__name="中玻高端玻璃深加工生产线项目", stage="construct").project_id


def _app_supplement_item() -> int:
    return ApplicationItem.objects.get(
        application__project__name="中玻高端玻璃深加工生产线项目", item__code="C02"
    ).pk


def _green_item() -> int:
    return ApplicationItem.objects.get(
        application__project__name="中玻镀膜玻璃技术改造项目",
        application__stage="construct",
        item__code="C01",
    ).pk


def _construct_app() -> int:
    return Application.objects.get(project_id=_project(), stage="construct").pk


def _waiting_app() -> int:
    return Application.objects.get(project__name__contains="模拟审批").pk


def _notice() -> int:
    from zonedesk.approvals.stage_models import StageNotice

    return StageNotice.objects.get(application_id=_construct_app()).pk


def _credit_event() -> int:
    from zonedesk.approvals.models import CreditEvent

    return CreditEvent.objects.filter(zone__code="LY").order_by("pk").first().pk


def _record() -> int:
    return (
        MaterialRecord.objects.filter(enterprise__users__username="enterprise", stored_file__isnull=False)
        .first()
        .pk
    )


@dataclass(frozen=True)
class Req:
    path: object
    method: str = "get"
    data: object = None
    json: bool = False
    writes: bool = False


def _build_app() -> int:
    return Application.objects.get(project__name="中玻厂区分布式光伏发电项目", stage="build").pk


def _upload() -> dict:
    return {"file": SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")}


ANON_401 = "401"
DECIDE = "401 404 404 404 403 200 200 403 404 403 403 403 404 404"
ACT_FOR_ENTERPRISE = "401 404 404 404 404 404 404 200 404 404 404 200 404 404"

# key: a URL name (with [variant] when one name is asked several ways) -> (request, statuses
# in COLUMNS order)
MATRIX: dict[str, tuple[Req, str]] = {
    "approvals:inbox": (Req("/approvals/"), "302L 404 404 404 200 200 200 302 302 302 302 302 302 200"),
    "approvals:projects": (
        Req("/approvals/projects/"),
        "302L 404 404 404 200 200 200 200 200 200 200 200 200 200",
    ),
    "approvals:export": (
        Req("/approvals/export.xlsx"),
        "302L 404 404 404 200 200 200 200 200 200 200 200 200 200",
    ),
    "approvals:project_create": (
        Req("/approvals/projects/new/"),
        "302L 404 404 404 404 404 404 200 404 404 404 200 404 404",
    ),
    "approvals:timeline": (
        Req(lambda: f"/approvals/projects/{_project()}/"),
        "302L 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "approvals:apply": (
        Req(lambda: f"/approvals/projects/{_project()}/apply/"),
        "302L 404 404 404 404 404 404 200 404 404 404 200 404 404",
    ),
    "approvals:application": (
        Req(lambda: f"/approvals/applications/{_construct_app()}/"),
        "302L 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "approvals:item": (
        Req(lambda: f"/approvals/items/{_app_supplement_item()}/"),
        "302L 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "approvals:material_file": (
        Req(lambda: f"/approvals/library/{_record()}/file/"),
        "302L 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "approvals:assessments": (
        Req("/approvals/assessments/"),
        "302L 404 404 404 200 200 200 200 200 200 200 200 200 200",
    ),
    "approvals:application_action": (
        Req(
            lambda: f"/approvals/applications/{_waiting_app()}/refuse/",
            "post",
            {"reason": "不属于受理范围"},
            writes=True,
        ),
        "302L 404 404 404 302 404 404 302x 404 302x 302x 302x 404 404",
    ),
    "approvals:material_upload": (
        Req(lambda: f"/approvals/applications/{_waiting_app()}/materials/999999/", "post", {}, writes=True),
        "302L 404 404 404 302x 404 404 302x 404 302x 302x 302x 404 404",
    ),
    "approvals:items_approve": (
        Req("/approvals/items/approve/", "post", lambda: {"item": [_green_item()]}, writes=True),
        "302L 404 404 404 302x 302 302 302x 404 302x 302x 302x 404 404",
    ),
    "approvals:item_action": (
        Req(
            lambda: f"/approvals/items/{_app_supplement_item()}/answer/",
            "post",
            {"reason": "已补签字页"},
            writes=True,
        ),
        "302L 404 404 404 404 404 404 302x 404 404 404 302x 404 404",
    ),
    "api:approvals_catalogue": (
        Req("/api/approvals/catalogue"),
        "401 404 404 404 200 200 200 200 200 200 200 200 200 200",
    ),
    "api:approvals_projects": (
        Req("/api/approvals/projects"),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200",
    ),
    "api:approvals_create_project": (
        Req(
            "/api/approvals/projects",
            "post",
            {"enterprise_id": 0, "name": "x", "code": "1", "category_id": 0, "parcels": []},
            json=True,
            writes=True,
        ),
        "401 404 404 404 404 404 404 404 404 404 404 404 404 404",
    ),
    "api:approvals_timeline": (
        Req(lambda: f"/api/approvals/projects/{_project()}/timeline"),
        "401 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "api:approvals_submit": (
        Req(
            lambda: f"/api/approvals/projects/{_project()}/applications",
            "post",
            {"stage": "construct", "form": CONSTRUCT_FORM},
            json=True,
            writes=True,
        ),
        "401 404 404 404 404 404 404 409 404 404 404 409 404 404",
    ),
    "api:approvals_application": (
        Req(lambda: f"/api/approvals/applications/{_construct_app()}"),
        "401 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "api:approvals_upload": (
        Req(
            lambda: f"/api/approvals/applications/{_waiting_app()}/materials/999999",
            "post",
            _upload,
            writes=True,
        ),
        "401 404 404 404 404 404 404 422 404 404 404 422 404 404",
    ),
    "api:approvals_accept": (
        Req(
            lambda: f"/api/approvals/applications/{_waiting_app()}/accept",
            "post",
            {"tolerance": False},
            json=True,
            writes=True,
        ),
        "401 404 404 404 409 404 404 403 404 403 403 403 404 404",
    ),
    "api:approvals_refuse_application": (
        Req(
            lambda: f"/api/approvals/applications/{_waiting_app()}/refuse",
            "post",
            {"reason": "不属于受理范围"},
            json=True,
            writes=True,
        ),
        "401 404 404 404 200 404 404 403 404 403 403 403 404 404",
    ),
    "api:approvals_request_supplement": (
        Req(
            lambda: f"/api/approvals/applications/{_waiting_app()}/supplement",
            "post",
            {"reason": "请加盖公章"},
            json=True,
            writes=True,
        ),
        "401 404 404 404 200 404 404 403 404 403 403 403 404 404",
    ),
    "api:approvals_resubmit": (
        Req(
            lambda: f"/api/approvals/applications/{_build_app()}/resubmit",
            "post",
            None,
            json=True,
            writes=True,
        ),
        "401 404 404 404 404 404 404 422 404 404 404 422 404 404",
    ),
    "api:approvals_sign_promise": (
        Req(
            lambda: f"/api/approvals/applications/{_waiting_app()}/sign-promise",
            "post",
            None,
            json=True,
            writes=True,
        ),
        ACT_FOR_ENTERPRISE,
    ),
    "api:approvals_approve": (
        Req(
            lambda: f"/api/approvals/items/{_green_item()}/approve",
            "post",
            {"reason": ""},
            json=True,
            writes=True,
        ),
        DECIDE,
    ),
    "api:approvals_approve_many": (
        Req(
            "/api/approvals/items/approve",
            "post",
            lambda: {"item_ids": [_green_item()], "reason": ""},
            json=True,
            writes=True,
        ),
        DECIDE,
    ),
    "api:approvals_approve[extra-field]": (
        Req(
            lambda: f"/api/approvals/items/{_green_item()}/approve",
            "post",
            {"reason": "", "sneaky": 1},
            json=True,
            writes=True,
        ),
        "401 422 422 422 422 422 422 422 422 422 422 422 422 422",
    ),
    "api:approvals_refuse": (
        Req(
            lambda: f"/api/approvals/items/{_green_item()}/refuse",
            "post",
            {"reason": "不符合规划条件"},
            json=True,
            writes=True,
        ),
        DECIDE,
    ),
    "api:approvals_supplement": (
        Req(
            lambda: f"/api/approvals/items/{_green_item()}/supplement",
            "post",
            {"reason": "缺签字页"},
            json=True,
            writes=True,
        ),
        DECIDE,
    ),
    "api:approvals_item": (
        Req(lambda: f"/api/approvals/items/{_app_supplement_item()}"),
        "401 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "api:approvals_answer": (
        Req(
            lambda: f"/api/approvals/items/{_app_supplement_item()}/answer",
            "post",
            {"answer": "已补签字页"},
            json=True,
            writes=True,
        ),
        "401 404 404 404 404 404 404 422 404 404 404 422 404 404",
    ),
    "api:approvals_inbox": (
        Req("/api/approvals/inbox"),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200",
    ),
    "api:approvals_window_inbox": (
        Req("/api/approvals/window-inbox"),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200",
    ),
    "approvals:lead_inbox": (
        Req("/approvals/lead/"),
        "302L 404 404 404 404 200 200 404 404 404 404 404 404 404",
    ),
    "approvals:joint_review": (
        Req(lambda: f"/approvals/applications/{_construct_app()}/joint-review/", "post", {}, writes=True),
        "302L 404 404 404 302x 302x 302x 302x 404 302x 302x 302x 404 404",
    ),
    "approvals:form_amend": (
        Req(lambda: f"/approvals/applications/{_waiting_app()}/form/"),
        "302L 404 404 404 404 404 404 200 404 404 404 200 404 404",
    ),
    "approvals:notice_answer": (
        Req(lambda: f"/approvals/notices/{_notice()}/answer/", "post", {"answer": "x"}, writes=True),
        "302L 404 404 404 404 404 404 302x 404 404 404 302x 404 404",
    ),
    "approvals:credit_repair": (
        Req(lambda: f"/approvals/credit-events/{_credit_event()}/repair/", "post", {"note": ""}, writes=True),
        "302L 404 404 404 302x 302x 302x 302x 302x 302x 302x 404 404 404",
    ),
    "api:approvals_lead_inbox": (
        Req("/api/approvals/lead-inbox"),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200",
    ),
    "api:approvals_stage": (
        Req(lambda: f"/api/approvals/applications/{_construct_app()}/stage"),
        "401 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "api:approvals_stage_notice": (
        Req(
            lambda: f"/api/approvals/applications/{_construct_app()}/stage-notice",
            "post",
            {},
            json=True,
            writes=True,
        ),
        "401 404 404 404 403 409 409 403 404 403 403 403 404 404",
    ),
    "api:approvals_notice_answer": (
        Req(lambda: f"/api/approvals/stage-notices/{_notice()}/answer", "post", {"answer": "x"}, writes=True),
        "401 404 404 404 404 404 404 422 404 404 404 422 404 404",
    ),
    "api:approvals_joint_review": (
        Req(
            lambda: f"/api/approvals/applications/{_construct_app()}/joint-reviews",
            "post",
            {
                "kind": "drawings",
                "held_on": "2026-11-30",
                "outcome": "passed",
                "conclusion": "x",
                "department_ids": [],
            },
            json=True,
            writes=True,
        ),
        "401 404 404 404 403 422 422 403 404 403 403 403 404 404",
    ),
    "api:approvals_stage_close": (
        Req(
            lambda: f"/api/approvals/applications/{_construct_app()}/close",
            "post",
            {"result": "x"},
            json=True,
            writes=True,
        ),
        "401 404 404 404 403 409 409 403 404 403 403 403 404 404",
    ),
    "api:approvals_stage_form": (
        Req(lambda: f"/api/approvals/projects/{_project()}/stage-form?stage=complete"),
        "401 404 404 404 200 200 200 200 404 200 200 200 404 404",
    ),
    "api:approvals_form_amend": (
        Req(
            lambda: f"/api/approvals/applications/{_construct_app()}/form",
            "post",
            {"values": {"floor_area_m2": "1"}},
            json=True,
            writes=True,
        ),
        "401 404 404 404 404 404 404 200 404 404 404 200 404 404",
    ),
    "api:approvals_credit_events": (
        Req("/api/approvals/credit-events"),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200",
    ),
    "api:approvals_credit_repair": (
        Req(
            lambda: f"/api/approvals/credit-events/{_credit_event()}/repair",
            "post",
            {"note": "已修复"},
            json=True,
            writes=True,
        ),
        "401 404 404 404 200 403 403 403 403 200 403 404 404 404",
    ),
    "approvals:assessments_export": (
        Req("/approvals/assessments/export.xlsx"),
        "302L 404 404 404 200 200 200 200 200 200 200 200 200 200",
    ),
    # The administrators read an empty register (they see no business data).
    "api:approvals_assessments": (
        Req("/api/approvals/assessments/"),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200",
    ),
    "api:approvals_assessment[ly]": (
        Req(lambda: f"/api/approvals/assessments/{_assessment_ly()}"),
        "401 404 404 404 200 200 200 200 200 200 200 200 404 404",
    ),
    # Starting approvals from a pipeline project: who sees it (investment, leaders) may not
    # apply for the enterprise (403 → sent back with the reason, nothing written); the demo
    # steward is not one of this project's stewards (404).
    "approvals:from_pipeline": (
        Req(lambda: f"/approvals/projects/from-pipeline/{_pipeline()}/", "post",
            lambda: {"category_id": ProjectCategory.objects.get(
                version__zone__code="LY", version__is_current=True, code="industrial_social").pk},
            writes=True),
        "302L 404 404 404 404 404 404 404 302x 302x 302x 404 404 404",
    ),
}


def _assessment_ly() -> int:
    return RegionalAssessment.objects.filter(zone__code="LY").order_by("pk").first().pk


def _pipeline() -> int:
    from zonedesk.projects.models import Project

    return Project.objects.get(zone__code="LY", name="中玻硅基负极材料项目").pk

# The catalogue in the Django admin: the system administrator only (everyone else is sent to
# the admin login); another zone's object is answered like a missing one (a redirect).
ADMIN_ONLY = "302L {} 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L 302L"
_ADMIN_OBJECTS = {
    "approvalitem": lambda z: ApprovalItem.objects.filter(version__zone__code=z, version__is_current=True),
    "approvalsetting": lambda z: ApprovalSetting.objects.filter(zone__code=z),
    "catalogueversion": lambda z: CatalogueVersion.objects.filter(zone__code=z, is_current=True),
    "itemmaterial": lambda z: ItemMaterial.objects.filter(
        item__version__zone__code=z, item__version__is_current=True
    ),
    "materialtype": lambda z: MaterialType.objects.filter(zone__code=z),
    "projectcategory": lambda z: ProjectCategory.objects.filter(
        version__zone__code=z, version__is_current=True
    ),
    "regionalassessment": lambda z: RegionalAssessment.objects.filter(zone__code=z),
}
for _model, _qs in _ADMIN_OBJECTS.items():
    _name = f"admin:approvals_{_model}"
    MATRIX[f"{_name}_changelist"] = (
        Req(lambda n=_name: reverse(f"{n}_changelist")),
        ADMIN_ONLY.format("200"),
    )
    MATRIX[f"{_name}_add"] = (
        Req(lambda n=_name: reverse(f"{n}_add")),
        ADMIN_ONLY.format("403" if _model == "catalogueversion" else "200"),
    )
    for _zone, _status in (("LY", "200"), ("JP", "302")):
        if _model == "regionalassessment" and _zone == "JP":
            continue  # Jianping has registered none
        for _view in ("change", "history", "delete"):
            MATRIX[f"{_name}_{_view}[{_zone.lower()}]"] = (
                Req(lambda n=f"{_name}_{_view}", q=_qs, z=_zone: reverse(n, args=[q(z).first().pk])),
                ADMIN_ONLY.format(_status),
            )


def test_every_url_name_of_approvals_has_a_row() -> None:
    from zonedesk.core.tests.scope import url_routes

    ours = {
        name
        for name, route in url_routes().items()
        if name.startswith("approvals:") or route.startswith(("api/approvals/", "admin/approvals/"))
    }
    keys = {key.split("[")[0] for key in MATRIX}
    assert sorted(ours - keys) == [], "URL names of approvals without a row"
    assert sorted(keys - ours) == [], "rows for URL names that do not exist"


assert tuple(ROLES) == COLUMNS, "demo logins changed: update the matrix columns"


@pytest.fixture
def _tmp_storage():
    """The demo's files live in the default storage; the matrix downloads one of them and
    never stores anything it keeps (the writes it allows are decisions, not uploads)."""
    return None


CASES = [(name, role) for name in MATRIX for role in COLUMNS]


def _client(role: str) -> Client:
    client = Client()
    if role != "anon":
        client.force_login(User.objects.get(username=role))
    return client


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_matrix(name: str, role: str) -> None:
    req, expected_row = MATRIX[name]
    expected = dict(zip(COLUMNS, expected_row.split(), strict=True))[role]
    path = req.path() if callable(req.path) else req.path
    before = counts()
    audit_before = AuditRecord.objects.filter(action__startswith="approvals.").count()
    client = _client(role)
    if req.method == "get":
        response = client.get(path)
    elif req.json:
        body = req.data() if callable(req.data) else req.data
        if body is not None:
            response = client.post(path, body, content_type="application/json")
        else:
            response = client.post(path)
    else:
        data = req.data() if callable(req.data) else (req.data or {})
        response = client.post(path, data)
    status = str(response.status_code)
    if status == "302":
        target = response["Location"]
        if target.startswith(("/login/", "/admin/login/")):
            status = "302L"
        elif (
            req.writes and AuditRecord.objects.filter(action__startswith="approvals.").count() == audit_before
        ):
            status = "302x"
    assert status == expected, f"{name} as {role}: {status} (expected {expected})"
    if req.writes and expected[0] not in "2" and expected != "302":
        assert counts() == before, f"{name} as {role} changed rows while refused"
    if req.writes and expected in ("200", "201", "302"):
        assert AuditRecord.objects.filter(action__startswith="approvals.").count() > audit_before
