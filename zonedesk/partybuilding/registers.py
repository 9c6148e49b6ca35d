"""The 党建 registers (list, create, export, API) declared once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.core.registers import Register
from zonedesk.partybuilding.models import (
    EDITOR_ROLES,
    VIEWER_ROLES,
    Activity,
    AssistancePair,
    Donation,
    JobRecord,
    PartyOrg,
    VanguardPost,
    mask,
)

DATE = forms.DateInput(attrs={"type": "date"})
ENT = (_("企业"), lambda o: o.enterprise.name)

REGISTERS: dict[str, Register] = {
    r.key: r
    for r in (
        Register(
            "orgs",
            _("企业党组织"),
            PartyOrg,
            ("enterprise", "name", "kind", "secretary", "members", "founded_on"),
            (
                (_("党组织"), lambda o: o.name),
                ENT,
                (_("类别"), lambda o: o.get_kind_display()),
                (_("书记"), lambda o: o.secretary),
                (_("党员人数"), lambda o: o.members),
                (_("成立日期"), lambda o: o.founded_on),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            search=("name", "enterprise__name"),
            order=("founded_on", "id"),
            related=("enterprise",),
            widgets={"founded_on": DATE},
            note=_("隶属开发区非公有制企业党委"),
        ),
        Register(
            "posts",
            _("党员先锋岗"),
            VanguardPost,
            ("org", "name", "holder", "awarded_on"),
            (
                (_("岗位"), lambda o: o.name),
                (_("党组织"), lambda o: o.org.name),
                (_("党员"), lambda o: mask(o.holder)),
                (_("设岗日期"), lambda o: o.awarded_on),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            private_columns=((_("党员（完整）"), lambda o: o.holder),),
            search=("name", "org__name"),
            order=("-awarded_on", "-id"),
            related=("org",),
            widgets={"awarded_on": DATE},
        ),
        Register(
            "pairs",
            _("帮扶对子"),
            AssistancePair,
            ("enterprise", "helper", "helped", "village", "started_on", "note"),
            (
                ENT,
                (_("帮扶人"), lambda o: mask(o.helper)),
                (_("帮扶对象"), lambda o: mask(o.helped)),
                (_("所在村"), lambda o: o.village),
                (_("结对日期"), lambda o: o.started_on),
                (_("帮扶内容"), lambda o: o.note),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            private_columns=(
                (_("帮扶人（完整）"), lambda o: o.helper),
                (_("帮扶对象（完整）"), lambda o: o.helped),
            ),
            search=("village", "enterprise__name"),
            order=("-started_on", "-id"),
            related=("enterprise",),
            widgets={"started_on": DATE},
            note=_("个人信息最小化：姓名脱敏显示，完整信息仅登记人员可见。"),
        ),
        Register(
            "donations",
            _("捐赠"),
            Donation,
            ("enterprise", "amount_wan", "purpose", "village", "donated_on"),
            (
                ENT,
                (_("金额（万元）"), lambda o: o.amount_wan),
                (_("用途"), lambda o: o.purpose),
                (_("受捐村"), lambda o: o.village),
                (_("捐赠日期"), lambda o: o.donated_on),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            search=("village", "purpose", "enterprise__name"),
            order=("-donated_on", "-id"),
            related=("enterprise",),
            widgets={"donated_on": DATE},
        ),
        Register(
            "jobs",
            _("吸纳脱贫家庭人员就业"),
            JobRecord,
            ("enterprise", "people", "wage_min", "wage_max", "recorded_on", "note"),
            (
                ENT,
                (_("人数"), lambda o: o.people),
                (_("月增收下限（元）"), lambda o: o.wage_min),
                (_("月增收上限（元）"), lambda o: o.wage_max),
                (_("统计日期"), lambda o: o.recorded_on),
                (_("说明"), lambda o: o.note),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            search=("enterprise__name", "note"),
            order=("-recorded_on", "-id"),
            related=("enterprise",),
            widgets={"recorded_on": DATE},
        ),
        Register(
            "activities",
            _("党建活动"),
            Activity,
            ("enterprise", "kind", "title", "partner", "held_on", "participants"),
            (
                ENT,
                (_("类别"), lambda o: o.get_kind_display()),
                (_("活动"), lambda o: o.title),
                (_("联合村党支部/对象"), lambda o: o.partner),
                (_("日期"), lambda o: o.held_on),
                (_("参加人数"), lambda o: o.participants),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            search=("title", "partner", "enterprise__name"),
            order=("-held_on", "-id"),
            related=("enterprise",),
            widgets={"held_on": DATE},
        ),
    )
}
