"""Where a clock warning leaves its capability: the sweeps call `clock_warnings.emit(...)` once
per run, after its batches commit, with one `ClockWarning` per case marked; whatever turns
warnings into messages (the message centre) registers a receiver, which sees the whole run and
so can tell each person once (a digest) however many cases turned. No receiver is registered here: a warning
with no receiver is still recorded on its row (`clock_warned`, `escalated_at`) and in the audit
trail, so nothing is lost while messaging does not exist yet.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClockWarning:
    kind: str  # "approvals.item", "appeals.appeal"...
    object_id: int
    zone_id: int
    level: str  # "yellow" or "red"
    due: dt.date | dt.datetime | None
    department_id: int | None = None
    # Whom the case went to, when the sweep chose someone (an escalation's department head).
    recipient_id: int | None = None


Receiver = Callable[[Sequence[ClockWarning]], None]


@dataclass
class ClockWarningRegistry:
    receivers: list[Receiver] = field(default_factory=list)

    def register(self, receiver: Receiver) -> Receiver:
        self.receivers.append(receiver)
        return receiver

    def emit(self, warnings: Sequence[ClockWarning]) -> None:
        if not warnings:
            return
        for receiver in self.receivers:
            try:
                receiver(warnings)
            except Exception:  # one failing receiver must not stop the others or the sweep
                log.exception("clock warning receiver %r failed", receiver)


clock_warnings = ClockWarningRegistry()
