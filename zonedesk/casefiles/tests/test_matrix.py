"""The public progress page is open to everyone; a printed notice is read by exactly those
who may read its application (the approvals matrix row of ``approvals:application``)."""

from __future__ import annotations

import pytest

from zonedesk.approvals.models import Application
from zonedesk.notifications.tests.matrix import ROLES, Req, check, our_url_names

pytestmark = pytest.mark.django_db


def _construct_app() -> int:
    return Application.objects.get(project__name="中玻高端玻璃深加工生产线项目", stage="construct").pk


def _own_appeal() -> int:
    from zonedesk.agency.models import AgentAuthorisation
    from zonedesk.appeals.models import Appeal

    # As in the appeals matrix: whatever another capability's demo granted the steward, none.
    AgentAuthorisation.objects.filter(agent__username="steward").delete()
    return Appeal.objects.get(title="二期厂房规划许可进度").pk


def _item_with_request() -> int:
    """An item of 中玻's construction application with one 补正 request (its first notice)."""
    from zonedesk.approvals.models import ApplicationItem
    from zonedesk.approvals.services import item_request_supplement
    from zonedesk.approvals.tests.conftest import reviewer_of

    ai = (ApplicationItem.objects.filter(application_id=_construct_app(),
                                         state__in=["in_review", "supplement"]).order_by("pk").first())
    if ai.state == "in_review":
        item_request_supplement(actor=reviewer_of(ai), item_id=ai.pk, reason="补充消防设计说明")
    return ai.pk


ADMIN_ONLY = "302L 200 404 404 404 404 404 404 404 404 404 404 404 404"
API_ADMIN = "401 200 403 403 403 403 403 403 403 403 403 403 403 403"
TEXT = {"title": "受理通知书", "body": "{applicant}：已受理。", "closing": ""}
MATRIX: dict[str, tuple[Req, str]] = {
    "casefiles:progress": (Req("/progress/"), "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "casefiles:notice[accept]": (Req(lambda: f"/cases/applications/{_construct_app()}/accept.pdf"),
                                 "302L 404 404 404 200 200 200 200 404 200 200 200 404 404"),
    # 中玻's appeal in hand (accepted, not yet answered): the appeals matrix's detail[own] row.
    "casefiles:appeal_notice[receipt]": (Req(lambda: f"/cases/appeals/{_own_appeal()}/receipt.pdf"),
                                         "302L 404 404 404 200 200 200 404 404 200 200 200 404 404"),
    "casefiles:appeal_notice[reply]": (Req(lambda: f"/cases/appeals/{_own_appeal()}/reply.pdf"),
                                       "302L 404 404 404 404 404 404 404 404 404 404 404 404 404"),
    # The 补正告知书 of an item: who may read the item (the approvals matrix's item row).
    "casefiles:item_notice": (Req(lambda: f"/cases/items/{_item_with_request()}/supplement-1.pdf"),
                              "302L 404 404 404 200 200 200 200 404 200 200 200 404 404"),
    # The zone's wording: its system administrator's alone.
    "casefiles:texts": (Req("/cases/texts/"), ADMIN_ONLY),
    "casefiles:text_edit": (Req("/cases/texts/notice.accept/zh-hans/"), ADMIN_ONLY),
    "casefiles:text_edit[save]": (Req("/cases/texts/notice.accept/zh-hans/", "post",
                                      {**TEXT, "base_version": "0", "action": "save"}),
                                  "302L W 404 404 404 404 404 404 404 404 404 404 404 404"),
    "casefiles:text_preview": (Req("/cases/texts/notice.accept/zh-hans/preview.pdf", "post", TEXT),
                               ADMIN_ONLY),
    "api:casefiles_texts": (Req("/api/casefiles/texts"), API_ADMIN),
    "api:casefiles_text": (Req("/api/casefiles/texts/message.warning.red/en"), API_ADMIN),
    "api:casefiles_text_preview": (
        Req("/api/casefiles/texts/notice.accept/en/preview", "post", TEXT, json=True), API_ADMIN),
    "api:casefiles_text_save": (Req("/api/casefiles/texts/notice.accept/en", "post",
                                    {**TEXT, "base_version": 0}, json=True),
                                "401 201 403 403 403 403 403 403 403 403 403 403 403 403"),
    # A notice of a state the application is not in does not exist, for anyone.
    "casefiles:notice[refuse]": (Req(lambda: f"/cases/applications/{_construct_app()}/refuse.pdf"),
                                 "302L 404 404 404 404 404 404 404 404 404 404 404 404 404"),
}
CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_matrix(client, name, role):
    req, cells = MATRIX[name]
    check(client, req, cells, role)


def test_every_url_name_has_a_row():
    assert our_url_names("casefiles") == {k.split("[")[0] for k in MATRIX}
