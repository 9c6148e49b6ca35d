"""The lockout count under concurrent attempts, on PostgreSQL.

The threads commit for real (none can see another's open transaction). Rather than a
transactional test, which would flush the session's demo zone, each test builds a zone of its
own from a helper thread and deletes it afterwards the same way.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from zonedesk.audit.models import AuditRecord, Result
from zonedesk.audit.tests.support import ON_POSTGRES, in_thread, purge_zone, race
from zonedesk.organisation.models import User
from zonedesk.organisation.services import LoginFailed, auth_login
from zonedesk.testing.factories import UserFactory, ZoneFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not ON_POSTGRES, reason="row locks need PostgreSQL"),
]


@pytest.fixture
def committed_user(db: Any) -> Iterator[User]:
    user = in_thread(lambda: UserFactory(zone=ZoneFactory()))
    yield user
    in_thread(lambda: purge_zone(user.zone_id))


def waiting_for_a_lock(timeout: float = 10) -> bool:
    """Whether some session of this database is blocked on a lock within ``timeout``."""

    def count() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND wait_event_type = 'Lock'")
            return cursor.fetchone()[0]

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if in_thread(count):
            return True
        time.sleep(0.05)
    return False


def wrong(user: User) -> Any:
    def attempt() -> str:
        try:
            auth_login(username=user.username, password="wrong-password", ip="192.0.2.1")
        except LoginFailed as exc:
            return exc.code
        return "signed in"

    return attempt


def test_simultaneous_wrong_passwords_are_each_counted_and_lock_once(
    committed_user: User, settings: Any
) -> None:
    # Given a limit of five / when five wrong passwords arrive at the same moment
    settings.LOGIN_MAX_FAILURES = 5
    codes = race(*[wrong(committed_user)] * 5)
    # Then every one counted: the fifth locked the account, and exactly one said so
    assert sorted(codes) == ["bad_credentials"] * 5  # the lock is not revealed
    committed_user.refresh_from_db()
    assert committed_user.locked_until is not None
    assert committed_user.failed_logins == 0
    records = AuditRecord.objects.filter(actor_id=committed_user.pk, action="auth.login")
    assert sorted(r.message for r in records) == ["密码错误"] * 4 + ["密码错误，账号锁定"]
    assert {r.result for r in records} == {Result.FAILED}


def test_an_attempt_waits_for_a_concurrent_one_and_counts_on_top_of_it(
    committed_user: User,
) -> None:
    # Given another attempt holds the user's row and has counted three failures, uncommitted
    held, release = threading.Event(), threading.Event()

    def other_attempt() -> None:
        try:
            with transaction.atomic():
                User.objects.select_for_update().get(pk=committed_user.pk)
                User.objects.filter(pk=committed_user.pk).update(failed_logins=3)
                held.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=other_attempt)
    holder.start()
    assert held.wait(timeout=10)
    # When a wrong password arrives meanwhile
    result: list[str] = []
    attempt = threading.Thread(target=lambda: (result.append(wrong(committed_user)()),
                                               connection.close()))
    attempt.start()
    # Then it waits for the row...
    assert waiting_for_a_lock(), "the second attempt did not wait for the row lock"
    assert attempt.is_alive()
    release.set()
    holder.join(timeout=10)
    attempt.join(timeout=10)
    # ...and counts on the committed value, not the one it read before
    assert result == ["bad_credentials"]
    committed_user.refresh_from_db()
    assert committed_user.failed_logins == 4
