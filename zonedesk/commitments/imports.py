"""Excel import of commitments through the shared flow (core/register_import.py): each row is
registered by ``commitment_create``, so the file gets the form's messages."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from zonedesk.commitments import services
from zonedesk.commitments.models import REGISTRAR_ROLES, CommitmentKind, SourceKind
from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.register_import import ImportColumn, Importer, choice, importers, lookup
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import Department, User
from zonedesk.projects.models import Project


def may_edit(user) -> bool:
    return user.is_authenticated and bool(user.roles & REGISTRAR_ROLES)


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
    d = (
        Department.objects.filter(zone_id=zone_id, is_active=True)
        .filter(Q(name=values.get("department")) | Q(code=values.get("department")))
        .first()
    )
    if d is None:
        errors["department"] = _("本园区没有名为“%(d)s”的在用部门（填写部门名称或编码）") % {
            "d": values.get("department") or ""
        }
    else:
        data["department_id"] = d.pk
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
        label=_lazy("承诺事项"),
        columns=(
            ImportColumn("enterprise", _lazy("企业")),
            ImportColumn("project", _lazy("招商项目")),
            ImportColumn("beneficiary", _lazy("承诺对象")),
            ImportColumn("title", _lazy("承诺事项"), required=True),
            ImportColumn("kind", _lazy("承诺类别"), required=True, parse=choice(CommitmentKind.choices)),
            ImportColumn("detail", _lazy("承诺内容")),
            ImportColumn(
                "source_kind", _lazy("依据文件类别"), required=True, parse=choice(SourceKind.choices)
            ),
            ImportColumn("source_title", _lazy("依据文件"), required=True),
            ImportColumn("promised_on", _lazy("承诺日期"), "date", required=True),
            ImportColumn("due_on", _lazy("兑现期限"), "date", required=True),
            ImportColumn("amount_yuan", _lazy("涉及金额（元）"), "decimal"),
            ImportColumn("department", _lazy("责任部门"), required=True),
            ImportColumn("responsible", _lazy("责任人（用户名）")),
            ImportColumn("promised_by", _lazy("承诺人（签署时）")),
        ),
        write_row=commitment_row,
        may_edit=may_edit,
        back="commitments:list",
        note=_lazy(
            "企业填写名称或统一社会信用代码，招商项目填写名称或投资项目代码，责任部门填写名称或编码；未填企业和项目时须填写承诺对象。"
        ),
    )
)
