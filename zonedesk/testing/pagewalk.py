"""One walk over the site in a browser: for each page a role reaches, in English at phone width,
three checks on the same visit (issue 15):

* width: the page is no wider than the viewport (``document.scrollWidth <= innerWidth``);
* accessibility: axe-core (vendored from the npm registry, ``make assets``) finds nothing
  serious or critical;
* English: no Han character in interface text. Text inside an element marked ``lang="zh-…"``
  is data shown in Chinese on purpose (reference data without an English name); other Han text
  passes only when every run of Han characters in it occurs in data the zone entered without
  an English name (``zone_data_runs``), e.g. an enterprise's or a person's name.

The walk is a crawl: it starts at the workbench and the sidebar and follows the page's links,
visiting each distinct URL pattern once per role (one representative object per pattern), so
the cost grows with the number of pages, not with the amount of data. Every failure is
collected and reported together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = Path(settings.BASE_DIR) / "zonedesk" / "static" / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Run in the page: Han text outside lang="zh…" elements, the width and the axe findings.
HAN_TEXT_JS = r"""
() => {
  const han = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const out = new Set();
  const exempt = (el) => !el || el.closest('[lang^="zh"], script, style, noscript, template, [hidden]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.trim();
    if (t && han.test(t) && !exempt(n.parentElement)) out.add(t);
  }
  const labelled = '[placeholder], [title], [aria-label], [alt], input[type=submit], input[type=button]';
  for (const el of document.querySelectorAll(labelled)) {
    if (exempt(el)) continue;
    for (const a of ['placeholder', 'title', 'aria-label', 'alt', 'value']) {
      const v = el.getAttribute(a);
      const shown = a !== 'value' || el.matches('input[type=submit], input[type=button]');
      if (v && shown && han.test(v)) out.add(v.trim());
    }
  }
  const title = document.title;
  if (han.test(title)) out.add(title);
  return [...out];
}
"""
WIDTH_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
_AXE_RUN = """
async () => {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
  const r = await axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: tags}});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`
              + (v.nodes.length > 3 ? ` …+${v.nodes.length - 3}` : ''));
}
"""


@dataclass
class Finding:
    role: str
    path: str
    check: str  # "width", "axe", "han", "status"
    detail: str

    def __str__(self) -> str:
        return f"{self.role} {self.path} [{self.check}] {self.detail}"


@dataclass
class Walk:
    """The pages one role visited and what failed on them."""

    role: str
    visited: dict[str, str] = field(default_factory=dict)  # URL pattern -> the path visited
    findings: list[Finding] = field(default_factory=list)


def pattern_of(path: str) -> str | None:
    """The URL pattern a path resolves to (``enterprises/<int:pk>/``), or None if none does."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace + ':' if match.namespace else ''}{match.url_name or match.route}"


def zone_data_runs() -> frozenset[str]:
    """Every run of Han characters in the text the zones entered (every text column of every
    zonedesk model), except columns that have an English twin (``<field>_en``) filled in: those
    rows must show their English name in English mode."""
    from django.apps import apps
    from django.db import models

    runs: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("zonedesk."):
            continue
        names = {f.name for f in model._meta.concrete_fields}
        for f in model._meta.concrete_fields:
            if not isinstance(f, (models.CharField, models.TextField)) or f.name.endswith("_en"):
                continue
            qs = model._default_manager.exclude(**{f.name: ""}).exclude(**{f"{f.name}__isnull": True})
            twin = f"{f.name}_en"
            if twin in names:
                qs = qs.filter(**{twin: ""})
            for value in qs.values_list(f.name, flat=True).distinct().iterator():
                runs.update(HAN.findall(value))
    return frozenset(runs)


def foreign_text(texts: Iterable[str], allowed_runs: frozenset[str]) -> list[str]:
    """The texts holding a Han run that is no zone data: untranslated interface text."""
    return [t for t in texts if any(run not in allowed_runs for run in HAN.findall(t))]


def walk_role(page: Page, role: str, *, start: Iterable[str], allowed_runs: frozenset[str],
              skip: Callable[[str, str], bool], axe_seen: set[str] | None = None) -> Walk:
    """Visit every distinct URL pattern reachable from ``start`` by following links, once each,
    and run the checks on each visit. ``skip(pattern, path)`` leaves out what is not a page
    (downloads, logout, other sites' pages such as the Django admin).

    ``axe_seen``, shared by the roles of one walk, holds the patterns axe has already checked:
    what axe finds is the template's markup, the same for every role, and it costs more than
    the visit itself, so it runs on the first visit of each pattern only. Width and language
    depend on the data a role sees and are checked on every visit."""
    walk = Walk(role)
    queue = list(start)
    while queue:
        path = queue.pop(0)
        pattern = pattern_of(urlsplit(path).path)
        if pattern is None or pattern in walk.visited or skip(pattern, path):
            continue
        walk.visited[pattern] = path
        try:
            # The DOM is enough for the checks; waiting for every chart and image is not needed.
            response = page.goto(path, wait_until="domcontentloaded")
        except Exception as exc:  # a file download is not a page
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or response.status != 200:
            walk.findings.append(Finding(role, path, "status", str(response and response.status)))
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        here = urlsplit(page.url)
        if here.path != urlsplit(path).path:  # redirected: the target is its own pattern
            walk.visited.setdefault(pattern_of(here.path) or here.path, page.url)
        width, inner = page.evaluate(WIDTH_JS)
        if width > inner:
            walk.findings.append(Finding(role, path, "width", f"{width}px wide in a {inner}px viewport"))
        for text in foreign_text(page.evaluate(HAN_TEXT_JS), allowed_runs):
            walk.findings.append(Finding(role, path, "han", text[:80]))
        if axe_seen is None or pattern not in axe_seen:
            if axe_seen is not None:
                axe_seen.add(pattern)
            for violation in page.evaluate(_AXE_RUN):
                walk.findings.append(Finding(role, path, "axe", violation))
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlsplit(urljoin(page.url, href))
            if target.netloc == here.netloc and target.scheme in ("http", "https"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return walk


def add_axe(context) -> None:
    """Load axe-core into every page of the context as an init script: the debugger protocol
    runs it, so the site's Content-Security-Policy does not block it and no page serves it."""
    context.add_init_script(path=str(AXE))
