"""The catalogue in the Django admin: saving an item makes a new version (copy-on-write)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zonedesk.approvals import services
from zonedesk.approvals.models import ApprovalItem, CatalogueVersion, Stage
from zonedesk.approvals.tests.conftest import actor, new_project, stage_values

pytestmark = pytest.mark.django_db


def test_admin_save_creates_a_new_version_and_leaves_running_applications(login_client) -> None:
    running = services.application_submit(
        actor=actor("enterprise"), project_id=new_project().pk, stage=Stage.LAND,
        form=stage_values(Stage.LAND)
    )
    item = ApprovalItem.objects.get(version=running.version, code="L02")
    client = login_client("admin")
    data = {
        "zone": item.zone_id,
        "code": item.code,
        "name": item.name,
        "stage": item.stage,
        "department": item.department_id,
        "statutory_days": item.statutory_days,
        "promised_days": 3,
        "is_utility": "",
        "utility_kind": item.utility_kind,
        "fee_yuan": item.fee_yuan,
        "name_en": item.name_en,
        "waivable_by": item.waivable_by,
        "certificate_title": item.certificate_title,
        "certificate_material": item.certificate_material_id or "",
        "sort": item.sort,
    }
    data = {k: v for k, v in data.items() if v != ""}
    response = client.post(reverse("admin:approvals_approvalitem_change", args=[item.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    current = CatalogueVersion.objects.get(zone_id=item.zone_id, is_current=True)
    assert current.number == running.version.number + 1
    assert ApprovalItem.objects.get(version=current, code="L02").promised_days == 3
    item.refresh_from_db()
    assert item.promised_days == 5
    assert running.items.get(item__code="L02").limit_days == 5
    assert current.items.count() == running.version.items.count()
