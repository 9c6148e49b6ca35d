"""Credit marks other capabilities record against an enterprise (e.g. a missed 容缺 deadline in
approvals), shown on the enterprise page without the registry importing those apps.

The capability that records marks registers a finder: (user, enterprise id) -> the marks the
user may see, each with its consequence and, where the user may record it, a repair action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class CreditMark:
    kind: str  # label of the kind of breach
    occurred_on: dt.date
    note: str
    consequence: str  # e.g. "绿色通道暂停至 2027-11-30"
    active: bool  # the consequence is in force today
    repaired: str = ""  # e.g. "2026-12-01 信用修复：…"
    repair_url: str = ""  # POST target of the repair form, when the user may record it
    url: str = ""  # the case it came from


Finder = Callable[[Any, int], list[CreditMark]]


@dataclass
class CreditMarkRegistry:
    finders: list[Finder] = field(default_factory=list)

    def register(self, finder: Finder) -> Finder:
        self.finders.append(finder)
        return finder

    def marks_for(self, user: Any, enterprise_id: int) -> list[CreditMark]:
        return [m for finder in self.finders for m in finder(user, enterprise_id)]


credit_mark_registry = CreditMarkRegistry()
