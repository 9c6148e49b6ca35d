"""The sidebar: each app registers its entries (in its AppConfig.ready), ordered by weight."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None  # None: everyone signed in
    section: str  # the first path segment that marks the item active
    weight: int = 500
    exact: bool = False  # active only on the item's own URL (two items share a section)


@dataclass
class NavRegistry:
    items: list[NavItem] = field(default_factory=list)

    def register(self, *items: NavItem) -> None:
        for item in items:
            if any(i.url_name == item.url_name for i in self.items):
                continue  # ready() may run twice in tests; registering is idempotent
            self.items.append(item)
        self.items.sort(key=lambda i: i.weight)


nav_registry = NavRegistry()
