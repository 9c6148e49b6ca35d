"""The one shape of the summary tables' check commands (``approvals_summary_check``,
``indicators_summary_check``, ``appeals_summary_check``): recompute the table from the cases,
compare it with the stored rows key by key, report each difference, and with ``--fix`` replace
the rows (the table's own rebuild, which locks against the writers' bumps and audits).

A table plugs in three things: ``drift(zones)`` (the differences, ``drift_between`` of its
recomputed and stored mappings), ``rebuild(zones, actor=…)`` and a line per difference."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from zonedesk.core.actor import Actor


@dataclass(frozen=True)
class Drift:
    key: tuple
    stored: Any
    computed: Any


def drift_between(computed: Mapping[Any, Any], stored: Mapping[Any, Any], zero: Any) -> list[Drift]:
    """Every key whose stored value differs from the recomputed one (a missing key is ``zero``),
    in key order."""
    return [
        Drift(k, stored.get(k, zero), computed.get(k, zero))
        for k in sorted(set(computed) | set(stored))
        if stored.get(k, zero) != computed.get(k, zero)
    ]


class SummaryCheckCommand(BaseCommand):
    """Subclasses set ``help``, ``actor_name`` and ``rebuilt`` (the message after ``--fix``,
    with ``{n}``), and implement ``drift``, ``rebuild`` and ``describe``."""

    actor_name = ""
    rebuilt = "已重算 {n} 行"
    shown = 50

    def drift(self, zones: list[int] | None) -> list[Drift]:
        raise NotImplementedError

    def rebuild(self, zones: list[int] | None, actor: Actor) -> int:
        raise NotImplementedError

    def describe(self, d: Drift) -> str:
        return f"{d.key}: 存储 {d.stored} ≠ 重算 {d.computed}"

    def add_arguments(self, parser):
        parser.add_argument("--zone", type=int, action="append", help="园区 id（可重复；默认全部）")
        parser.add_argument("--fix", action="store_true", help="用重算结果替换汇总表")

    def handle(self, *args, **options):
        zones = options["zone"]
        drift = self.drift(zones)
        for d in drift[: self.shown]:
            self.stdout.write(self.describe(d))
        self.stdout.write(f"偏差 {len(drift)} 处")
        if options["fix"]:
            n = self.rebuild(zones, Actor.system(self.actor_name))
            self.stdout.write(self.rebuilt.format(n=n))
        elif drift:
            raise CommandError(f"{len(drift)} 处偏差（运行 --fix 重算）")


def command_for(
    *,
    help: str,
    actor_name: str,
    rebuilt: str,
    drift: Callable[[Iterable[int] | None], list[Drift]],
    rebuild: Callable[..., int],
    describe: Callable[[Drift], str],
) -> type[SummaryCheckCommand]:
    """A check command for one summary table, from its functions."""

    class Command(SummaryCheckCommand):
        def drift(self, zones):
            return drift(zones)

        def rebuild(self, zones, actor):
            return rebuild(zones, actor=actor)

        def describe(self, d):
            return describe(d)

    Command.help, Command.actor_name, Command.rebuilt = help, actor_name, rebuilt
    return Command
