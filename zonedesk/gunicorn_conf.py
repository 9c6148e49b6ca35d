"""gunicorn's configuration (`gunicorn -c python:zonedesk.gunicorn_conf`), used by `make run`
and the systemd unit.

- One time zone in the log: Django sets the process's TZ to settings.TIME_ZONE when a worker
  loads the app, but the master never loads it and logged in +0000 beside workers in +0800. The
  master takes the same zone here, before it writes its first line, and its workers inherit it.
- No `Server: gunicorn` in responses: it tells a scanner what to try. gunicorn has no setting
  for the header, so the one method that writes the default headers leaves it out. (Behind nginx
  the header is dropped anyway; `make run` serves without a proxy.)
"""

from __future__ import annotations

import os
import time

import gunicorn.http.wsgi

from zonedesk.settings import TIME_ZONE

os.environ["TZ"] = TIME_ZONE
time.tzset()

_default_headers = gunicorn.http.wsgi.Response.default_headers


def _without_server(self) -> list[str]:
    return [h for h in _default_headers(self) if not h.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _without_server  # type: ignore[method-assign]
