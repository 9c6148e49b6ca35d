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
