from zonedesk.appeals.services.summary import summaries_drift, summaries_rebuild
from zonedesk.core.summary_check import Drift, command_for


def _line(d: Drift) -> str:
    if len(d.key) == 6:  # a ratings row
        zone, day, level, overturned, category, department = d.key
        return (
            f"园区 {zone} 评价日 {day} {level}{'（已撤销）' if overturned else ''} 类别 {category} "
            f"部门 {department}: 存储 {d.stored} ≠ 重算 {d.computed}（评价数）"
        )
    zone, department, category, due_on, closed_on = d.key
    return (
        f"园区 {zone} 部门 {department} 类别 {category} 期限 {due_on} 办结 {closed_on}: "
        f"存储 {d.stored} ≠ 重算 {d.computed}（诉求数, 按时办结, 在办）"
    )


Command = command_for(
    help=(
        "按诉求和评价重算诉求日汇总表（诉求数、按时办结数、在办数）与评价日汇总表，"
        "报告与存储值的偏差；--fix 用重算结果替换"
    ),
    actor_name="appeals_summary_check",
    rebuilt="已重算 {n} 行",
    drift=summaries_drift,
    rebuild=summaries_rebuild,
    describe=_line,
)
