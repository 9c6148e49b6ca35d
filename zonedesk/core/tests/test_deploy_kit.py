"""The production kit in deploy/ stays true to the code: every setting documented, the units'
commands exist and gunicorn accepts their options."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def _settings_variables() -> set[str]:
    source = (Path(settings.BASE_DIR) / "zonedesk" / "settings.py").read_text()
    return set(re.findall(r'env_(?:str|int|bool)\(\s*"([A-Z_]+)"', source))


def _exec_start(unit: str) -> list[str]:
    text = (DEPLOY / "systemd" / unit).read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    return shlex.split(line.removeprefix("ExecStart="))


def test_every_setting_the_code_reads_is_in_the_environment_example():
    documented = set(re.findall(r"^#? ?([A-Z_]+)=", (DEPLOY / "zonedesk.env.example").read_text(), re.M))
    missing = _settings_variables() - documented
    assert not missing, f"add to deploy/zonedesk.env.example: {sorted(missing)}"


def test_the_worker_unit_runs_the_worker_command():
    cmd = _exec_start("zonedesk-worker.service")
    assert cmd[1:3] == ["manage.py", "worker"] and "worker" in get_commands()


def test_gunicorn_accepts_the_web_units_options():
    cmd = _exec_start("zonedesk-web.service")
    assert cmd[0].endswith("/gunicorn")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "zonedesk.test_settings"}
    done = subprocess.run([gunicorn, "--check-config", *cmd[1:]], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_backup_timer_calls_the_backup_command():
    assert _exec_start("zonedesk-backup.service")[1:3] == ["manage.py", "backup"]
    assert "backup" in get_commands() and "restore" in get_commands()


def test_gunicorn_logs_in_the_apps_time_zone_and_sends_no_server_header():
    import time
    from types import SimpleNamespace

    from gunicorn.http.wsgi import Response

    import zonedesk.gunicorn_conf  # noqa: F401  (what `-c python:zonedesk.gunicorn_conf` runs)

    assert os.environ["TZ"] == settings.TIME_ZONE and time.strftime("%z") == "+0800"
    response = Response(SimpleNamespace(version=(1, 1), should_close=lambda: True, method="GET"), None, None)
    response.status = "200 OK"
    headers = response.default_headers()
    assert headers[0].startswith("HTTP/1.1 200") and any(h.startswith("Date:") for h in headers)
    assert not any(h.lower().startswith("server:") for h in headers)
    for unit_or_script in (DEPLOY / "systemd" / "zonedesk-web.service",
                           Path(settings.BASE_DIR) / "scripts" / "serve.py"):
        assert "python:zonedesk.gunicorn_conf" in unit_or_script.read_text()
