"""Keyset pages walk a list exactly once in its order; counts above the cap are not exact."""

from __future__ import annotations

import pytest

from zonedesk.approvals.selectors import review_inbox_ids_for
from zonedesk.core.pagination import capped_count, decode_cursor, encode_cursor
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def _walk(client, url: str, size: int) -> list[int]:
    seen, cursor = [], ""
    for _ in range(1000):
        body = client.get(f"{url}page_size={size}&cursor={cursor}").json()
        seen += [row["id"] for row in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return seen
    raise AssertionError("no end")


def test_the_inbox_cursor_walks_every_item_once_in_inbox_order(login_client) -> None:
    client = login_client("reviewer")
    expected = list(review_inbox_ids_for(user=User.objects.get(username="reviewer")))
    assert len(expected) > 3
    assert _walk(client, "/api/approvals/inbox?", 2) == expected
    first = client.get("/api/approvals/inbox?page_size=2").json()
    assert first["count"] == len(expected) and first["count_capped"] is False


def test_the_enterprise_cursor_walks_every_enterprise_once(login_client) -> None:
    client = login_client("leader")
    total = client.get("/api/enterprises/?page_size=200").json()["count"]
    walked = _walk(client, "/api/enterprises/?", 7)
    assert len(walked) == len(set(walked)) == total
    # Offset pages still answer, in the same order.
    page2 = client.get("/api/enterprises/?page=2&page_size=7").json()
    assert [r["id"] for r in page2["items"]] == walked[7:14]


def test_a_bad_cursor_is_a_422_naming_the_field(login_client) -> None:
    r = login_client("reviewer").get("/api/approvals/inbox?cursor=not-a-cursor")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "cursor"


def test_counts_above_the_cap_say_so() -> None:
    n = Enterprise.objects.count()
    assert capped_count(Enterprise.objects.all(), cap=n).capped is False
    capped = capped_count(Enterprise.objects.all(), cap=n - 1)
    assert capped.capped and capped.value == n - 1 and capped.label.endswith("+")


def test_cursors_round_trip_dates() -> None:
    import datetime as dt

    values = [3, True, dt.date(2026, 3, 1), "名"]
    assert decode_cursor(encode_cursor(values), 4) == values
