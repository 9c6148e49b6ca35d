"""The 产学研 registers (list, create, export, API) declared once."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.core.registers import Register
from zonedesk.research.models import (
    EDITOR_ROLES,
    VIEWER_ROLES,
    Agreement,
    Alliance,
    Challenge,
    Expert,
    Institution,
    Transplant,
)

DATE = forms.DateInput(attrs={"type": "date"})


REGISTERS: dict[str, Register] = {
    r.key: r
    for r in (
        Register(
            "institutions",
            _("合作高校院所"),
            Institution,
            ("name", "kind", "city", "note"),
            (
                (_("名称"), lambda o: o.name),
                (_("类别"), lambda o: o.get_kind_display()),
                (_("所在地"), lambda o: o.city),
                (_("说明"), lambda o: o.note),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            order=("name",),
        ),
        Register(
            "agreements",
            _("产学研合作协议"),
            Agreement,
            ("institution", "enterprise", "subject", "signed_on", "end_on", "amount_wan"),
            (
                (_("高校院所"), lambda o: o.institution.name),
                (_("合作企业"), lambda o: o.enterprise.name),
                (_("合作内容"), lambda o: o.subject),
                (_("签订日期"), lambda o: o.signed_on),
                (_("到期日期"), lambda o: o.end_on),
                (_("金额（万元）"), lambda o: o.amount_wan),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            search=("subject", "institution__name", "enterprise__name"),
            order=("-signed_on", "-id"),
            related=("institution", "enterprise"),
            widgets={"signed_on": DATE, "end_on": DATE},
        ),
        Register(
            "alliances",
            _("实质性产学研联盟"),
            Alliance,
            ("name", "lead_enterprise", "institutions", "started_on", "status"),
            (
                (_("联盟名称"), lambda o: o.name),
                (_("牵头企业"), lambda o: o.lead_enterprise.name),
                (_("成员高校院所"), lambda o: "、".join(i.name for i in o.institutions.all())),
                (_("成立日期"), lambda o: o.started_on),
                (_("状态"), lambda o: o.get_status_display()),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            order=("started_on", "id"),
            prefetch=("institutions",),
            related=("lead_enterprise",),
            widgets={"started_on": DATE},
        ),
        Register(
            "experts",
            _("引进专家人才"),
            Expert,
            ("name", "field", "level", "institution", "enterprise", "since", "phone"),
            (
                (_("姓名"), lambda o: o.masked_name),
                (_("专业领域"), lambda o: o.field),
                (_("层次"), lambda o: o.get_level_display()),
                (_("所在高校院所"), lambda o: o.institution.name if o.institution_id else ""),
                (_("服务企业"), lambda o: o.enterprise.name if o.enterprise_id else ""),
                (_("引进日期"), lambda o: o.since),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            private_columns=((_("姓名（完整）"), lambda o: o.name), (_("联系电话"), lambda o: o.phone)),
            search=("field", "institution__name", "enterprise__name"),
            order=("-since", "-id"),
            related=("institution", "enterprise"),
            widgets={"since": DATE},
            note=_("个人信息最小化：姓名脱敏显示，完整姓名和电话仅登记人员可见。"),
        ),
        Register(
            "challenges",
            _("揭榜挂帅榜单"),
            Challenge,
            ("title", "lead_enterprise", "alliance", "problem", "budget_wan", "published_on"),
            (
                (_("榜单"), lambda o: o.title),
                (_("发榜企业"), lambda o: o.lead_enterprise.name),
                (_("榜额（万元）"), lambda o: o.budget_wan),
                (_("状态"), lambda o: o.get_status_display()),
                (_("揭榜团队"), lambda o: o.team),
                (_("发榜日期"), lambda o: o.published_on),
                (_("成果"), lambda o: o.result),
                (_("验收日期"), lambda o: o.accepted_on),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            search=("title", "team", "lead_enterprise__name"),
            order=("published_on", "id"),
            related=("lead_enterprise",),
            widgets={"published_on": DATE},
        ),
        Register(
            "transplants",
            _("带土移植团队"),
            Transplant,
            ("team", "origin", "project", "enterprise", "moved_on", "investment_wan", "members"),
            (
                (_("团队"), lambda o: o.team),
                (_("来源单位"), lambda o: o.origin),
                (_("带入项目"), lambda o: o.project),
                (_("落地企业"), lambda o: o.enterprise.name),
                (_("落地日期"), lambda o: o.moved_on),
                (_("投资（万元）"), lambda o: o.investment_wan),
                (_("人数"), lambda o: o.members),
            ),
            VIEWER_ROLES,
            EDITOR_ROLES,
            search=("team", "project"),
            order=("-moved_on", "-id"),
            related=("enterprise",),
            widgets={"moved_on": DATE},
        ),
    )
}
