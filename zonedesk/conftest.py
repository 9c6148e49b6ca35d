"""Fixtures shared by every app's tests.

The demo zone is loaded once per test database (session scope) and each test runs in a
transaction rolled back at its end, so tests see the same Lingyuan and Jianping data that
`make run` shows, at the cost of one load.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from zonedesk.core.actor import Actor
from zonedesk.testing.factories import PASSWORD


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global _demo_snapshot
    with django_db_blocker.unblock():
        _load_demo_once_per_run()
        _demo_snapshot = _snapshot()


def _load_demo_once_per_run() -> None:
    """The demo, loaded through every service once per run rather than once per pytest-xdist
    worker: on SQLite the first worker saves the loaded database (and the files its services
    stored) under the run's id, and the other workers copy that in instead of spending the same
    CPU-minute again. Migrations still run in every worker, so the copy's schema is the same."""
    import fcntl
    import os
    import shutil
    import sqlite3
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if connection.vendor != "sqlite" or not run:
        call_command("demo_load", verbosity=0)
        return
    cache = Path(tempfile.gettempdir()) / f"zd-demo-{run}"
    files = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    connection.ensure_connection()
    with open(f"{cache}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait here while the first loads
        if (cache / "ready").exists():
            source = sqlite3.connect(cache / "demo.sqlite3")
            source.backup(connection.connection)
            source.close()
            shutil.copytree(cache / "files", files, dirs_exist_ok=True)
            return
        call_command("demo_load", verbosity=0)
        cache.mkdir(exist_ok=True)
        target = sqlite3.connect(cache / "demo.sqlite3")
        connection.connection.backup(target)
        target.close()
        shutil.copytree(files, cache / "files", dirs_exist_ok=True)
        (cache / "ready").touch()


# On SQLite (the browser tests' database) the loaded demo is copied once into a second in-memory
# database with SQLite's backup API; after a transactional test's flush it is copied back in
# milliseconds instead of loading the demo again through every service (tens of seconds).
_demo_snapshot = None


def _snapshot():
    import sqlite3

    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def _demo_restore() -> None:
    """The demo as the session loaded it: copied back on SQLite, loaded again elsewhere."""
    from django.db import connection

    if _demo_snapshot is not None and connection.vendor == "sqlite":
        connection.ensure_connection()
        _demo_snapshot.backup(connection.connection)
    else:
        call_command("demo_load", verbosity=0)


# Transactional tests (live server, races) flush the database when they end, demo included.
# pytest-django runs them after the other database tests, and `make test` keeps that order in
# each pytest-xdist worker (--dist load deals tests out in collection order). Should a plain
# database test still come after a flush (a narrower -k, another scheduler), the demo is
# loaded again first instead of the test failing on a missing login.
_demo_flushed = False


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The longest tests first within the transactional group that pytest-django has put after
    the plain database tests: the page walk (one test per role), then the other browser tests.
    pytest-xdist deals tests out in this order, so the long ones start early and the run ends
    on short tests instead of one worker finishing a browser journey while the other waits."""
    idx = [i for i, item in enumerate(items) if _is_transactional(item)]
    if not idx or idx != list(range(idx[0], idx[-1] + 1)):
        return  # not the order this relies on (another plugin sorted); leave it alone

    def weight(item) -> int:
        if "test_page_walk" in item.nodeid:
            return 0
        return 1 if item.get_closest_marker("browser") else 2

    items[idx[0]:idx[-1] + 1] = sorted(items[idx[0]:idx[-1] + 1], key=weight)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    global _demo_flushed
    yield
    if _is_transactional(item):
        _demo_flushed = True


@pytest.fixture(autouse=True)
def _demo_after_flush(request, django_db_blocker):
    global _demo_flushed
    node = request.node
    uses_db = "db" in request.fixturenames or node.get_closest_marker("django_db") is not None
    if _demo_flushed and uses_db and not _is_transactional(node):
        with django_db_blocker.unblock():
            _demo_restore()
        _demo_flushed = False


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module (tests marked ``browser``)."""
    from zonedesk.testing.browser import launch, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database calls (the test's flush, the fixtures) next to a running loop unless told the
    # code is synchronous anyway, which it is.
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as playwright:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        b = launch(playwright)
        yield b
        b.close()


@pytest.fixture
def demo(transactional_db, settings) -> None:
    """The demo zones, committed, for a live server. Transactional tests flush the database
    after themselves, so the demo is put back first (``_demo_restore``). A fast hasher: the
    demo's passwords were set with it and every sign-in checks one; PBKDF2 stays second for a
    database where the demo was loaded with the default hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    _demo_restore()


def pytest_sessionfinish(session, exitstatus):
    """Remove this process's scratch directory for uploaded files (test_settings makes one per
    process, so each pytest-xdist worker removes its own)."""
    import shutil
    import tempfile
    from pathlib import Path

    from django.conf import settings

    location = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    if location.name.startswith("zd-files-") and location.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(location, ignore_errors=True)
    # The run's shared demo copy (_load_demo_once_per_run): whichever worker ends first removes
    # it; every worker took its own copy at its start.
    import os

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run and os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.rmtree(Path(tempfile.gettempdir()) / f"zd-demo-{run}", ignore_errors=True)
        Path(tempfile.gettempdir(), f"zd-demo-{run}.lock").unlink(missing_ok=True)


@pytest.fixture
def demo_user(db):
    """demo_user('window') -> the demo login of that name."""
    from zonedesk.organisation.models import User

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def login_client(client, demo_user):
    """login_client('leader') -> a test client signed in as that demo login."""

    def make(username: str):
        client.force_login(demo_user(username))
        return client

    return make


@pytest.fixture
def actor_for(demo_user):
    def make(username: str) -> Actor:
        return Actor(user=demo_user(username), ip="127.0.0.1", channel="web")

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


def pytest_make_parametrize_id(config, val, argname):
    """Bytes parameters (zip files made at import, whose entries carry the current time) get an
    id from their length, not their content: pytest-xdist needs the same ids in every worker."""
    if isinstance(val, bytes | bytearray):
        return f"{argname}-{len(val)}B"
    return None
