"""Every page every role reaches, at phone width and in English, in one walk (issue 15).

Each demo login signs in in its own browser context (390x844, English) and crawls the site
from its workbench, visiting each distinct URL pattern once (``testing/pagewalk.py``). On each
visit three checks run: the page is no wider than the phone, axe-core finds nothing serious or
critical, and no Han character shows outside zone data. All failures are collected and
reported together.

KNOWN lists what is still wrong, one line per (URL pattern, check, detail), each a piece of
issue 15 not yet done. It is strict both ways: a new failure fails the test, and so does a line
that no longer fails (remove it), so the list can only shrink.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from zonedesk.demo.people import DEMO_PASSWORD, LOGINS
from zonedesk.testing.browser import login, require_browser, screenshot
from zonedesk.testing.pagewalk import PHONE, Finding, add_axe, walk_role, zone_data_runs

pytestmark = pytest.mark.browser
require_browser()

KNOWN_FILE = Path(__file__).with_name("page_walk_known.txt")

# Not pages of this site's own layout, or not pages at all.
SKIP_NAMES = ("logout", "set_language", "healthz", "login", "login_mfa")
SKIP_PREFIXES = ("admin:", "api:")
SKIP_WORDS = ("export", "download", "import_template", "pdf", "_file", "attachment")


def skip(pattern: str, path: str) -> bool:
    name = pattern.split(":")[-1]
    return (pattern in SKIP_NAMES or pattern.startswith(SKIP_PREFIXES)
            or any(word in name for word in SKIP_WORDS) or path.endswith((".xlsx", ".pdf")))


def key(finding: Finding, pattern: str) -> str:
    """One line of KNOWN: the axe rule (not its nodes), the text with its numbers blanked (a
    date or a count differs from one demo load to the next), nothing more for the width."""
    if finding.check == "axe":
        detail = finding.detail.split(" (")[0]
    elif finding.check == "han":
        detail = re.sub(r"\d+", "#", " ".join(finding.detail.split()))
    else:
        detail = ""
    return f"{pattern} | {finding.check} | {detail}".rstrip(" |")


def known() -> set[str]:
    if not KNOWN_FILE.exists():
        return set()
    lines = KNOWN_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_every_page_fits_a_phone_reads_in_english_and_passes_axe(browser, live_server, demo) -> None:
    from zonedesk.testing.pagewalk import pattern_of

    started = time.monotonic()
    allowed = zone_data_runs()
    found: dict[str, str] = {}  # key -> one example
    visited = 0
    axe_seen: set[str] = set()
    for demo_login in LOGINS:
        role = demo_login.username
        context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE,
                                      timezone_id="Asia/Shanghai")
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        add_axe(context)
        page = context.new_page()
        login(page, role, DEMO_PASSWORD)
        walk = walk_role(page, role, start=["/"], allowed_runs=allowed, skip=skip, axe_seen=axe_seen)
        visited += len(walk.visited)
        for finding in walk.findings:
            found.setdefault(key(finding, pattern_of(finding.path.split("?")[0]) or finding.path),
                             str(finding))
        if role in ("enterprise", "leader"):
            screenshot(page, f"walk-{role}-last")
        context.close()
    elapsed = time.monotonic() - started

    if os.environ.get("ZONEDESK_WALK_RECORD"):  # rewrite the list from this run (then review it)
        header = [line for line in KNOWN_FILE.read_text(encoding="utf-8").splitlines()
                  if line.startswith("#")] if KNOWN_FILE.exists() else []
        KNOWN_FILE.write_text("\n".join([*header, *sorted(found)]) + "\n", encoding="utf-8")
    expected = known()
    new = sorted(set(found) - expected)
    gone = sorted(expected - set(found))
    report = [f"{len(LOGINS)} roles, {visited} visits, {elapsed:.0f} s"]
    if new:
        report += ["New failures (fix them):", *(f"  {k}\n      e.g. {found[k]}" for k in new)]
    if gone:
        report += ["Fixed, remove from page_walk_known.txt:", *(f"  {k}" for k in gone)]
    assert not new and not gone, "\n".join(report)

