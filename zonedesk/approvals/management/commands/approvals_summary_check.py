from zonedesk.approvals.services.summary import decisions_drift, decisions_rebuild
from zonedesk.core.summary_check import command_for

Command = command_for(
    help="按审批事项重算办结日汇总表（办结数、期限内办结数），报告与存储值的偏差；--fix 用重算结果替换",
    actor_name="approvals_summary_check",
    rebuilt="已重算 {n} 个园区日",
    drift=decisions_drift,
    rebuild=decisions_rebuild,
    describe=lambda d: f"园区 {d.key[0]} {d.key[1]}: 存储 {d.stored} ≠ 重算 {d.computed}（办结数, 期限内）",
)
