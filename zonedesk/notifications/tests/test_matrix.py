"""Who may open what in the message centre: a message is its recipient's alone; the
delivery log is the system administrator's."""

from __future__ import annotations

import pytest
from django.db import transaction

from zonedesk.notifications.emit import notify_people
from zonedesk.notifications.models import Message
from zonedesk.notifications.tests.matrix import ROLES, Req, check, our_url_names
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def _own() -> int:
    """A message of the enterprise user (made once per test)."""
    user = User.objects.get(username="enterprise")
    with transaction.atomic():
        notify_people("policy.matched", recipients=[user], zone_id=user.zone_id, object_key="matrix:1",
                      state="m", subject="矩阵测试")
    return Message.objects.get(recipient=user, object_key="matrix:1").pk


ALL = "302L 200 200 200 200 200 200 200 200 200 200 200 200 200"
MATRIX: dict[str, tuple[Req, str]] = {
    "notifications:inbox": (Req("/messages/"), ALL),
    "notifications:preferences": (Req("/messages/preferences/"), ALL),
    "notifications:deliveries": (Req("/messages/deliveries/"),
                                 "302L 200 404 404 404 404 404 404 404 404 404 404 404 404"),
    "notifications:open": (Req(lambda: f"/messages/{_own()}/open/", "post"),
                           "302L 404 404 404 404 404 404 404 404 404 404 W 404 404"),
    "notifications:read_all": (Req("/messages/read-all/", "post"),
                               "302L W W W W W W W W W W W W W"),
    "api:notifications_list": (Req("/api/notifications/"),
                               "401 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "api:notifications_read": (Req(lambda: f"/api/notifications/{_own()}/read", "post", json=True),
                               "401 404 404 404 404 404 404 404 404 404 404 200 404 404"),
    "api:notifications_read_all": (Req("/api/notifications/read-all", "post", json=True),
                                   "401 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "api:notifications_preferences": (
        Req("/api/notifications/preferences", "put",
            {"items": [{"event": "warning.yellow", "channel": "sms", "enabled": True}]}, json=True),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "api:notifications_preferences[bad]": (
        Req("/api/notifications/preferences", "put",
            {"items": [{"event": "warning.yellow", "channel": "in_app", "enabled": False}]}, json=True),
        "401 422 422 422 422 422 422 422 422 422 422 422 422 422"),
    "api:notifications_settings": (Req("/api/notifications/settings"),
                                   "401 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "api:notifications_settings_set": (
        Req("/api/notifications/settings", "put", {"quiet_mode": "custom", "quiet_start": "12:00",
                                                   "quiet_end": "13:00", "language": "en"}, json=True),
        "401 200 200 200 200 200 200 200 200 200 200 200 200 200"),
    "api:notifications_settings_set[bad]": (
        Req("/api/notifications/settings", "put", {"quiet_mode": "custom", "language": "en"}, json=True),
        "401 422 422 422 422 422 422 422 422 422 422 422 422 422"),
    "api:notifications_deliveries": (Req("/api/notifications/deliveries"),
                                     "401 200 403 403 403 403 403 403 403 403 403 403 403 403"),
}
CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_matrix(client, name, role):
    req, cells = MATRIX[name]
    check(client, req, cells, role)


def test_every_url_name_has_a_row():
    assert our_url_names("notifications") == {k.split("[")[0] for k in MATRIX}
