"""What the workbench shows each user.

Later capabilities register their to-do providers here (approval items waiting for me,
appeals to sign for...). A provider is a function (user) -> list[Todo]; the registry is typed,
not a string dispatch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils import timezone

from zonedesk.organisation.models import User


@dataclass(frozen=True)
class Todo:
    title: str
    url: str
    due: object = None  # a workdays Due, shown with its provisional badge
    state: str = "running"  # running / yellow / red / paused
    kind: str = ""  # a code, e.g. "approvals.review"; shown through kind_label

    @property
    def kind_label(self) -> str:
        from django.utils.translation import gettext as _

        labels = {"approval": _("工程审批"), "appeal": _("企业诉求"), "project": _("招商项目"),
                  "certificate": _("电子证照"), "enterprise": _("企业库"),
                  "rectification": _("差评整改"), "rating": _("服务评价"), "visit": _("走访"),
                  "appraisal": _("绩效考核"),
                  "commitment": _("承诺兑现"), "arrear": _("拖欠账款"),
                  "package": _("一件事一次办"), "land": _("标准地"), "park": _("园区载体"),
                  "policy": _("惠企政策")}
        head = self.kind.split(".")[0].split("_")[0].rstrip("s")
        return str(labels.get(head, self.kind))


@dataclass
class TodoRegistry:
    providers: list[Callable[[User], list[Todo]]] = field(default_factory=list)

    def register(self, provider: Callable[[User], list[Todo]]) -> Callable[[User], list[Todo]]:
        self.providers.append(provider)
        return provider

    def for_user(self, user: User) -> list[Todo]:
        todos: list[Todo] = []
        for provider in self.providers:
            todos.extend(provider(user))
        now = timezone.now()
        todos = [replace(t, state="red") if overdue(t, now) else t for t in todos]
        order = {"red": 0, "yellow": 1, "running": 2, "paused": 3}
        return sorted(todos, key=lambda t: order.get(t.state, 9))


def overdue(todo: Todo, now: dt.datetime) -> bool:
    """A to-do past its deadline shows 已超期 whatever its provider said: a provider that sets a
    due date but computes no state (or computed it before the day turned) can't leave it 办理中.
    A paused clock is not overdue: its deadline is only a lower bound while the pause lasts."""
    due = todo.due
    if due is None or todo.state in {"red", "paused"} or getattr(due, "paused", False):
        return False
    at = getattr(due, "at", None)
    if at is not None:
        return now > at
    return timezone.localdate(now) > due.date


todo_registry = TodoRegistry()


@dataclass(frozen=True)
class Panel:
    """A block on the workbench: a template and its context, from one provider."""

    title: str
    template: str
    context: dict


@dataclass
class PanelRegistry:
    providers: list[Callable[[User], Panel | None]] = field(default_factory=list)

    def register(self, provider: Callable[[User], Panel | None]) -> Callable[[User], Panel | None]:
        self.providers.append(provider)
        return provider

    def for_user(self, user: User) -> list[Panel]:
        return [p for p in (provider(user) for provider in self.providers) if p is not None]


panel_registry = PanelRegistry()


def workbench_for(user: User) -> dict:
    return {"todos": todo_registry.for_user(user), "panels": panel_registry.for_user(user)}
