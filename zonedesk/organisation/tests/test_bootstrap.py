"""`manage.py bootstrap`: the first command of a production deployment."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from zonedesk.appeals.models import Category
from zonedesk.audit.models import AuditRecord
from zonedesk.organisation.models import User, Zone
from zonedesk.organisation.roles import Role
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db

GOOD = {"zone_code": "CY", "zone_name": "朝阳经济技术开发区", "region_code": "211302",
        "admin_username": "cy-admin"}


def _counts() -> tuple[int, int, int]:
    return Zone.objects.count(), User.objects.count(), audit_rows()


def test_creates_the_zone_its_administrator_and_reference_data(monkeypatch):
    monkeypatch.setenv("ZONEDESK_ADMIN_PASSWORD", "Chaoyang-2026-strong")
    call_command("bootstrap", **GOOD, verbosity=0)
    zone = Zone.objects.get(code="CY")
    assert (zone.name, zone.region_code, zone.province_code) == ("朝阳经济技术开发区", "211302", "21")
    admin = User.objects.get(username="cy-admin")
    assert admin.zone_id == zone.pk and admin.has_role(Role.SYSTEM_ADMIN)
    assert admin.check_password("Chaoyang-2026-strong")
    assert Category.objects.filter(zone=zone).exists()  # the appeal categories and their limits
    assert AuditRecord.objects.filter(action="zone.create", object_id=str(zone.pk)).exists()
    assert AuditRecord.objects.filter(action__startswith="user.", object_id=str(admin.pk)).exists()


@pytest.mark.parametrize("change,message", [
    ({"region_code": "2113"}, "region_code"),
    ({"zone_code": "凌源 开发区"}, "zone_code"),
    ({"zone_name": " "}, "zone_name"),
])
def test_bad_input_names_the_field_and_writes_nothing(monkeypatch, change, message):
    monkeypatch.setenv("ZONEDESK_ADMIN_PASSWORD", "Chaoyang-2026-strong")
    before = _counts()
    with pytest.raises(CommandError, match=message):
        call_command("bootstrap", **{**GOOD, **change}, verbosity=0)
    assert _counts() == before


def test_a_weak_password_is_refused_and_no_zone_is_left_behind(monkeypatch):
    monkeypatch.setenv("ZONEDESK_ADMIN_PASSWORD", "short")
    before = _counts()
    with pytest.raises(CommandError, match="password"):
        call_command("bootstrap", **GOOD, verbosity=0)
    assert _counts() == before


def test_running_it_again_changes_nothing(monkeypatch):
    monkeypatch.setenv("ZONEDESK_ADMIN_PASSWORD", "Chaoyang-2026-strong")
    call_command("bootstrap", **GOOD, verbosity=0)
    before = _counts()
    with pytest.raises(CommandError, match="已存在"):
        call_command("bootstrap", **GOOD, verbosity=0)
    assert _counts() == before
