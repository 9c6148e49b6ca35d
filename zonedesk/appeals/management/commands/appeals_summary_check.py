from zonedesk.appeals.services.summary import appeals_drift, appeals_rebuild
from zonedesk.core.summary_check import Drift, command_for


def _line(d: Drift) -> str:
    zone, department, category, due_on, closed_on = d.key
    return (
        f"园区 {zone} 部门 {department} 类别 {category} 期限 {due_on} 办结 {closed_on}: "
        f"存储 {d.stored} ≠ 重算 {d.computed}（诉求数, 按时办结, 在办）"
    )


Command = command_for(
    help="按诉求重算诉求日汇总表（诉求数、按时办结数、在办数），报告与存储值的偏差；--fix 用重算结果替换",
    actor_name="appeals_summary_check",
    rebuilt="已重算 {n} 行",
    drift=appeals_drift,
    rebuild=appeals_rebuild,
    describe=_line,
)
