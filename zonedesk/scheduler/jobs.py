"""The jobs the scheduler runs: a typed registry. Each job is idempotent and safe to run on
two hosts at once (the sweeps lock their rows with ``skip_locked``; the scheduler also holds
a per-job run lock). Another capability adds its sweep with ``job_registry.register(Job(...))``
in its AppConfig.ready."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.management import call_command
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Job:
    name: str
    label: str | Promise
    every: dt.timedelta
    run: Callable[[], str]  # returns a one-line result for the table; raises on failure


@dataclass
class JobRegistry:
    jobs: dict[str, Job] = field(default_factory=dict)

    def register(self, *jobs: Job) -> None:
        for job in jobs:
            self.jobs.setdefault(job.name, job)

    def get(self, name: str) -> Job | None:
        return self.jobs.get(name)


job_registry = JobRegistry()


def _command(name: str, *args: str) -> Callable[[], str]:
    def run() -> str:
        out, err = io.StringIO(), io.StringIO()
        call_command(name, *args, stdout=out, stderr=err)  # CommandError propagates: a failed run
        return (out.getvalue().strip() or err.getvalue().strip())[-500:]

    return run


def _appeals_escalate() -> str:
    from zonedesk.appeals.services import appeals_escalate_all
    from zonedesk.core.actor import Actor

    # In batches (no run holds thousands of row locks for long), told once per run: each head
    # gets one digest of what the run escalated to them.
    total = appeals_escalate_all(actor=Actor.system("scheduler.appeals_escalate"))
    return f"上报超期诉求 {total} 件"


def _deliveries() -> str:
    from zonedesk.notifications.services import deliveries_sweep

    r = deliveries_sweep()
    return f"发送 {r['sent']}，失败 {r['failed']}，待重试 {r['retry']}"


def _messages_prune() -> str:
    from zonedesk.notifications.services import messages_prune

    return f"删除过期消息 {messages_prune()} 条"


def _imports_sweep() -> str:
    from zonedesk.core.import_tasks import imports_sweep

    return imports_sweep()


job_registry.register(
    Job("notifications_deliver", _("发送待发消息（重试、免打扰后补发）"), dt.timedelta(minutes=1),
        _deliveries),
    Job("appeals_escalate", _("诉求超期上报"), dt.timedelta(minutes=10), _appeals_escalate),
    # The item clocks' yellow/red warnings (once per state) and the 容缺 terminations.
    Job("approvals_sweep", _("审批事项黄红灯预警、补正逾期提醒与容缺逾期终止"), dt.timedelta(hours=1),
        _command("approvals_sweep")),
    Job("commitments_sweep", _("承诺事项逾期提醒"), dt.timedelta(hours=6), _command("commitments_sweep")),
    Job("audit_checkpoint", _("审计链签名检查点（写入文件与 syslog）"), dt.timedelta(hours=1),
        _command("audit_checkpoint")),
    Job("audit_verify", _("审计日志哈希链校验"), dt.timedelta(days=1), _command("audit_verify")),
    Job("audit_prune", _("审计日志超期清理"), dt.timedelta(days=1), _command("audit_prune")),
    Job("files_sweep", _("孤儿文件清理"), dt.timedelta(days=1), _command("files_sweep")),
    Job("imports_sweep", _("导入批次超期清理与后台导入续跑"), dt.timedelta(hours=1), _imports_sweep),
    Job("notifications_prune", _("站内信超期清理"), dt.timedelta(days=1), _messages_prune),
)
