"""The calendar page: a year's holidays and make-up workdays, and a deadline calculator."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zonedesk.core.requests import AuthedRequest
from zonedesk.core.widgets import DateInput
from zonedesk.workdays.calendar import CalendarRangeError, statutory_holidays
from zonedesk.workdays.clock import calendar_error_text
from zonedesk.workdays.models import CalendarDay, CalendarYear
from zonedesk.workdays.selectors import work_calendar


class DeadlineForm(forms.Form):
    start = forms.DateField(label=_("受理日期"), widget=DateInput())
    days = forms.IntegerField(label=_("时限（工作日）"), min_value=0, max_value=2500)


def _year_rows(year: int) -> tuple[list[dict], bool]:
    official = CalendarYear.objects.filter(year=year, official=True).exists()
    if official:
        days = CalendarDay.objects.filter(date__year=year).order_by("date")
        rows = [{"date": d.date, "working": d.is_working_day, "name": d.name,
                 "source": d.get_source_display()} for d in days]
        return rows, False
    try:
        derived = statutory_holidays(year)
    except CalendarRangeError:
        derived = {}
    rows = [{"date": d, "working": False, "name": name, "source": _("依法推算")}
            for d, name in sorted(derived.items())]
    return rows, True


@login_required
def calendar_page(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 2008), 2099)
    rows, provisional = _year_rows(year)
    form = DeadlineForm(request.GET if "start" in request.GET else None,
                        initial={"start": today, "days": 20})
    result = explain = None
    if form.is_bound and form.is_valid():
        cal = work_calendar()
        start, days = form.cleaned_data["start"], form.cleaned_data["days"]
        try:
            result = cal.add_working_days(start, days)
            explain = {"counted": cal.working_days_between(start, result.date),
                       "calendar_days": (result.date - start).days}
        except CalendarRangeError as exc:
            form.add_error(None, calendar_error_text(exc))
    context = {"year": year, "rows": rows, "provisional": provisional, "form": form,
               "result": result, "explain": explain, "years": range(today.year - 2, today.year + 3),
               "official_years": sorted(CalendarYear.objects.filter(official=True)
                                        .values_list("year", flat=True))}
    if request.headers.get("HX-Request") and "start" in request.GET:
        return render(request, "workdays/_result.html", context)
    return render(request, "workdays/calendar.html", context)



