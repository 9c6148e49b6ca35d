"""The leaders' monthly reports: the list (and making one on demand), the PDF and Excel files."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.core.actor import Actor
from zonedesk.core.errors import ServiceError, ValidationFailed
from zonedesk.core.xlsx import workbook_response
from zonedesk.dashboard import report, report_pdf, services
from zonedesk.dashboard.models import MonthlyReport
from zonedesk.dashboard.selectors import dashboard_zones, may_see_dashboard

PAGE = 24


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_see_dashboard(user):
        raise Http404
    zones = dashboard_zones(user)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            zone_id = int(request.POST.get("zone") or 0)
            year, month = (int(p) for p in (request.POST.get("month") or "").split("-", 1))
        except ValueError:
            errors = {"month": _("年月：请按 2026-11 的格式填写")}
        else:
            try:
                row = services.monthly_report_make(
                    actor=Actor.from_request(request), zone_id=zone_id, year=year, month=month
                )
            except ValidationFailed as exc:
                errors = exc.errors
            except ServiceError as exc:
                if exc.status == 404:
                    raise Http404 from None
                flash.error(request, exc.message)
            else:
                flash.success(request, _("已生成 %(m)s 的月报") % {"m": str(row)})
                return redirect("dashboard:reports")
    rows = list(
        MonthlyReport.objects.visible_to(user)
        .select_related("zone")
        .only("id", "year", "month", "generated_at", "generated_by", "version", "zone__name")
        .order_by("-year", "-month", "zone_id")[:PAGE]
    )
    today = timezone.localdate()
    return render(
        request,
        "dashboard/reports.html",
        {
            "rows": rows,
            "zones": zones,
            "errors": errors,
            "may_make": bool(user.roles & services.MAKERS),
            "this_month": f"{today.year}-{today.month:02d}",
        },
        status=422 if errors else 200,
    )


@login_required
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    row = get_object_or_404(MonthlyReport.objects.visible_to(request.user).select_related("zone"), pk=pk)
    stem = f"营商环境月报-{row.zone.code}-{row.year}{row.month:02d}"
    if fmt == "xlsx":
        return workbook_response(report.xlsx_bytes(row), stem)
    response = HttpResponse(report_pdf.render(row), content_type="application/pdf")
    disposition = "inline" if request.GET.get("inline") == "1" else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(stem)}.pdf"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)
