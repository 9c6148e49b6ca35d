"""The pipeline register's Excel import through the shared flow (core/register_import.py).

Kept by 投资项目代码, else by name: a row naming a registered project updates the register's
fields of that project (only the columns the file has; never the stage, which moves only
through its gates; audited before/after), any other row registers the project with the stage
history the row states (an imported project already happened). Every row is checked by the
rules of the form and the demo load (``check_rows``), in the flow's dry run; the confirmation
writes all rows or none.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.register_import import Importer, importers, raw_column
from zonedesk.enterprises.rules import cell_text
from zonedesk.projects import services
from zonedesk.projects.cleaning import STEWARD_FIELDS
from zonedesk.projects.excel import SHEET
from zonedesk.projects.models import Project

KIND = "projects"
# The stage history's note of an imported project (stored data, in the register's language).
NOTE = "Excel 导入"
# The cleaned value a column fills: an update only touches the columns the file has.
CLEAN_KEY = {"chain": "chain_id", "park": "park_id", "enterprise": "enterprise_id", "parent": "parent_id"}


def may_edit(user) -> bool:
    return user.is_authenticated and user.has_role(*services.EDITOR_ROLES)


def project_key(values: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("project_code", cell_text(values.get("project_code"))), ("name", cell_text(values.get("name")))]


def project_find(zone_id: int, values: dict[str, Any]) -> Project | None:
    code, name = cell_text(values.get("project_code")), cell_text(values.get("name"))
    projects = Project.objects.filter(zone_id=zone_id)
    if code:
        found = projects.filter(project_code=code).first()
        if found is not None:
            return found
    return projects.filter(name=name).first() if name else None


def _write(actor: Actor, zone_id: int, values: dict[str, Any]) -> dict[str, int]:
    services.require_editor(actor, zone_id)
    good, report = services.check_rows([(0, values)], services.lookups_for(zone_id))
    if report:
        raise ValidationFailed({p["column"]: p["reason"] for p in report})
    keep = {CLEAN_KEY.get(k, k) for k in values} | {
        "name",
        *services.HISTORY_FIELDS,
        *(f"{f}_id" for f in STEWARD_FIELDS),
    }
    row = {k: v for k, v in good[0].items() if k in keep}
    return services.project_rows_write(actor=actor, zone_id=zone_id, rows=[row], note=NOTE)


def project_create_row(actor: Actor, zone_id: int, values: dict[str, Any]) -> None:
    _write(actor, zone_id, values)


def project_update_row(actor: Actor, project: Project, values: dict[str, Any]) -> bool:
    return _write(actor, project.zone_id, values)["updated"] > 0


importers.register(
    Importer(
        kind=KIND,
        label=gettext_lazy("招商项目"),
        sheet=SHEET,
        columns=(
            raw_column("name", gettext_lazy("项目名称"), required=True),
            raw_column("project_code", gettext_lazy("投资项目代码")),
            raw_column("investor_name", gettext_lazy("投资方")),
            raw_column(
                "enterprise",
                gettext_lazy("项目单位（企业名称或统一社会信用代码）"),
                fields=("enterprise_id",),
            ),
            raw_column("self_built", gettext_lazy("园区平台公司自建")),
            raw_column("chain", gettext_lazy("产业链"), fields=("chain_id",)),
            raw_column("total_investment", gettext_lazy("总投资（万元）"), required=True),
            raw_column("yearly_investment", gettext_lazy("年度计划投资（万元）")),
            raw_column("lead_source", gettext_lazy("招商渠道")),
            raw_column("park", gettext_lazy("产业园"), fields=("park_id",)),
            raw_column("parcel", gettext_lazy("地块")),
            raw_column("is_key", gettext_lazy("重点项目")),
            raw_column("expected_output", gettext_lazy("预计年产值（万元）")),
            raw_column("expected_tax", gettext_lazy("预计年税收（万元）")),
            raw_column("expected_jobs", gettext_lazy("预计带动就业（人）")),
            raw_column("expected_completion", gettext_lazy("计划完工日期")),
            raw_column("parent", gettext_lazy("补链延链所属项目"), fields=("parent_id",)),
            raw_column("stage", gettext_lazy("阶段")),
            raw_column("entered_on", gettext_lazy("入库日期")),
            raw_column("negotiating_on", gettext_lazy("在谈日期")),
            raw_column("signed_on", gettext_lazy("签约日期")),
            raw_column("started_on", gettext_lazy("开工日期")),
            raw_column("production_on", gettext_lazy("投产日期")),
            raw_column("partial_use_on", gettext_lazy("部分投用日期")),
            raw_column("project_steward", gettext_lazy("项目管家")),
            raw_column("env_steward", gettext_lazy("环保管家")),
            raw_column("safety_steward", gettext_lazy("安全管家")),
            raw_column("assistant", gettext_lazy("项目助手")),
            raw_column("note", gettext_lazy("说明")),
        ),
        write_row=project_create_row,
        natural_key=project_key,
        find=project_find,
        update_row=project_update_row,
        may_edit=may_edit,
        back="projects:list",
        note=gettext_lazy(
            "按投资项目代码（没有代码时按项目名称）匹配：已有项目按文件中的列更新（阶段不随导入改变，"
            "须在项目页按阶段条件推进），其余按所填阶段和日期登记。导出的项目库文件可直接导入。"
        ),
    )
)
