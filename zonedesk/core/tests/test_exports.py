"""Every register export: opens in openpyxl, holds only what its reader may see (the other
zone's enterprises never appear), and a hostile value stays inert text."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from zonedesk.core.tests.scope import zone_markers
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db

EXPORTS = ("/approvals/export.xlsx", "/appeals/export.xlsx", "/appeals/ratings/export.xlsx",
           "/verify/certificates/export.xlsx", "/enterprises/export.xlsx",
           "/organisation/users/export.xlsx", "/audit/export.xlsx")
# The accounts are the system administrator's and the trail the auditor's (one zone each here).
LOGINS = {"/organisation/users/export.xlsx": ("admin", None), "/audit/export.xlsx": ("auditor", None)}


def _cells(client, path: str) -> list:
    response = client.get(path)
    assert response.status_code == 200, path
    body = b"".join(response.streaming_content) if response.streaming else response.content
    wb = load_workbook(io.BytesIO(body), read_only=True)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


@pytest.mark.parametrize("path", EXPORTS)
@pytest.mark.parametrize("login,other", [("window", "JP"), ("jp-window", "LY")])
def test_export_keeps_to_the_readers_zone(client, path, login, other) -> None:
    if path in LOGINS:
        login = LOGINS[path][0] if other == "JP" else None
        if login is None:
            pytest.skip("no Jianping administrator in the demo")
    client.force_login(User.objects.get(username=login))
    text = "\n".join(str(c.value) for c in _cells(client, path) if c.value is not None)
    leaked = [m for m in zone_markers(other) if m and m in text]
    assert not leaked, f"{path} as {login} shows {other}'s {leaked[:3]}"


def test_hostile_text_is_not_a_formula(client) -> None:
    from zonedesk.appeals.models import Appeal

    appeal = Appeal.objects.filter(zone__code="LY").first()
    Appeal.objects.filter(pk=appeal.pk).update(title='=HYPERLINK("http://evil","点我")')
    client.force_login(User.objects.get(username="window"))
    cells = [c for c in _cells(client, "/appeals/export.xlsx") if str(c.value).startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_enterprise_user_exports_only_its_own(client) -> None:
    user = User.objects.get(username="enterprise")
    client.force_login(user)
    text = "\n".join(str(c.value) for c in _cells(client, "/appeals/export.xlsx") if c.value)
    others = [m for m in zone_markers("LY") if m not in (user.enterprise.name, user.enterprise.credit_code)]
    assert user.enterprise.name in text
    assert not [m for m in others if m and m in text]
