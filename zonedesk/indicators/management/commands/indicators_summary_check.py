from zonedesk.core.summary_check import command_for
from zonedesk.indicators.services import summary_drift, summary_rebuild

Command = command_for(
    help="按办结案例重算营商环境指标日汇总表，报告与存储值的偏差；--fix 用重算结果替换",
    actor_name="indicators_summary_check",
    rebuilt="已重算 {n} 个汇总格",
    drift=summary_drift,
    rebuild=summary_rebuild,
    describe=lambda d: "园区 {} {} {} {} 个工作日: 存储 {} ≠ 重算 {}".format(*d.key, d.stored, d.computed),
)
