"""Start-up profiles: production refuses to start without its secrets; DEBUG is off."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonedesk.audit.tests.support import start_django

KEY = "k" * 50
SHOW = ("from django.conf import settings; "
        "print(settings.DEBUG, ','.join(settings.ALLOWED_HOSTS), settings.SESSION_COOKIE_SECURE)")


def test_production_without_a_secret_key_names_the_variable(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "production", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_ALLOWED_HOSTS": "zonedesk.example.gov.cn"})
    assert done.returncode != 0
    assert "ImproperlyConfigured: ZONEDESK_SECRET_KEY is not set" in done.stderr
    assert not (tmp_path / "secret_key").exists()  # no key is made up for production


def test_production_is_the_default_profile(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_VAR_DIR": str(tmp_path)})
    assert done.returncode != 0
    assert "ZONEDESK_SECRET_KEY" in done.stderr


def test_an_empty_secret_key_counts_as_missing(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "production", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_SECRET_KEY": "  ", "ZONEDESK_ALLOWED_HOSTS": "a.example"})
    assert done.returncode != 0
    assert "ZONEDESK_SECRET_KEY" in done.stderr


def test_production_without_allowed_hosts_names_the_variable(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "production", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_SECRET_KEY": KEY})
    assert done.returncode != 0
    assert "ImproperlyConfigured: ZONEDESK_ALLOWED_HOSTS is not set" in done.stderr


def test_production_without_an_audit_key_names_the_variable(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "production", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_SECRET_KEY": KEY, "ZONEDESK_ALLOWED_HOSTS": "a.example"})
    assert done.returncode != 0
    assert "ImproperlyConfigured: ZONEDESK_AUDIT_KEY_FILE is not set" in done.stderr
    assert not (tmp_path / "audit_keys").exists()  # no audit key is made up for production


def test_production_reads_the_audit_keys_from_a_file(tmp_path: Path) -> None:
    keyfile = tmp_path / "keys"
    keyfile.write_text("2026a=" + "ab" * 32 + "\n2026b=" + "cd" * 32 + "\n")
    done = start_django({"ZONEDESK_ENV": "production", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_SECRET_KEY": KEY, "ZONEDESK_ALLOWED_HOSTS": "a.example",
                         "ZONEDESK_AUDIT_KEY_FILE": str(keyfile)},
                        "from django.conf import settings; "
                        "print(settings.AUDIT_KEY_ID, len(settings.AUDIT_KEYS))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2026b", "2"]


def test_production_with_both_starts_with_debug_off_and_secure_cookies(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "production", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_SECRET_KEY": KEY, "ZONEDESK_AUDIT_KEYS": "k1=" + "ab" * 32,
                         "ZONEDESK_ALLOWED_HOSTS": "zonedesk.example.gov.cn, 10.0.0.5"}, SHOW)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "zonedesk.example.gov.cn,10.0.0.5", "True"]


@pytest.mark.parametrize("profile", ["demo", "test"])
def test_debug_is_off_by_default_in_every_profile(tmp_path: Path, profile: str) -> None:
    done = start_django({"ZONEDESK_ENV": profile, "ZONEDESK_VAR_DIR": str(tmp_path)}, SHOW)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "False"


def test_debug_is_on_only_when_asked_for(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "test", "ZONEDESK_VAR_DIR": str(tmp_path),
                         "ZONEDESK_DEBUG": "1"}, SHOW)
    assert done.stdout.split()[0] == "True"


def test_an_unknown_profile_is_refused(tmp_path: Path) -> None:
    done = start_django({"ZONEDESK_ENV": "staging", "ZONEDESK_VAR_DIR": str(tmp_path)})
    assert done.returncode != 0
    assert "ZONEDESK_ENV must be production, demo or test" in done.stderr
