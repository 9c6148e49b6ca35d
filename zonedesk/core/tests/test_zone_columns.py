"""Every table holding a zone's data carries `zone`, so the schema can be distributed by zone
(Citus-style: each row's zone is its distribution column, without a join to find it).

A table is zone-owned when it points (FK / one-to-one) at a table that carries `zone`; the
test fails on any such table without its own `zone` column, unless it is listed below with
the reason it is not (yet) distributed by zone.
"""

from __future__ import annotations

import pytest
from django.apps import apps

# model label -> why it has no zone column. Keep this list short and each entry argued.
EXEMPT = {
    # National reference data or identities that span zones.
    "organisation.zone": "the distribution key itself",
    "organisation.user": "a provincial user works across zones; its home zone is a column already",
}

# Rows whose zone is copied from a parent when the service makes them: model label -> the
# parent's field. Per-user rows carry the person's home zone (empty for an account of none).
ZONE_FROM = {
    "organisation.userrole": "user",
    "organisation.apitoken": "user",
    "organisation.mfadevice": "user",
    "organisation.mfarecoverycode": "user",
    "notifications.preference": "user",
    "notifications.usernotifysettings": "user",
    "appraisal.kpiindicator": "template",
    "appraisal.score": "sheet",
}


def _zoned(model) -> bool:
    return any(f.name == "zone" and f.is_relation for f in model._meta.get_fields())


def _zone_owned_without_zone() -> list[str]:
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("zonedesk.") or model._meta.auto_created:
            continue
        if _zoned(model) or model._meta.label_lower in EXEMPT:
            continue
        parents = [
            f.related_model
            for f in model._meta.get_fields()
            if (f.many_to_one or f.one_to_one) and f.concrete and f.related_model is not None
        ]
        zoned_parents = [p._meta.label_lower for p in parents if _zoned(p)]
        if zoned_parents:
            missing.append(f"{model._meta.label_lower} (→ {', '.join(zoned_parents)})")
    return missing


def test_every_zone_owned_table_carries_zone() -> None:
    missing = _zone_owned_without_zone()
    assert not missing, "zone-owned tables without a zone column: " + "; ".join(sorted(missing))


def test_the_check_finds_a_table_without_zone() -> None:
    """The check itself can fail: a model pointing at a zoned table without its own zone."""
    from django.db import models

    class Orphan(models.Model):
        appeal = models.ForeignKey("appeals.Appeal", on_delete=models.CASCADE)

        class Meta:
            app_label = "appeals"
            managed = False

    try:
        Orphan.__module__ = "zonedesk.appeals.models"
        assert any(m.startswith("appeals.orphan") for m in _zone_owned_without_zone())
    finally:
        del apps.all_models["appeals"]["orphan"]
        apps.clear_cache()


@pytest.mark.django_db
def test_services_copy_the_parents_zone(actor_for) -> None:
    """Rows made through the services (the demo's users, roles, templates and sheets, and here a
    token, an authenticator with its recovery codes and a preference) carry their parent's zone."""
    from zonedesk.notifications.services import notify_settings_set, preferences_set
    from zonedesk.organisation import services

    window = actor_for("window")
    services.api_token_issue(actor=window, user=window.user)
    services.mfa_enrol_start(actor=window, user=window.user)
    services._new_recovery_codes(window.user)
    preferences_set(actor=window, choices={("policy.matched", "sms"): True})
    notify_settings_set(actor=window, quiet_mode="off")

    for label, parent in ZONE_FROM.items():
        model = apps.get_model(label)
        pairs = list(model.objects.values_list("zone_id", f"{parent}__zone_id"))
        assert pairs, f"{label}: no rows to check"
        wrong = [p for p in pairs if p[0] != p[1]]
        assert not wrong, f"{label}: {len(wrong)} of {len(pairs)} rows not in their {parent}'s zone"
