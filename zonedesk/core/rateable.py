"""Service cases an enterprise can rate (好差评, 一事一评): appeals and approval applications.

The capability that owns a kind of case registers a finder; the ratings service asks it for
the case as the rating user may see it (None = not visible, a 404) and whether it is complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RateableCase:
    kind: str  # "appeal" | "application"
    id: int
    zone_id: int
    enterprise_id: int
    department_ids: tuple[int, ...]  # who handled it (a rating counts against them)
    title: str
    completed: bool
    completed_at: dt.datetime | None
    url: str


Finder = Callable[[Any, int], RateableCase | None]  # (user, id) -> case visible to the user


@dataclass
class RateableRegistry:
    finders: dict[str, Finder] = field(default_factory=dict)
    # Set by the capability that keeps ratings: (kind, case id, zone id) -> the rating or None,
    # so the owner of a case can show its rating without importing the ratings app.
    rating_finder: Callable[[str, int, int], Any] | None = None

    def rating_for(self, kind: str, case_id: int, zone_id: int) -> Any:
        return self.rating_finder(kind, case_id, zone_id) if self.rating_finder else None

    def register(self, kind: str) -> Callable[[Finder], Finder]:
        def wrap(finder: Finder) -> Finder:
            self.finders[kind] = finder
            return finder

        return wrap

    def find(self, kind: str, user: Any, case_id: int) -> RateableCase | None:
        finder = self.finders.get(kind)
        return finder(user, case_id) if finder else None


rateable_registry = RateableRegistry()
