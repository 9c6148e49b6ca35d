"""The enterprise register's Excel import through the shared flow (core/register_import.py):
kept by credit code, so a row of a registered code updates that enterprise through
``enterprise_update`` (only the columns the file has; audited before/after) and any other
row is registered through ``enterprise_create``. The yearly figures (sheet “年度数据” of the
export) are a second import keyed by credit code and year, written by
``enterprise_figures_set``. Both are checked row by row in a dry run and confirmed all or
nothing, like every register's import.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ValidationFailed
from zonedesk.core.register_import import Importer, importers, raw_column
from zonedesk.enterprises import creditcode, services
from zonedesk.enterprises.excel import FIGURE_SHEET, SHEET
from zonedesk.enterprises.models import Enterprise, EnterpriseYearFigure
from zonedesk.enterprises.rules import cell_text, clean_figures
from zonedesk.organisation.models import Zone

# The enterprise import's kinds (URL segments of /imports/ and /api/imports/).
KIND = "enterprises"
FIGURES_KIND = "enterprises-figures"


def may_edit(user) -> bool:
    return user.is_authenticated and user.has_role(*services.EDITOR_ROLES)


def _code(values: dict[str, Any]) -> str:
    return creditcode.normalise(cell_text(values.get("credit_code")))


def enterprise_key(values: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("credit_code", _code(values))]


def enterprise_find(zone_id: int, values: dict[str, Any]) -> Enterprise | None:
    code = _code(values)
    return Enterprise.objects.filter(zone_id=zone_id, credit_code=code).first() if code else None


def enterprise_create_row(actor: Actor, zone_id: int, values: dict[str, Any]) -> Enterprise:
    return services.enterprise_create(actor=actor, zone=Zone.objects.get(pk=zone_id), data=values)


def enterprise_update_row(actor: Actor, enterprise: Enterprise, values: dict[str, Any]) -> bool:
    # The version read just now: the row is locked by enterprise_update, and the whole
    # import runs in one transaction, so no other editor's change is overwritten unseen.
    updated = services.enterprise_update(
        actor=actor, enterprise_id=enterprise.pk, data=values, version=enterprise.version
    )
    return updated.version != enterprise.version


def _year(values: dict[str, Any]) -> str:
    return cell_text(values.get("year"))


def figure_key(values: dict[str, Any]) -> list[tuple[str, Any]]:
    return [("year", f"{_code(values)}/{_year(values)}")]


def _enterprise_of(zone_id: int, values: dict[str, Any]) -> Enterprise:
    enterprise = enterprise_find(zone_id, values)
    if enterprise is None:
        raise ValidationFailed(
            {"credit_code": _("企业库中没有该统一社会信用代码的企业（请先导入“企业”工作表）")}
        )
    return enterprise


def figure_find(zone_id: int, values: dict[str, Any]) -> EnterpriseYearFigure | None:
    enterprise = _enterprise_of(zone_id, values)
    year = _year(values)
    if not year.isdigit():
        return None  # the service names the rule
    return EnterpriseYearFigure.objects.filter(enterprise=enterprise, year=int(year)).first()


def figure_create_row(actor: Actor, zone_id: int, values: dict[str, Any]) -> EnterpriseYearFigure:
    enterprise = _enterprise_of(zone_id, values)
    return services.enterprise_figures_set(actor=actor, enterprise_id=enterprise.pk, data=values)


def figure_update_row(actor: Actor, figure: EnterpriseYearFigure, values: dict[str, Any]) -> bool:
    clean, errors = clean_figures(values, this_year=timezone.localdate().year)
    if not errors and all(getattr(figure, k) == v for k, v in clean.items()):
        return False  # nothing to change: no write, no audit row
    services.enterprise_figures_set(actor=actor, enterprise_id=figure.enterprise_id, data=values)
    return True


importers.register(
    Importer(
        kind=KIND,
        label=gettext_lazy("企业"),
        sheet=SHEET,
        columns=(
            raw_column("credit_code", gettext_lazy("统一社会信用代码"), required=True),
            raw_column("name", gettext_lazy("企业名称"), required=True),
            raw_column("legal_representative", gettext_lazy("法定代表人"), required=True),
            raw_column(
                "industry_code",
                gettext_lazy("行业代码"),
                required=True,
                fields=("industry_id",),
            ),
            raw_column("park", gettext_lazy("所在产业园"), fields=("park_id",)),
            raw_column("address", gettext_lazy("地址")),
            raw_column("registered_on", gettext_lazy("成立日期")),
            raw_column("staff_size", gettext_lazy("从业人数")),
            raw_column("credit_grade", gettext_lazy("信用等级")),
            raw_column("credit_source", gettext_lazy("信用等级来源")),
            raw_column("credit_valid_until", gettext_lazy("信用等级有效期至")),
            raw_column("contact_name", gettext_lazy("联系人")),
            raw_column("contact_phone", gettext_lazy("联系电话")),
        ),
        write_row=enterprise_create_row,
        natural_key=enterprise_key,
        find=enterprise_find,
        update_row=enterprise_update_row,
        may_edit=may_edit,
        back="enterprises:list",
        note=gettext_lazy(
            "按统一社会信用代码匹配：已登记的企业按文件中的列更新（文件没有的列保持不变），其余新增登记。"
            "导出的企业库文件可直接导入；年度数据请在“导入年度数据”中导入。"
        ),
    )
)

importers.register(
    Importer(
        kind=FIGURES_KIND,
        label=gettext_lazy("企业年度数据"),
        sheet=FIGURE_SHEET,
        columns=(
            raw_column("credit_code", gettext_lazy("统一社会信用代码"), required=True),
            raw_column("year", gettext_lazy("年度"), required=True),
            raw_column("revenue", gettext_lazy("营业收入（万元）")),
            raw_column("tax", gettext_lazy("纳税额（万元）")),
            raw_column("rd_spending", gettext_lazy("研发投入（万元）")),
            raw_column("staff", gettext_lazy("从业人数")),
            raw_column("tech_staff", gettext_lazy("科技人员数")),
        ),
        write_row=figure_create_row,
        natural_key=figure_key,
        find=figure_find,
        update_row=figure_update_row,
        may_edit=may_edit,
        back="enterprises:list",
        note=gettext_lazy("按统一社会信用代码和年度匹配：已有的年度数据更新，其余新增；企业须已在企业库中。"),
    )
)
