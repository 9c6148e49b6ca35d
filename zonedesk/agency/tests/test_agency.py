"""Agent handling: who may grant, what a steward may do for the enterprise, and what is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zonedesk.agency.models import AgentAction, AgentAuthorisation
from zonedesk.agency.selectors import actor_for_enterprise
from zonedesk.agency.services import authorisation_grant, authorisation_revoke
from zonedesk.audit.models import AuditRecord
from zonedesk.audit.services import audit_event
from zonedesk.core.errors import Forbidden, NotFound, ValidationFailed
from zonedesk.enterprises.models import Enterprise
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

TODAY = dt.date.today


@pytest.fixture(autouse=True)
def _no_demo_authorisations():
    # The demo grants 中玻 → 孙志强; these tests start from no authorisation at all.
    AgentAuthorisation.objects.all().delete()


def _grant(actor_for, demo_user, **overrides):
    today = timezone.localdate()
    kwargs = {"agent_id": demo_user("steward").pk, "mode": "act",
              "actions": [AgentAction.APPROVALS_APPLY], "valid_from": today,
              "valid_until": today + dt.timedelta(days=90), "note": "授权书 2026-001"}
    kwargs.update(overrides)
    return authorisation_grant(actor=actor_for("enterprise"), **kwargs)


def test_the_enterprise_grants_and_the_grant_is_audited(actor_for, demo_user):
    grant = _grant(actor_for, demo_user)
    assert grant.enterprise_id == demo_user("enterprise").enterprise_id
    record = AuditRecord.objects.get(action="authorisation.grant", object_id=str(grant.pk))
    assert record.after["actions"] == ["approvals.apply"]


@pytest.mark.parametrize("who", ["steward", "window", "leader", "admin"])
def test_only_the_enterprise_itself_may_grant(actor_for, demo_user, who):
    before = AgentAuthorisation.objects.count()
    with pytest.raises(Forbidden):
        authorisation_grant(actor=actor_for(who), agent_id=demo_user("steward").pk, mode="act",
                            actions=[AgentAction.APPROVALS_APPLY], valid_from=TODAY(),
                            valid_until=TODAY() + dt.timedelta(days=10))
    assert AgentAuthorisation.objects.count() == before


@pytest.mark.parametrize("overrides, field", [
    ({"agent_id": 0}, "agent"),
    ({"mode": "boss"}, "mode"),
    ({"actions": []}, "actions"),
    ({"actions": ["approvals.delete"]}, "actions"),
    ({"valid_until": dt.date(2000, 1, 1)}, "valid_until"),
    ({"valid_until": dt.date.today() + dt.timedelta(days=800)}, "valid_until"),
])
def test_bad_grants_name_the_field_and_write_nothing(actor_for, demo_user, overrides, field):
    before = (AgentAuthorisation.objects.count(), audit_rows())
    with pytest.raises(ValidationFailed) as exc:
        _grant(actor_for, demo_user, **overrides)
    assert field in exc.value.errors
    assert (AgentAuthorisation.objects.count(), audit_rows()) == before


def test_a_non_steward_cannot_be_authorised(actor_for, demo_user):
    with pytest.raises(ValidationFailed) as exc:
        _grant(actor_for, demo_user, agent_id=demo_user("window").pk)
    assert "agent" in exc.value.errors


def test_steward_acts_for_the_enterprise_with_both_names_recorded(actor_for, demo_user):
    grant = _grant(actor_for, demo_user)
    enterprise = Enterprise.objects.get(pk=grant.enterprise_id)
    acting = actor_for_enterprise(actor=actor_for("steward"), enterprise_id=enterprise.pk,
                                  action=AgentAction.APPROVALS_APPLY)
    assert acting.on_behalf_of == enterprise.pk
    assert acting.authorisation_id == grant.pk
    assert acting.display == f"孙志强（代{enterprise.name}）"
    record = audit_event(actor=acting, action="test.acted", obj=enterprise)
    assert record.actor_name == f"孙志强（代{enterprise.name}）"
    assert record.actor_id == demo_user("steward").pk


def test_steward_is_refused_outside_the_authorised_actions(actor_for, demo_user):
    grant = _grant(actor_for, demo_user)
    with pytest.raises(Forbidden) as exc:
        actor_for_enterprise(actor=actor_for("steward"), enterprise_id=grant.enterprise_id,
                             action=AgentAction.APPEALS_RAISE)
    assert exc.value.code == "not_authorised"
    assert "提出诉求" in exc.value.message


def test_revoked_or_expired_authorisations_do_not_count(actor_for, demo_user):
    grant = _grant(actor_for, demo_user)
    authorisation_revoke(actor=actor_for("enterprise"), authorisation_id=grant.pk)
    with pytest.raises(Forbidden):
        actor_for_enterprise(actor=actor_for("steward"), enterprise_id=grant.enterprise_id,
                             action=AgentAction.APPROVALS_APPLY)
    expired = _grant(actor_for, demo_user)
    AgentAuthorisation.objects.filter(pk=expired.pk).update(
        valid_from=TODAY() - dt.timedelta(days=30), valid_until=TODAY() - dt.timedelta(days=1))
    with pytest.raises(Forbidden):
        actor_for_enterprise(actor=actor_for("steward"), enterprise_id=grant.enterprise_id,
                             action=AgentAction.APPROVALS_APPLY)


def test_without_any_link_the_enterprise_is_not_found(actor_for, demo_user):
    other = Enterprise.objects.filter(zone__code="LY").exclude(
        pk=demo_user("enterprise").enterprise_id).first()
    with pytest.raises(NotFound):
        actor_for_enterprise(actor=actor_for("steward"), enterprise_id=other.pk,
                             action=AgentAction.APPROVALS_APPLY)
    with pytest.raises(NotFound):
        actor_for_enterprise(actor=actor_for("enterprise"), enterprise_id=other.pk,
                             action=AgentAction.APPROVALS_APPLY)


def test_the_enterprise_acts_as_itself(actor_for, demo_user):
    actor = actor_for("enterprise")
    assert actor_for_enterprise(actor=actor, enterprise_id=demo_user("enterprise").enterprise_id,
                                action=AgentAction.APPROVALS_APPLY) is actor


def test_revoke_twice_is_a_conflict_and_others_cannot_revoke(actor_for, demo_user):
    grant = _grant(actor_for, demo_user)
    with pytest.raises(Forbidden):
        authorisation_revoke(actor=actor_for("steward"), authorisation_id=grant.pk)
    with pytest.raises(NotFound):
        authorisation_revoke(actor=actor_for("jp-leader"), authorisation_id=grant.pk)
    authorisation_revoke(actor=actor_for("enterprise"), authorisation_id=grant.pk)
    from zonedesk.core.errors import Conflict

    with pytest.raises(Conflict):
        authorisation_revoke(actor=actor_for("enterprise"), authorisation_id=grant.pk)


def test_pages(login_client, demo_user, actor_for):
    grant = _grant(actor_for, demo_user)
    client = login_client("enterprise")
    body = client.get("/agency/").content.decode()
    assert "孙志强" in body and "申报审批事项" in body
    assert login_client("steward").get("/agency/").status_code == 200
    assert login_client("reviewer").get("/agency/").status_code == 404
    assert login_client("jp-leader").get("/agency/").content.decode().count("孙志强") == 0
    response = login_client("enterprise").post(f"/agency/{grant.pk}/revoke/")
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_grant_through_the_page_reports_field_errors(login_client, demo_user):
    client = login_client("enterprise")
    count = AgentAuthorisation.objects.count()
    response = client.post("/agency/", {"agent": demo_user("steward").pk, "mode": "act",
                                        "valid_from": "2026-12-01", "valid_until": "2026-11-01",
                                        "actions": ["approvals.apply"]})
    assert response.status_code == 200
    assert "截止日期不能早于生效日期" in response.content.decode()
    assert AgentAuthorisation.objects.count() == count
