"""The inbox and the delivery log cost the same queries whatever their length."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from zonedesk.notifications.emit import notify_people
from zonedesk.notifications.models import Message
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def _fill(user: User, n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            notify_people("policy.matched", recipients=[user], zone_id=user.zone_id,
                          object_key=f"q:{i}", state="s", subject=f"政策{i}")


def _count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("login,path", [("enterprise", "/messages/"), ("admin", "/messages/deliveries/"),
                                        ("enterprise", "/api/notifications/")])
def test_list_queries_do_not_grow_with_rows(client, login, path) -> None:
    user = User.objects.get(username=login)
    Message.objects.all().delete()
    client.force_login(user)
    _fill(User.objects.get(username="enterprise"), 3)
    few = _count(client, path)
    _fill(User.objects.get(username="enterprise"), 40)
    assert _count(client, path) == few
