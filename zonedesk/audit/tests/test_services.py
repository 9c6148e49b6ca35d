"""audit_record / audit_event on the database, and the rule that every service writes
exactly one audit row inside its own transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction

from zonedesk.audit.chain import GENESIS, record_hash
from zonedesk.audit.models import AuditChain, AuditRecord, Result
from zonedesk.audit.services import GLOBAL_CHAIN, audit_event, audit_prune, audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.organisation import services as org
from zonedesk.organisation.models import ApiToken, Department, DepartmentKind, User, UserRole
from zonedesk.organisation.roles import Role
from zonedesk.parks.models import Park
from zonedesk.testing.factories import PASSWORD, UserFactory, ZoneFactory

from .support import SYSTEM, chain_key, fresh_zone_chain, head, verify_ok, write

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "zonedesk-demo"


class TestAuditRecord:
    def test_records_of_a_zone_form_a_numbered_linked_chain(self) -> None:
        zone, records = fresh_zone_chain(3)
        assert [r.seq for r in records] == [1, 2, 3]
        assert {r.chain for r in records} == {chain_key(zone)}
        assert records[0].prev_hash == GENESIS
        assert records[1].prev_hash == records[0].hash
        assert records[2].prev_hash == records[1].hash
        chain = head(zone)
        assert (chain.last_seq, chain.last_hash) == (3, records[2].hash)
        assert (chain.anchor_seq, chain.anchor_hash) == (0, GENESIS)

    def test_each_zone_has_its_own_chain(self) -> None:
        zone_a, _ = fresh_zone_chain(2)
        zone_b, _ = fresh_zone_chain(1)
        assert head(zone_a).last_seq == 2
        assert head(zone_b).last_seq == 1

    def test_an_event_without_a_zone_goes_on_the_global_chain(self) -> None:
        before = AuditChain.objects.filter(key=GLOBAL_CHAIN).values_list("last_seq", flat=True).first()
        record = audit_event(actor=SYSTEM, action="test.global")
        assert record.chain == GLOBAL_CHAIN
        assert record.zone_id is None
        assert record.seq == (before or 0) + 1

    def test_the_zone_comes_from_the_object_then_from_the_actor(self, demo_user: Any) -> None:
        window = demo_user("window")
        jp_dept = Department.objects.get(zone__code="JP", code="SPJ")
        with transaction.atomic():
            on_obj = audit_record(actor=Actor(user=window), action="test.obj", obj=jp_dept)
            on_actor = audit_record(actor=Actor(user=window), action="test.actor")
        assert on_obj.zone_id == jp_dept.zone_id
        assert on_obj.object_type == "organisation.department"
        assert on_obj.object_id == str(jp_dept.pk)
        assert on_obj.object_repr == jp_dept.name
        assert on_actor.zone_id == window.zone_id

    def test_the_actor_name_channel_and_ip_are_kept(self, demo_user: Any) -> None:
        window = demo_user("window")
        record = audit_event(actor=Actor(user=window, ip="192.0.2.7", channel="api"),
                             action="test.who")
        assert (record.actor_id, record.actor_name) == (window.pk, "李晓琳")
        assert (record.channel, record.ip) == ("api", "192.0.2.7")
        system = audit_event(actor=Actor.system("nightly"), action="test.who")
        assert (system.actor_id, system.actor_name, system.ip) == (None, "系统(nightly)", "")

    def test_a_reloaded_record_still_matches_its_hash(self) -> None:
        # The hash is computed before the insert; what the database gives back must hash the
        # same, whatever JSON and timestamp round-trip it applies (jsonb reorders keys).
        zone = ZoneFactory()
        written = write(zone, before={"z": 1, "a": [3, "二", None], "money": Decimal("12.30")},
                        after={"day": dt.date(2026, 2, 14), "nested": {"b": True, "a": 1.5},
                               "名称": "凌源"},
                        message="x" * 600, object_repr="y" * 300)
        stored = AuditRecord.objects.get(pk=written.pk)
        assert stored.after == {"day": "2026-02-14", "nested": {"b": True, "a": "1.5"}, "名称": "凌源"}
        assert len(stored.message) == 500
        assert len(stored.object_repr) == 200
        key = settings.AUDIT_KEYS[stored.key_id]
        assert record_hash(stored.content(), stored.prev_hash, key) == stored.hash

    def test_audit_record_refuses_to_run_outside_a_transaction(self) -> None:
        with mock.patch.object(connection, "in_atomic_block", False), \
                pytest.raises(RuntimeError, match="inside the service's transaction"):
            audit_record(actor=SYSTEM, action="test.outside")

    def test_an_audit_row_rolls_back_with_its_transaction(self) -> None:
        zone, _ = fresh_zone_chain(1)
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            write(zone)
            1 / 0  # noqa: B018
        assert head(zone).last_seq == 1
        assert AuditRecord.objects.filter(chain=chain_key(zone)).count() == 1
        # ...and the next record continues the chain without a gap.
        assert write(zone).seq == 2
        verify_ok()


# --- one audit row per service call -----------------------------------------------------------

Call = Callable[[Any], Any]


def _login_ok(u: Any) -> Any:
    return org.auth_login(username="window", password=DEMO_PASSWORD, ip="192.0.2.1")


def _login_bad(u: Any) -> Any:
    with pytest.raises(org.LoginFailed):
        org.auth_login(username="window", password="wrong", ip="192.0.2.1")


def _login_unknown(u: Any) -> Any:
    with pytest.raises(org.LoginFailed):
        org.auth_login(username="nobody-here", password="wrong", ip="192.0.2.1")


def _login_locked(u: Any) -> Any:
    User.objects.filter(username="window").update(
        locked_until=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5))
    with pytest.raises(org.LoginFailed):
        org.auth_login(username="window", password=DEMO_PASSWORD, ip="192.0.2.1")


def _logout(u: Any) -> Any:
    org.auth_logout(actor=Actor(user=u("window")))


def _unlock(u: Any) -> Any:
    org.user_unlock(actor=Actor(user=u("security")), user=u("window"))


def _token(u: Any) -> Any:
    org.api_token_issue(actor=Actor(user=u("window"), channel="api"), user=u("window"))


def _create(u: Any) -> Any:
    admin = u("admin")
    org.user_create(actor=Actor(user=admin), zone=admin.zone, username="newbie",
                    password="Blue-harbour-2031", roles={Role.REVIEWER})


def _set_roles(u: Any) -> Any:
    org.user_set_roles(actor=Actor(user=u("admin")), user=u("reviewer"),
                       roles={Role.REVIEWER, Role.STEWARD})


def _password(u: Any) -> Any:
    window = u("window")
    org.user_change_password(actor=Actor(user=window), user=window, old_password=DEMO_PASSWORD,
                             new_password="Blue-harbour-2031")


def _department(u: Any) -> Any:
    admin = u("admin")
    org.department_create(actor=Actor(user=admin), zone=admin.zone, code="NEW", name="新部门",
                          kind=DepartmentKind.BUREAU)


def _reference(u: Any) -> Any:
    admin = u("admin")
    org.reference_save(actor=Actor(user=admin), instance=Park(zone=admin.zone, name="测试园"),
                       action="parks.park.create")


def _prune(u: Any) -> Any:
    audit_prune(actor=SYSTEM)


SERVICES: list[tuple[str, Call, str, str]] = [
    ("auth_login ok", _login_ok, "auth.login", Result.OK),
    ("auth_login wrong password", _login_bad, "auth.login", Result.FAILED),
    ("auth_login unknown user", _login_unknown, "auth.login", Result.FAILED),
    ("auth_login locked", _login_locked, "auth.login", Result.DENIED),
    ("auth_logout", _logout, "auth.logout", Result.OK),
    ("user_unlock", _unlock, "user.unlock", Result.OK),
    ("api_token_issue", _token, "api_token.issue", Result.OK),
    ("user_create", _create, "user.create", Result.OK),
    ("user_set_roles", _set_roles, "user.set_roles", Result.OK),
    ("user_change_password", _password, "user.change_password", Result.OK),
    ("department_create", _department, "department.create", Result.OK),
    ("reference_save", _reference, "parks.park.create", Result.OK),
    ("audit_prune", _prune, "audit.prune", Result.OK),
]


@pytest.mark.parametrize(("call", "action", "result"), [s[1:] for s in SERVICES],
                         ids=[s[0] for s in SERVICES])
def test_every_service_call_writes_exactly_one_audit_row(
    demo_user: Any, call: Call, action: str, result: str
) -> None:
    # Given the trail as it is
    last_id = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    # When the service runs once
    call(demo_user)
    # Then exactly one row was added, naming the action and its result, and the chain holds
    new = list(AuditRecord.objects.filter(id__gt=last_id))
    assert [(r.action, r.result) for r in new] == [(action, result)]
    verify_ok()


@pytest.mark.parametrize(("call", "action"), [(s[1], s[2]) for s in SERVICES if s[3] == Result.OK],
                         ids=[s[0] for s in SERVICES if s[3] == Result.OK])
def test_the_audit_row_belongs_to_the_services_transaction(
    demo_user: Any, call: Call, action: str
) -> None:
    # Given a caller's transaction around the service
    users_before = list(User.objects.values_list("pk", "password", "failed_logins", "locked_until"))
    rows_before = AuditRecord.objects.count()
    heads_before = list(AuditChain.objects.values_list("key", "last_seq", "last_hash"))
    # When that transaction rolls back after the service succeeded
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        call(demo_user)
        assert AuditRecord.objects.count() == rows_before + 1
        1 / 0  # noqa: B018
    # Then the audit row went with the change: the audit was not written on the side
    assert AuditRecord.objects.count() == rows_before
    assert list(AuditChain.objects.values_list("key", "last_seq", "last_hash")) == heads_before
    assert list(User.objects.values_list("pk", "password", "failed_logins", "locked_until")) == \
        users_before


class TestAFailingServiceLeavesNothing:
    def test_a_validation_failure_of_user_create_writes_no_user_and_no_audit_row(
        self, demo_user: Any
    ) -> None:
        admin = demo_user("admin")
        rows, users = AuditRecord.objects.count(), User.objects.count()
        with pytest.raises(ValidationFailed) as caught:
            org.user_create(actor=Actor(user=admin), zone=admin.zone, username="weak",
                            password="short", roles={Role.REVIEWER})
        assert "password" in caught.value.errors
        assert (AuditRecord.objects.count(), User.objects.count()) == (rows, users)
        assert not User.objects.filter(username="weak").exists()

    def test_a_failure_inside_the_transaction_takes_the_user_back_out(
        self, demo_user: Any
    ) -> None:
        # Given the role rows cannot be written (after the user row was saved)
        admin = demo_user("admin")
        rows = AuditRecord.objects.count()
        with mock.patch.object(UserRole.objects, "bulk_create", side_effect=RuntimeError("disk")), \
                pytest.raises(RuntimeError):
            org.user_create(actor=Actor(user=admin), zone=admin.zone, username="halfway",
                            password="Blue-harbour-2031", roles={Role.REVIEWER})
        # Then neither the user nor an audit row remains
        assert not User.objects.filter(username="halfway").exists()
        assert AuditRecord.objects.count() == rows

    def test_a_failing_audit_write_takes_the_change_back_out(self, demo_user: Any) -> None:
        # Given the audit trail cannot be written
        admin = demo_user("admin")
        with mock.patch.object(org, "audit_record", side_effect=RuntimeError("audit down")), \
                pytest.raises(RuntimeError):
            org.department_create(actor=Actor(user=admin), zone=admin.zone, code="LOST",
                                  name="丢失的部门", kind=DepartmentKind.BUREAU)
        # Then the change it would describe did not happen either
        assert not Department.objects.filter(code="LOST").exists()

    def test_a_refused_unlock_writes_nothing(self, demo_user: Any) -> None:
        window = demo_user("window")
        locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=30)
        User.objects.filter(pk=window.pk).update(locked_until=locked_until)
        rows = AuditRecord.objects.count()
        with pytest.raises(ServiceError) as caught:
            org.user_unlock(actor=Actor(user=demo_user("admin")), user=window)
        assert caught.value.status == 403
        assert AuditRecord.objects.count() == rows
        window.refresh_from_db()
        assert window.locked_until == locked_until

    def test_a_token_is_not_issued_when_its_audit_fails(self, demo_user: Any) -> None:
        window = demo_user("window")
        with mock.patch.object(org, "audit_record", side_effect=RuntimeError("audit down")), \
                pytest.raises(RuntimeError):
            org.api_token_issue(actor=Actor(user=window), user=window)
        assert not ApiToken.objects.filter(user=window).exists()


def test_deleting_a_user_leaves_the_records_that_name_them_intact() -> None:
    # Given a user who has acted (their id is inside the hashed content of a record)
    user = UserFactory(zone=ZoneFactory())
    org.auth_login(username=user.username, password=PASSWORD, ip=None)
    record = AuditRecord.objects.get(actor_id=user.pk, action="auth.login")
    # When the user is deleted
    user_pk = user.pk
    user.delete()
    # Then the record still names them and every chain still verifies
    record.refresh_from_db()
    assert (record.actor_id, record.actor_name) == (user_pk, user.display_name)
    verify_ok()
