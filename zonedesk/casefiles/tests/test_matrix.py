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


MATRIX: dict[str, tuple[Req, str]] = {
    "casefiles:progress": (Req("/progress/"), "200 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "casefiles:notice[accept]": (Req(lambda: f"/cases/applications/{_construct_app()}/accept.pdf"),
                                 "302L 404 404 404 200 200 200 200 404 200 200 200 404 404"),
    # 中玻's appeal in hand (accepted, not yet answered): the appeals matrix's detail[own] row.
    "casefiles:appeal_notice[receipt]": (Req(lambda: f"/cases/appeals/{_own_appeal()}/receipt.pdf"),
                                         "302L 404 404 404 200 200 200 404 404 200 200 200 404 404"),
    "casefiles:appeal_notice[reply]": (Req(lambda: f"/cases/appeals/{_own_appeal()}/reply.pdf"),
                                       "302L 404 404 404 404 404 404 404 404 404 404 404 404 404"),
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
