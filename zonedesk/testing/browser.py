"""Driving Debian's Chromium through Playwright in tests.

The browser is the system's /usr/bin/chromium: Playwright never downloads one (a government
intranet has no route to its CDN, and CI must not depend on one either). Helpers here launch
it, watch a page for console errors, uncaught exceptions and Content-Security-Policy
violations, sign in through the login form and save screenshots under
test-artifacts/screens/.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:  # playwright is a development dependency only
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
SCREENS = Path(settings.BASE_DIR) / "test-artifacts" / "screens"
VIEWPORT = {"width": 1366, "height": 900}  # a common office monitor

# Collected in the page: the violation event fires for every blocked resource or inline
# script, whether or not the browser also logs it.
_CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
                              + ` (${e.sourceFile || ""}:${e.lineNumber || 0})`);
});
"""


def browser_unavailable_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk; `make browser-deps`)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (requirements-dev.txt)"
    return None


def require_browser() -> None:
    """Skip the calling test module when Chromium is unavailable; under CI=true, fail instead,
    so a broken CI image cannot pass by skipping."""
    import pytest

    reason = browser_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(LAUNCH_ARGS),
                                      headless=True)


def new_context(browser: Browser, base_url: str, *, locale: str = "zh-CN") -> BrowserContext:
    context = browser.new_context(base_url=base_url, locale=locale, viewport=VIEWPORT,
                                  timezone_id="Asia/Shanghai")
    context.add_init_script(_CSP_LISTENER)
    # Waits, not speed checks: CI runs SQLite and PostgreSQL side by side on two cores, and a
    # page that takes 31 s there is slow, not broken (speed is measured in bench/).
    context.set_default_timeout(60_000)
    context.set_default_navigation_timeout(60_000)
    # Nothing leaves the test host: a request to another origin fails the page loudly.
    host = re.escape(base_url.rstrip("/"))
    context.route(re.compile(rf"^(?!{host}/|data:|blob:|about:).*"), lambda route: route.abort())
    return context


@dataclass
class PageWatch:
    """Everything that went wrong on a page: console errors (which include the browser's own
    CSP and failed-resource messages), uncaught exceptions and CSP violation events."""

    page: Page
    console: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda exc: self.exceptions.append(str(exc)))
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(f"{message.text} @ {message.location.get('url', '')}")

    def _on_request_failed(self, request: Any) -> None:
        # net::ERR_ABORTED is the browser cancelling a load because the page navigated away (a
        # test clicks a link while the last page's script or htmx request is still loading; it
        # failed three browser tests by timing alone). A missing file answers 404 (below), a
        # refused one is a CSP console error: neither is an abort.
        if request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed_requests.append(f"{response.status} {response.url}")

    def csp_violations(self) -> list[str]:
        try:
            return list(self.page.evaluate("window.__cspViolations || []"))
        except Exception:  # the page is navigating; its listener starts afresh
            return []

    def problems(self) -> list[str]:
        return [*self.console, *self.exceptions, *self.failed_requests, *self.csp_violations()]

    def clear(self) -> None:
        self.console.clear()
        self.exceptions.clear()
        self.failed_requests.clear()


def login(page: Page, username: str, password: str) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")


OFFICE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def screenshots_wanted() -> bool:
    """Full-page PNGs cost CI time that nobody looks at on a clean clone: `make test` turns them
    off (ZONEDESK_SCREENSHOTS=0); a developer's plain pytest run, or `make screens`, keeps them."""
    return os.environ.get("ZONEDESK_SCREENSHOTS", "1") != "0"


def shoot(page: Page, name: str, *, folder: str = "screens", fits_phone: bool = False,
          settle_ms: int = 0) -> None:
    """The page at office width and at phone width, saved as
    test-artifacts/<folder>/<name>-1280.png and -390.png. With ``fits_phone`` the page must not
    scroll sideways on the phone (checked whether or not screenshots are written); ``settle_ms``
    gives charts time to follow a resize first."""
    target = SCREENS.parent / folder
    for size in (OFFICE, PHONE):
        page.set_viewport_size(size)
        if settle_ms:
            page.wait_for_timeout(settle_ms)
        if size is PHONE and fits_phone:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{name}: the page is {overflow}px wider than a phone"
        if screenshots_wanted():
            target.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target / f"{name}-{size['width']}.png"), full_page=True)
    page.set_viewport_size(OFFICE)


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save test-artifacts/screens/<name>.png and return its path."""
    safe = re.sub(r"[^\w.-]+", "-", name).strip("-")
    path = SCREENS / f"{safe}.png"
    if screenshots_wanted():
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=full_page)
    return path


_FOCUS_RING = """() => {
  const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""


def tab_to(page: Page, target: Any, *, limit: int = 150) -> None:
    """Move the focus with the Tab key alone until ``target`` (a selector or a locator) has it,
    as a keyboard-only user would, and check that the focused element shows a visible focus
    ring (WCAG 2.4.7). Fails when the element cannot be reached by Tab."""
    locator = (page.locator(target) if isinstance(target, str) else target).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            assert page.evaluate(_FOCUS_RING), f"{target}: focused without a visible focus ring"
            return
    raise AssertionError(f"{target} cannot be reached with the Tab key ({limit} presses)")


def press_and_wait(page: Page, key: str = "Enter") -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)
