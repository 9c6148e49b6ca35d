"""Every page every role reaches, at phone width and in English (issue 15), one test per role.

Each demo login signs in in its own browser context (390x844, English) and crawls the site
from its workbench, visiting each distinct URL pattern once (``testing/pagewalk.py``). On each
visit three checks run: the page is no wider than the phone, axe-core finds nothing serious or
critical, and no Han character shows outside zone data. All failures of a role are collected and
reported together.

One test per role so that pytest-xdist deals the walk out to every worker (as one test it ran
150 s on one worker while the other had finished). ``page_walk_known/<role>.txt`` lists what is
still wrong for that role, one line per (URL pattern, check, detail), each a piece of issue 15
not yet done. It is strict both ways: a new failure fails the test, and so does a line that no
longer fails (remove it), so the lists can only shrink. ``ZONEDESK_WALK_RECORD=1`` rewrites the
lists from the run (then review the diff).
"""

from __future__ import annotations

import functools
import os
import re
import time
from pathlib import Path

import pytest

from zonedesk.demo.people import DEMO_PASSWORD, LOGINS
from zonedesk.testing.browser import login, require_browser, screenshot
from zonedesk.testing.pagewalk import PHONE, Finding, add_axe, pattern_of, walk_role, zone_data_runs

pytestmark = pytest.mark.browser
require_browser()

KNOWN_DIR = Path(__file__).with_name("page_walk_known")
HEADER = "# What the page walk (test_page_walk.py) still finds for this role: url pattern | check | detail.\n"

# Not pages of this site's own layout, or not pages at all.
SKIP_NAMES = ("logout", "set_language", "healthz", "login", "login_mfa")
SKIP_PREFIXES = ("admin:", "api:")
SKIP_WORDS = ("export", "download", "import_template", "pdf", "_file", "attachment")


def skip(pattern: str, path: str) -> bool:
    name = pattern.split(":")[-1]
    return (pattern in SKIP_NAMES or pattern.startswith(SKIP_PREFIXES)
            or any(word in name for word in SKIP_WORDS) or path.endswith((".xlsx", ".pdf")))


def key(finding: Finding, pattern: str) -> str:
    """One line of a list: the axe rule (not its nodes), the text with its numbers blanked (a
    date or a count differs from one demo load to the next), nothing more for the width."""
    if finding.check == "axe":
        detail = finding.detail.split(" (")[0]
    elif finding.check == "han":
        detail = re.sub(r"\d+", "#", " ".join(finding.detail.split()))
    else:
        detail = ""
    return f"{pattern} | {finding.check} | {detail}".rstrip(" |")


def known(role: str) -> set[str]:
    path = KNOWN_DIR / f"{role}.txt"
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


@functools.cache
def allowed_runs() -> frozenset[str]:
    # The demo every walk test starts from is the same restored copy, so its zone data is too.
    return zone_data_runs()


# Issue 15's done-when: an English walk of the enterprise's journey shows no Chinese interface
# text. The crawl must reach each of its pages, or the walk proves nothing about them: workbench,
# apply, the application, the item (upload, 补正), progress, certificates, appeal, rating, policies.
JOURNEY = {
    "enterprise": {
        "workbench", "approvals:apply", "approvals:application", "approvals:item",
        "casefiles:progress", "certificates:mine", "certificates:detail", "appeals:create",
        "appeals:detail", "appeals:rate", "policies:mine",
    },
}




def starts(role: str) -> list[str]:
    """Where the crawl begins: the workbench, and for the enterprise the two journey pages no
    link of its own leads to — the public progress lookup (its link is printed on notices) and
    the rating form of a completed application (each pattern is visited once, and the first
    application the crawl meets need not be a completed one)."""
    if role != "enterprise":
        return ["/"]
    from django.urls import reverse

    from zonedesk.approvals.models import Application, ApplicationStatus
    from zonedesk.organisation.models import User

    own = User.objects.get(username=role).enterprise_id
    assert own is not None
    completed = Application.objects.filter(project__enterprise_id=own, status=ApplicationStatus.COMPLETED)
    extra = [reverse("casefiles:progress")]
    first = completed.order_by("pk").first()
    if first is not None:
        extra.append(reverse("appeals:rate", args=["application", first.pk]))
    return ["/", *extra]


@pytest.mark.parametrize("role", [demo_login.username for demo_login in LOGINS])
def test_every_page_fits_a_phone_reads_in_english_and_passes_axe(role, browser, live_server, demo) -> None:
    started = time.monotonic()
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE,
                                  timezone_id="Asia/Shanghai")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    add_axe(context)
    page = context.new_page()
    login(page, role, DEMO_PASSWORD)
    # axe runs on the first visit of each pattern within this role (what it finds is the
    # template's markup); width and language depend on the data and are checked on every visit.
    walk = walk_role(page, role, start=starts(role), allowed_runs=allowed_runs(), skip=skip, axe_seen=set())
    found: dict[str, str] = {}  # key -> one example
    for finding in walk.findings:
        found.setdefault(key(finding, pattern_of(finding.path.split("?")[0]) or finding.path), str(finding))
    if role in ("enterprise", "leader"):
        screenshot(page, f"walk-{role}-last")
    context.close()
    elapsed = time.monotonic() - started

    if os.environ.get("ZONEDESK_WALK_RECORD"):
        KNOWN_DIR.mkdir(exist_ok=True)
        path = KNOWN_DIR / f"{role}.txt"
        if found:
            path.write_text(HEADER + "\n".join(sorted(found)) + "\n", encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
    expected = known(role)
    new = sorted(set(found) - expected)
    gone = sorted(expected - set(found))
    report = [f"{role}: {len(walk.visited)} visits, {elapsed:.0f} s"]
    unreached = sorted(JOURNEY.get(role, set()) - set(walk.visited))
    if unreached:
        report += [f"Journey pages the walk did not reach: {', '.join(unreached)}",
                   f"  visited: {', '.join(sorted(walk.visited))}"]
    if new:
        report += ["New failures (fix them):", *(f"  {k}\n      e.g. {found[k]}" for k in new)]
    if gone:
        report += [f"Fixed, remove from page_walk_known/{role}.txt:", *(f"  {k}" for k in gone)]
    assert not new and not gone and not unreached, "\n".join(report)
