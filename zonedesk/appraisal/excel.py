"""Excel exports of the appraisal registers: templates, a period's ranking and sheets, decisions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zonedesk.appraisal.models import AppraisalPeriod, Score
from zonedesk.core.xlsx import workbook


def templates(qs) -> bytes:
    def rows():
        for t in qs.prefetch_related("indicators"):
            for i in t.indicators.all():
                yield (
                    t.name,
                    t.number,
                    t.is_current,
                    t.applies_to,
                    t.get_period_kind_display(),
                    i.code,
                    i.name,
                    i.get_source_display(),
                    i.weight,
                    i.full_at,
                    i.zero_at,
                    i.none_pct,
                    i.is_veto,
                    i.veto_at,
                )

    return workbook(
        [
            (
                _("指标模板"),
                [
                    _("模板"),
                    _("版本"),
                    _("现行"),
                    _("适用岗位"),
                    _("周期"),
                    _("指标编码"),
                    _("指标"),
                    _("来源"),
                    _("权重"),
                    _("满分值"),
                    _("零分值"),
                    _("无数据得分比例%"),
                    _("一票否决"),
                    _("否决阈值"),
                ],
                rows(),
            )
        ]
    )


def period(p: AppraisalPeriod, sheets) -> bytes:
    sheets = sheets.select_related("person", "department")

    def ranking():
        for s in sheets.iterator(chunk_size=500):
            yield (
                s.rank_group,
                s.place,
                s.person.display_name,
                s.department.name,
                s.post_name,
                s.get_post_system_display(),
                s.derived_score,
                s.manual_score,
                s.total,
                s.vetoed,
                s.veto_reason,
                s.get_grade_display(),
                s.get_flag_display() if s.flag else "",
                s.tie_note,
                s.get_status_display(),
            )

    def detail():
        qs = (
            Score.objects.filter(sheet__in=sheets.values("pk"))
            .select_related("sheet__person", "indicator")
            .order_by("sheet__rank_group", "sheet__place", "sheet_id", "indicator__sort")
        )
        for sc in qs.iterator(chunk_size=1000):
            yield (
                sc.sheet.person.display_name,
                sc.indicator.name,
                sc.indicator.get_source_display(),
                sc.indicator.weight,
                sc.value,
                sc.basis,
                sc.points,
                sc.vetoed,
                sc.evidence,
                sc.comment,
            )

    return workbook(
        [
            (
                _("排名"),
                [
                    _("排序组"),
                    _("名次"),
                    _("姓名"),
                    _("部门"),
                    _("岗位"),
                    _("用人方式"),
                    _("系统数据得分"),
                    _("人工评分"),
                    _("总分"),
                    _("一票否决"),
                    _("否决原因"),
                    _("等次"),
                    _("排序结果"),
                    _("并列说明"),
                    _("状态"),
                ],
                ranking(),
            ),
            (
                _("考核表明细"),
                [
                    _("姓名"),
                    _("指标"),
                    _("来源"),
                    _("权重"),
                    _("指标值"),
                    _("计算过程"),
                    _("得分"),
                    _("否决"),
                    _("依据"),
                    _("评语"),
                ],
                detail(),
            ),
        ]
    )


def decisions(qs) -> bytes:
    def rows():
        for d in qs.iterator(chunk_size=500):
            yield (
                d.sheet.person.display_name,
                d.sheet.period.name,
                d.sheet.total,
                d.sheet.get_grade_display(),
                d.get_kind_display(),
                d.get_post_system_display(),
                d.effective_on,
                d.note,
                d.decided_by.display_name,
            )

    return workbook(
        [
            (
                _("聘用决定"),
                [
                    _("姓名"),
                    _("依据的考核"),
                    _("总分"),
                    _("等次"),
                    _("决定"),
                    _("用人方式"),
                    _("生效日期"),
                    _("说明"),
                    _("决定人"),
                ],
                rows(),
            )
        ]
    )


# -- import of KPI templates ------------------------------------------------------------------------
#
# The sheet is the export's (so an exported sheet, edited, comes back in): one indicator a row,
# the rows of a template grouped by its name. It is not a plain register row-by-row import
# (core/register_import.py): a template is only valid as a whole (weights add up to 100), so
# each group goes through services.template_create, which versions it; all groups run in one
# transaction and any problem writes nothing, naming the row, the column and the rule.

IMPORT_MAX_ROWS = 1_000
_HEADERS = {
    "模板": "template",
    "版本": "number",
    "现行": "current",
    "适用岗位": "applies_to",
    "周期": "period_kind",
    "指标编码": "code",
    "指标": "name",
    "来源": "source",
    "权重": "weight",
    "满分值": "full_at",
    "零分值": "zero_at",
    "无数据得分比例%": "none_pct",
    "一票否决": "is_veto",
    "否决阈值": "veto_at",
}
_REQUIRED = ("template", "applies_to", "period_kind", "code", "name", "source", "weight")
_YES = {"是", "true", "1", "yes", "y", "√"}
_NO = {"否", "false", "0", "no", "n", ""}


def import_template() -> bytes:
    """The empty sheet to fill in (the export's header; 版本 and 现行 may be left out)."""
    return workbook([(_("指标模板"), [_(h) for h in _HEADERS], [])])


def _cell(raw) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip()


def _flag(text: str) -> bool | None:
    low = text.lower()
    return True if low in _YES else False if low in _NO else None


def templates_import(*, actor, content: bytes) -> list:
    """Create (a new version of) every template in the file, or nothing."""
    import io
    from zipfile import BadZipFile

    from django.db import transaction
    from openpyxl import load_workbook

    from zonedesk.appraisal import services
    from zonedesk.appraisal.models import PeriodKind, Source
    from zonedesk.core.errors import ValidationFailed

    services._require_manager(actor, actor.user.zone_id if actor.user else None)
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ValidationFailed({"file": _("不是有效的 Excel (.xlsx) 文件")}) from exc
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = [_cell(h) for h in next(rows, [])]
    labels = {str(_(h)): key for h, key in _HEADERS.items()} | dict(_HEADERS)
    columns = {i: labels[h] for i, h in enumerate(header) if h in labels}
    label_of = {key: h for h, key in _HEADERS.items()}
    missing = [str(_(label_of[k])) for k in _REQUIRED if k not in columns.values()]
    if missing:
        raise ValidationFailed({"file": _("缺少列：%(c)s（请使用导入模板）") % {"c": "、".join(missing)}})
    kinds = {str(label): value for value, label in PeriodKind.choices} | {v: v for v in PeriodKind.values}
    sources = {str(label): value for value, label in Source.choices} | {v: v for v in Source.values}
    problems: list[str] = []

    def problem(number: int, key: str, message: str) -> None:
        problems.append(_("第 %(r)s 行“%(c)s”：%(m)s") % {"r": number, "c": _(label_of[key]), "m": message})

    groups: dict[str, dict] = {}
    count = 0
    for number, raw in enumerate(rows, start=2):
        values = {key: _cell(raw[i]) if i < len(raw) else "" for i, key in columns.items()}
        if not any(values.values()):
            continue
        count += 1
        if count > IMPORT_MAX_ROWS:
            raise ValidationFailed({"file": _("一次最多导入 %(n)s 行") % {"n": IMPORT_MAX_ROWS}})
        if "current" in values and _flag(values["current"]) is False:
            continue  # an exported sheet's earlier versions: only the current one comes back
        for key in _REQUIRED:
            if not values.get(key):
                problem(number, key, _("必填"))
        kind = kinds.get(values.get("period_kind", ""))
        if values.get("period_kind") and kind is None:
            problem(number, "period_kind", _("须为 月度、季度、年度 之一"))
        source = sources.get(values.get("source", ""))
        if values.get("source") and source is None:
            names = "、".join(str(label) for _v, label in Source.choices)
            problem(number, "source", _("须为以下之一：%(c)s") % {"c": names})
        veto = _flag(values.get("is_veto", ""))
        if veto is None:
            problem(number, "is_veto", _("须填 是 或 否"))
        group = groups.setdefault(
            values.get("template", ""),
            {"applies_to": values.get("applies_to", ""), "period_kind": kind, "rows": [], "numbers": []},
        )
        if (group["applies_to"], group["period_kind"]) != (values.get("applies_to", ""), kind):
            problem(number, "applies_to", _("同一模板的各行适用岗位和周期须相同"))
        group["rows"].append(
            {
                "code": values.get("code", ""),
                "name": values.get("name", ""),
                "source": source or "",
                "weight": values.get("weight", ""),
                "full_at": values.get("full_at") or 100,
                "zero_at": values.get("zero_at") or 0,
                "none_pct": values.get("none_pct") or 100,
                "is_veto": bool(veto),
                "veto_at": values.get("veto_at") or None,
            }
        )
        group["numbers"].append(number)
    if not groups and not problems:
        raise ValidationFailed({"file": _("文件中没有数据行")})
    created = []
    with transaction.atomic():
        for name, group in groups.items():
            if problems:
                break  # wrong cells: the templates' rules are checked once the cells are right
            try:
                created.append(
                    services.template_create(
                        actor=actor,
                        zone_id=actor.user.zone_id,
                        name=name,
                        applies_to=group["applies_to"],
                        period_kind=group["period_kind"],
                        indicators=group["rows"],
                        note=_("Excel 导入"),
                    )
                )
            except ValidationFailed as exc:
                for field, message in exc.errors.items():
                    # indicators[2].weight -> the group's third row, column 权重
                    head, _dot, key = field.partition("].")
                    if head.startswith("indicators[") and key in label_of:
                        problem(group["numbers"][int(head[len("indicators[") :])], key, message)
                    else:
                        where = group["numbers"][0]
                        problems.append(
                            _("模板“%(t)s”（第 %(r)s 行起）：%(m)s") % {"t": name, "r": where, "m": message}
                        )
        if problems:
            transaction.set_rollback(True)
    if problems:
        raise ValidationFailed({"file": "；".join(problems[:50])})
    return created
