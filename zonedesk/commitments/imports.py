"""Excel import of commitments through the shared flow (core/register_import.py): each row is
registered by ``commitment_create``, so the file gets the form's messages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.commitments import services
from zonedesk.commitments.models import REGISTRAR_ROLES, ArrearKind, CommitmentKind, SourceKind
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.register_import import ImportColumn, Importer, choice, importers, lookup
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, User
from zonedesk.projects.models import Project


def may_edit(user) -> bool:
    return user.is_authenticated and bool(user.roles & REGISTRAR_ROLES)


def _department(zone_id: int, text: str | None, errors: dict[str, str]) -> int | None:
    d = (
        Department.objects.filter(zone_id=zone_id, is_active=True).filter(Q(name=text) | Q(code=text)).first()
        if text
        else None
    )
    if d is None:
        errors["department"] = _("本园区没有名为“%(d)s”的在用部门（填写部门名称或编码）") % {"d": text or ""}
        return None
    return d.pk


def arrear_row(actor: Actor, zone_id: int, values: dict[str, Any]):
    errors: dict[str, str] = {}
    e = lookup(Enterprise, zone_id, values.get("enterprise") or "")
    if e is None:
        errors["enterprise"] = _("本园区企业库中没有“%(e)s”（填写企业名称或统一社会信用代码）") % {
            "e": values.get("enterprise") or ""
        }
    department = _department(zone_id, values.get("department"), errors)
    if errors:
        raise ValidationFailed(errors)
    data = {k: v for k, v in values.items() if k not in ("enterprise", "department") and v is not None}
    return services.arrear_create(
        actor=actor, zone_id=zone_id, enterprise_id=e.pk, department_id=department, data=data
    )


def commitment_row(actor: Actor, zone_id: int, values: dict[str, Any]):
    data = {
        k: v
        for k, v in values.items()
        if k not in ("enterprise", "project", "department", "responsible") and v is not None
    }
    errors = {}
    if values.get("enterprise"):
        e = lookup(Enterprise, zone_id, values["enterprise"])
        if e is None:
            errors["enterprise"] = _("本园区企业库中没有“%(e)s”（填写企业名称或统一社会信用代码）") % {
                "e": values["enterprise"]
            }
        else:
            data["enterprise_id"] = e.pk
    if values.get("project"):
        p = (
            Project.objects.filter(zone_id=zone_id)
            .filter(Q(name=values["project"]) | Q(project_code=values["project"]))
            .first()
        )
        if p is None:
            errors["project"] = _("本园区项目库中没有“%(p)s”（填写项目名称或投资项目代码）") % {
                "p": values["project"]
            }
        else:
            data["project_id"] = p.pk
    department = _department(zone_id, values.get("department"), errors)
    if department is not None:
        data["department_id"] = department
    if values.get("responsible"):
        u = User.objects.filter(zone_id=zone_id, username=values["responsible"]).first()
        if u is None:
            errors["responsible"] = _("本园区没有用户名为“%(u)s”的工作人员") % {"u": values["responsible"]}
        else:
            data["responsible_id"] = u.pk
    if errors:
        raise ValidationFailed(errors)
    return services.commitment_create(actor=actor, zone_id=zone_id, data=data)


importers.register(
    Importer(
        kind="commitments",
        label=gettext_lazy("承诺事项"),
        columns=(
            ImportColumn("enterprise", gettext_lazy("企业")),
            ImportColumn("project", gettext_lazy("招商项目")),
            ImportColumn("beneficiary", gettext_lazy("承诺对象")),
            ImportColumn("title", gettext_lazy("承诺事项"), required=True),
            ImportColumn(
                "kind", gettext_lazy("承诺类别"), required=True, parse=choice(CommitmentKind.choices)
            ),
            ImportColumn("detail", gettext_lazy("承诺内容")),
            ImportColumn(
                "source_kind", gettext_lazy("依据文件类别"), required=True, parse=choice(SourceKind.choices)
            ),
            ImportColumn("source_title", gettext_lazy("依据文件"), required=True),
            ImportColumn("promised_on", gettext_lazy("承诺日期"), "date", required=True),
            ImportColumn("due_on", gettext_lazy("兑现期限"), "date", required=True),
            ImportColumn("amount_yuan", gettext_lazy("涉及金额（元）"), "decimal"),
            ImportColumn("department", gettext_lazy("责任部门"), required=True),
            ImportColumn("responsible", gettext_lazy("责任人（用户名）")),
            ImportColumn("promised_by", gettext_lazy("承诺人（签署时）")),
        ),
        write_row=commitment_row,
        may_edit=may_edit,
        back="commitments:list",
        note=gettext_lazy(
            "企业填写名称或统一社会信用代码，招商项目填写名称或投资项目代码，责任部门填写名称或编码；未填企业和项目时须填写承诺对象。"
        ),
    )
)

importers.register(
    Importer(
        kind="arrears",
        label=gettext_lazy("拖欠企业账款"),
        columns=(
            ImportColumn("enterprise", gettext_lazy("债权企业"), required=True),
            ImportColumn("department", gettext_lazy("欠款单位"), required=True),
            ImportColumn("kind", gettext_lazy("账款类别"), required=True, parse=choice(ArrearKind.choices)),
            ImportColumn("basis", gettext_lazy("形成依据"), required=True),
            ImportColumn("amount_yuan", gettext_lazy("应付金额（元）"), "decimal", required=True),
            ImportColumn("due_on", gettext_lazy("应付日期"), "date", required=True),
            ImportColumn("note", gettext_lazy("说明")),
        ),
        write_row=arrear_row,
        may_edit=may_edit,
        back="commitments:arrears",
        note=gettext_lazy("债权企业填写名称或统一社会信用代码，欠款单位填写部门名称或编码；金额以元计。"),
    )
)
