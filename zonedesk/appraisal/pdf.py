"""One person's appraisal as a PDF for the personnel file (A4, the certificates' CJK font)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from zonedesk.certificates.pdf import register_font, wrap


def sheet_pdf(sheet, scores) -> bytes:
    font = register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    left, y = 50, height - 60

    def line(text: str, size: float = 10, gap: float = 16) -> None:
        nonlocal y
        for part in wrap(text, font, size, width - 2 * left) or [""]:
            if y < 60:
                c.showPage()
                y = height - 60
            c.setFont(font, size)
            c.drawString(left, y, part)
            y -= gap

    p = sheet.period
    line(_("%(name)s 考核表") % {"name": p.name}, 15, 26)
    line(
        _("被考核人：%(n)s　部门：%(d)s　岗位：%(p)s（%(s)s）")
        % {
            "n": sheet.person.display_name,
            "d": sheet.department.name,
            "p": sheet.post_name or "—",
            "s": sheet.get_post_system_display() or "—",
        }
    )
    line(_("考核期：%(a)s 至 %(b)s　指标模板：%(t)s") % {"a": p.start, "b": p.end, "t": p.template})
    line(
        _("考核人：%(a)s　部门审核人：%(r)s　状态：%(s)s / %(ps)s")
        % {
            "a": sheet.assessor.display_name,
            "r": sheet.reviewer.display_name,
            "s": sheet.get_status_display(),
            "ps": p.get_status_display(),
        }
    )
    y -= 6
    for sc in scores:
        ind = sc.indicator
        value = "—" if sc.value is None else str(sc.value)
        if ind.is_veto:
            line(
                _("【一票否决】%(n)s：%(v)s　%(b)s %(e)s")
                % {
                    "n": ind.name,
                    "v": _("否决") if sc.vetoed else _("未触发"),
                    "b": sc.basis,
                    "e": sc.evidence,
                }
            )
        else:
            line(
                _("%(n)s（权重 %(w)s）：指标值 %(v)s　得分 %(p)s　%(b)s %(e)s %(c)s")
                % {
                    "n": ind.name,
                    "w": ind.weight,
                    "v": value,
                    "p": sc.points if sc.points is not None else "—",
                    "b": sc.basis,
                    "e": sc.evidence,
                    "c": sc.comment,
                }
            )
    y -= 6
    line(
        _("系统数据得分 %(d)s + 人工评分 %(m)s = 总分 %(t)s")
        % {"d": sheet.derived_score, "m": sheet.manual_score, "t": sheet.total},
        11,
    )
    if sheet.vetoed:
        line(_("一票否决：%(r)s") % {"r": sheet.veto_reason}, 11)
    line(
        _("等次：%(g)s　组内名次：%(pl)s（%(grp)s）　%(f)s")
        % {
            "g": sheet.get_grade_display() or "—",
            "pl": sheet.place or "—",
            "grp": sheet.rank_group,
            "f": sheet.get_flag_display() if sheet.flag else "",
        },
        11,
    )
    if sheet.tie_note:
        line(_("并列：%(t)s") % {"t": sheet.tie_note})
    if sheet.self_summary:
        line(_("个人自评：%(s)s") % {"s": sheet.self_summary})
    for corr in sheet.corrections.select_related("score__indicator", "by"):
        line(
            _("更正：%(i)s %(a)s → %(b)s，%(r)s（%(w)s）")
            % {
                "i": corr.score.indicator.name,
                "a": corr.before_points,
                "b": corr.after_points,
                "r": corr.reason,
                "w": corr.by.display_name,
            }
        )
    y -= 10
    line(_("生成时间：%(t)s") % {"t": timezone.localtime().strftime("%Y-%m-%d %H:%M")}, 8)
    c.save()
    return buf.getvalue()
