"""The demo zones, departments and logins (demo data only: every password is zonedesk-demo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zonedesk.core.actor import Actor
from zonedesk.organisation.models import Department, DepartmentKind, Post, PostSystem, User, Zone
from zonedesk.organisation.roles import Role
from zonedesk.organisation.services import department_create, user_create

DEMO_PASSWORD = "zonedesk-demo"
SYSTEM = Actor.system("demo_load")

ZONES = [
    # code, name, short, region, province, default, reporting year, reported as of
    ("LY", "凌源经济开发区", "凌源经开区", "211382", "21", True, 2026, dt.date(2026, 10, 31)),
    ("JP", "建平经济开发区", "建平经开区", "211322", "21", False, 2026, dt.date(2026, 10, 31)),
]
# code -> (English name, English short name): shown in English mode (issue 15)
ZONES_EN = {
    "LY": ("Lingyuan Economic Development Zone", "Lingyuan EDZ"),
    "JP": ("Jianping Economic Development Zone", "Jianping EDZ"),
}

# (code, name, kind, parent code)
LY_DEPARTMENTS = [
    ("GWH", "凌源经济开发区管理委员会", DepartmentKind.COMMITTEE, None),
    ("DZB", "党政办公室", DepartmentKind.BUREAU, "GWH"),
    ("JFJ", "经济发展局", DepartmentKind.BUREAU, "GWH"),
    ("SPJ", "行政审批局（审批大厅）", DepartmentKind.BUREAU, "GWH"),
    ("GHJ", "规划建设局", DepartmentKind.BUREAU, "GWH"),
    ("ZRJ", "自然资源分局", DepartmentKind.BUREAU, "GWH"),
    ("AHJ", "安全生产和生态环境局", DepartmentKind.BUREAU, "GWH"),
    ("KJJ", "科技创新局", DepartmentKind.BUREAU, "GWH"),
    ("JT", "凌源经开发展投资集团有限公司", DepartmentKind.GROUP, None),
    ("JT-RL", "人力资源部", DepartmentKind.HQ, "JT"),
    ("JT-CW", "财务部", DepartmentKind.HQ, "JT"),
    ("JT-ZH", "综合管理部", DepartmentKind.HQ, "JT"),
    ("JT-SJ", "审计监察部", DepartmentKind.HQ, "JT"),
    ("JT-FW", "法务部", DepartmentKind.HQ, "JT"),
    ("JT-ZS", "凌源经开招商服务有限公司", DepartmentKind.SUBSIDIARY, "JT"),
    ("JT-YY", "凌源经开园区运营管理有限公司", DepartmentKind.SUBSIDIARY, "JT"),
    ("JT-JS", "凌源经开建设发展有限公司", DepartmentKind.SUBSIDIARY, "JT"),
    ("WB-GS", "凌源市供水公司", DepartmentKind.EXTERNAL, None),
    ("WB-GD", "国网凌源市供电公司", DepartmentKind.EXTERNAL, None),
    ("WB-RQ", "凌源市燃气公司", DepartmentKind.EXTERNAL, None),
    ("WB-RL", "凌源市热力公司", DepartmentKind.EXTERNAL, None),
]

JP_DEPARTMENTS = [
    ("GWH", "建平经济开发区管理委员会", DepartmentKind.COMMITTEE, None),
    ("SPJ", "行政审批局", DepartmentKind.BUREAU, "GWH"),
    ("JFJ", "经济发展局", DepartmentKind.BUREAU, "GWH"),
]


# English names (core/i18n.py) by (zone, code).
DEPARTMENTS_EN = {
    ("LY", "GWH"): "Lingyuan Economic Development Zone Administrative Committee",
    ("LY", "DZB"): "Party and Government Office",
    ("LY", "JFJ"): "Economic Development Bureau",
    ("LY", "SPJ"): "Administrative Approval Bureau (approval hall)",
    ("LY", "GHJ"): "Planning and Construction Bureau",
    ("LY", "ZRJ"): "Natural Resources Branch",
    ("LY", "AHJ"): "Work Safety and Ecological Environment Bureau",
    ("LY", "KJJ"): "Science and Innovation Bureau",
    ("LY", "JT"): "Lingyuan Development Zone Investment Group Co., Ltd.",
    ("LY", "JT-RL"): "Human Resources Department",
    ("LY", "JT-CW"): "Finance Department",
    ("LY", "JT-ZH"): "General Affairs Department",
    ("LY", "JT-SJ"): "Audit and Supervision Department",
    ("LY", "JT-FW"): "Legal Department",
    ("LY", "JT-ZS"): "Lingyuan Development Zone Investment Promotion Services Co., Ltd.",
    ("LY", "JT-YY"): "Lingyuan Development Zone Park Operation Management Co., Ltd.",
    ("LY", "JT-JS"): "Lingyuan Development Zone Construction and Development Co., Ltd.",
    ("LY", "WB-GS"): "Lingyuan Water Supply Company",
    ("LY", "WB-GD"): "State Grid Lingyuan Power Supply Company",
    ("LY", "WB-RQ"): "Lingyuan Gas Company",
    ("LY", "WB-RL"): "Lingyuan Heating Company",
    ("JP", "GWH"): "Jianping Economic Development Zone Administrative Committee",
    ("JP", "SPJ"): "Administrative Approval Bureau",
    ("JP", "JFJ"): "Economic Development Bureau",
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    roles: tuple[str, ...]
    zone: str
    department: str | None = None
    enterprise_code: str | None = None  # credit code, for enterprise users
    post: str = ""
    what: str = ""


LOGINS = [
    DemoLogin("admin", "系统管理员", (Role.SYSTEM_ADMIN,), "LY", "JT-ZH", what="系统管理（用户、部门、日历、目录）"),
    DemoLogin("security", "安全管理员", (Role.SECURITY_ADMIN,), "LY", "JT-ZH", what="账号安全、锁定与解锁"),
    DemoLogin("auditor", "审计管理员", (Role.AUDIT_ADMIN,), "LY", "JT-SJ", what="审计日志与哈希链校验"),
    DemoLogin("window", "李晓琳", (Role.WINDOW_CLERK,), "LY", "SPJ", post="综合窗口受理员", what="综合窗口：受理、容缺、派单"),
    DemoLogin("reviewer", "王建国", (Role.REVIEWER,), "LY", "GHJ", post="规划审批员", what="规划建设局审批人员"),
    DemoLogin("depthead", "赵立新", (Role.DEPARTMENT_HEAD, Role.REVIEWER), "LY", "GHJ", post="局长", what="规划建设局负责人"),
    DemoLogin("steward", "孙志强", (Role.STEWARD,), "LY", "JT-ZS", post="项目管家", what="项目管家（领办、代办）"),
    DemoLogin("investment", "周海燕", (Role.INVESTMENT_OFFICER,), "LY", "JT-ZS", post="招商专员", what="招商专员：项目与企业库"),
    DemoLogin("leader", "刘振华", (Role.LEADER,), "LY", "GWH", post="管委会主任", what="领导：驾驶舱、督办"),
    DemoLogin("province", "省营商环境平台", (Role.PROVINCIAL,), "LY", None, what="省级平台：查看各开发区"),
    DemoLogin("enterprise", "张明（中玻）", (Role.ENTERPRISE,), "LY", None, enterprise_code="ZB", what="企业用户：中玻(朝阳)新材料"),
    DemoLogin("jp-leader", "陈国栋", (Role.LEADER,), "JP", "GWH", what="建平经开区领导（另一园区）"),
    DemoLogin("jp-window", "何丽", (Role.WINDOW_CLERK,), "JP", "SPJ", what="建平经开区综合窗口（另一园区）"),
]


def load_zones() -> dict[str, Zone]:
    zones = {}
    for code, name, short, region, province, default, year, until in ZONES:
        name_en, short_en = ZONES_EN[code]
        zone, _ = Zone.objects.get_or_create(code=code, defaults=dict(
            name=name, short_name=short, region_code=region, province_code=province,
            is_default=default, reporting_year=year, reporting_until=until,
            name_en=name_en, short_name_en=short_en))
        if zone.reporting_until is None or not zone.name_en:
            # A demo database from before the reporting period (or the English names) existed
            # gets them once.
            zone.reporting_until = zone.reporting_until or until
            zone.name_en, zone.short_name_en = zone.name_en or name_en, zone.short_name_en or short_en
            reference_create_or_update(zone, "organisation.zone.update")
        zones[code] = zone
    return zones


def load_departments(zone: Zone, rows) -> dict[str, Department]:
    out: dict[str, Department] = {}
    for i, (code, name, kind, parent) in enumerate(rows):
        dept = Department.objects.filter(zone=zone, code=code).first()
        if dept is None:
            dept = department_create(actor=SYSTEM, zone=zone, code=code, name=name, kind=kind,
                                     parent=out.get(parent) if parent else None, sort=i,
                                     name_en=DEPARTMENTS_EN.get((zone.code, code), ""))
        out[code] = dept
    return out


def load_logins(zones: dict[str, Zone], departments: dict[str, dict[str, Department]],
                enterprises: dict[str, object]) -> None:
    for login in LOGINS:
        if User.objects.filter(username=login.username).exists():
            continue
        if login.enterprise_code and login.enterprise_code not in enterprises:
            continue  # its enterprise is registered later in the load
        zone = zones[login.zone]
        dept = departments[login.zone].get(login.department) if login.department else None
        post = None
        if login.post and dept is not None:
            post = Post.objects.filter(zone=zone, department=dept, name=login.post).first()
            if post is None:
                post = reference_create(Post(zone=zone, department=dept, name=login.post,
                                             system=PostSystem.APPOINTMENT))
        user_create(
            actor=SYSTEM, zone=zone, username=login.username, password=DEMO_PASSWORD,
            full_name=login.full_name, roles=set(login.roles), department=dept, post=post,
            enterprise=enterprises.get(login.enterprise_code) if login.enterprise_code else None,
            extra_zones=list(zones.values()) if Role.PROVINCIAL in login.roles else (),
        )


def reference_create_or_update(instance, action: str):
    from zonedesk.organisation.services import reference_save

    reference_save(actor=SYSTEM, instance=instance, action=action)
    return instance


def reference_create(instance):
    from zonedesk.organisation.services import reference_save

    reference_save(actor=SYSTEM, instance=instance,
                   action=f"{instance._meta.label_lower}.create")
    return instance
