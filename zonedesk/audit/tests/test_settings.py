"""The retention setting: read from the environment at start-up, never below 184 days."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from .support import start_django

PRINT = "from django.conf import settings; print(settings.AUDIT_RETENTION_DAYS)"


def test_a_retention_below_184_days_stops_start_up(tmp_path: Path) -> None:
    # Given ZONEDESK_AUDIT_RETENTION_DAYS=100 / when Django starts
    done = start_django({"ZONEDESK_ENV": "test", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_AUDIT_RETENTION_DAYS": "100"})
    # Then it refuses, saying why
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "ZONEDESK_AUDIT_RETENTION_DAYS=100" in done.stderr
    assert "184" in done.stderr


def test_183_days_is_still_refused(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "test", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_AUDIT_RETENTION_DAYS": "183"})
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr


def test_a_longer_retention_is_taken(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "test", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_AUDIT_RETENTION_DAYS": "400"}, PRINT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "400"


def test_a_retention_that_is_not_a_number_is_refused(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "test", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_AUDIT_RETENTION_DAYS": "half a year"})
    assert done.returncode != 0
    assert "ZONEDESK_AUDIT_RETENTION_DAYS must be an integer" in done.stderr


def test_the_default_retention_is_184_days(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "test", "ZONEDESK_VAR_DIR": str(tmp_path)}, PRINT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "184"
    assert settings.AUDIT_MIN_RETENTION_DAYS == 184
