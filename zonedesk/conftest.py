"""Fixtures shared by every app's tests.

The demo zone is loaded once per test database (session scope) and each test runs in a
transaction rolled back at its end, so tests see the same Lingyuan and Jianping data that
`make run` shows, at the cost of one load.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from zonedesk.core.actor import Actor
from zonedesk.testing.factories import PASSWORD

# Timing is the benches' business, not the properties': on a shared two-core machine a first
# draw can take over a second (a datetime strategy's first draw took 1.27 s with one seed,
# failing "input generation is slow" although every example passed), and a loaded worker
# exceeds the 200 ms per-example deadline. Every example still runs and every property holds.
settings.register_profile("zonedesk", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("zonedesk")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    global _demo_snapshot
    with django_db_blocker.unblock():
        _load_demo_once_per_run()
        _demo_snapshot = _snapshot()


def _load_demo_once_per_run() -> None:
    """The demo, loaded through every service once per run rather than once per pytest-xdist
    worker: the first worker saves the loaded database (and the files its services stored) under
    the run's id, and the other workers copy that in instead of spending the same CPU-minute
    again. On SQLite the copy is SQLite's backup API; on PostgreSQL a data-only ``pg_dump`` that
    the others restore over their emptied tables. Migrations still run in every worker, so each
    copy lands on the same schema. Without xdist, or on PostgreSQL without pg_dump, each process
    loads the demo itself."""
    import fcntl
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from django.db import connection

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    vendor = connection.vendor
    if not run or vendor not in ("sqlite", "postgresql") or (
            vendor == "postgresql" and not (shutil.which("pg_dump") and shutil.which("pg_restore"))):
        call_command("demo_load", verbosity=0)
        return
    cache = Path(tempfile.gettempdir()) / f"zd-demo-{run}-{vendor}"
    files = Path(settings.STORAGES["default"]["OPTIONS"]["location"])
    connection.ensure_connection()
    with open(f"{cache}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers wait here while the first loads
        if (cache / "ready").exists():
            _demo_copy_in(cache)
            shutil.copytree(cache / "files", files, dirs_exist_ok=True)
        else:
            call_command("demo_load", verbosity=0)
            cache.mkdir(exist_ok=True)
            _demo_copy_out(cache)
            shutil.copytree(files, cache / "files", dirs_exist_ok=True)
            (cache / "ready").touch()
        if vendor == "postgresql":  # this process's own copy: the run's is removed by the first to end
            global _pg_dump
            _pg_dump = Path(tempfile.mkdtemp(prefix="zd-pgdemo-")) / "demo.dump"
            shutil.copyfile(cache / "demo.dump", _pg_dump)


# A data-only dump of the loaded demo on PostgreSQL (this process's copy), from which
# _demo_restore puts the demo back after a transactional test's flush in a few seconds.
_pg_dump = None


def _pg_args() -> list[str]:
    from django.db import connection

    p = connection.settings_dict
    args = ["-h", p.get("HOST") or "127.0.0.1", "-p", str(p.get("PORT") or 5432), "-d", p["NAME"]]
    return [*args, "-U", p["USER"]] if p.get("USER") else args


def _demo_copy_out(cache) -> None:
    import sqlite3
    import subprocess

    from django.db import connection

    if connection.vendor == "sqlite":
        target = sqlite3.connect(cache / "demo.sqlite3")
        connection.connection.backup(target)
        target.close()
    else:
        subprocess.run(["pg_dump", "--data-only", "-Fc", "-f", str(cache / "demo.dump"), *_pg_args()],
                       check=True)


def _demo_copy_in(cache) -> None:
    import sqlite3

    from django.db import connection

    if connection.vendor == "sqlite":
        source = sqlite3.connect(cache / "demo.sqlite3")
        source.backup(connection.connection)
        source.close()
    else:
        _pg_restore(cache / "demo.dump")


def _pg_restore(dump) -> None:
    import subprocess

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    # Every table as the first worker left it: empty this database's (the migrations' own rows
    # included, since the dump holds them too), then restore the dump; triggers off so the rows
    # may come in any order despite the foreign keys. The sequences come with the dump.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE")
    subprocess.run(["pg_restore", "--data-only", "--disable-triggers", "--single-transaction",
                    *_pg_args(), str(dump)], check=True)
    ContentType.objects.clear_cache()  # the ids this process cached at migrate time


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
    """The demo as the session loaded it: copied back on SQLite, restored from the dump on
    PostgreSQL, loaded again where neither exists."""
    from django.db import connection

    if _demo_snapshot is not None and connection.vendor == "sqlite":
        connection.ensure_connection()
        _demo_snapshot.backup(connection.connection)
    elif _pg_dump is not None and connection.vendor == "postgresql":
        _pg_restore(_pg_dump)
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


# The scope matrices (every login x every page and API route) and the zone-isolation walk: who may
# see and do what, decided in Python and in ORM filters that Django writes the same way for both
# databases. They run on SQLite only (`make test-pg` deselects the marker); PostgreSQL runs what
# the database changes: services, selectors, figures, sweeps, races, migrations, backups.
_SCOPE_MATRIX = re.compile(r"(^|/)test_\w*matrix\w*\.py$|/test_zone_isolation\.py$")


@pytest.hookimpl(tryfirst=True)
def pytest_itemcollected(item):
    # Marked as each test is collected: `-m` deselects before other collection hooks run.
    if _SCOPE_MATRIX.search(item.nodeid.split("::")[0]):
        item.add_marker(pytest.mark.scope_matrix)


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


@pytest.fixture(autouse=True, scope="session")
def _api_schemas_built():
    """Import every URL module (so every API schema is built) before any test freezes time: a
    pydantic schema first built under freezegun sees its ``date`` fields as ``FakeDate`` and
    refuses, so whether a test passed depended on which test a worker happened to run first."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the import is the point)


@pytest.fixture(autouse=True)
def _language_reset():
    """Each test starts in the default language: the locale middleware activates the request's
    language in the test's own thread and leaves it active, so a test making an English request
    would otherwise turn later tests in the same process English."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


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

    if _pg_dump is not None:
        shutil.rmtree(_pg_dump.parent, ignore_errors=True)
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run and os.environ.get("PYTEST_XDIST_WORKER"):
        for vendor in ("sqlite", "postgresql"):
            shutil.rmtree(Path(tempfile.gettempdir()) / f"zd-demo-{run}-{vendor}", ignore_errors=True)
            Path(tempfile.gettempdir(), f"zd-demo-{run}-{vendor}.lock").unlink(missing_ok=True)


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
