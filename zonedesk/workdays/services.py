"""Changing the calendar. Every write goes through here so that it is audited; readers notice
the change by themselves through the tables' signature (see selectors.work_calendar).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.workdays.calendar import DERIVABLE_YEARS
from zonedesk.workdays.models import CalendarDay, CalendarYear, DaySource
from zonedesk.workdays.official import known_years, official_days
from zonedesk.workdays.selectors import calendar_changed, work_calendar_clear


@dataclass(frozen=True)
class YearLoad:
    year: int
    created: int
    updated: int
    removed: int
    # Days an administrator entered or corrected: the package never overwrites them.
    kept: int
    marked_official: bool

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed or self.marked_official)


def _changed(first: dt.date, last: dt.date | None = None) -> None:
    """The calendar is being written (the days ``first``..``last``): this process forgets its
    cached calendar now, and once the write commits every capability recomputes the stored
    deadlines whose span covers those days."""
    work_calendar_clear()
    spans = ((first, last or first),)
    transaction.on_commit(lambda: calendar_changed.fire(spans))


def _whole_year(year: int) -> tuple[dt.date, dt.date]:
    # Loading or (un)marking a year changes its holidays and whether its dates are provisional.
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _day_state(day: CalendarDay | None) -> dict | None:
    if day is None:
        return None
    return {
        "date": day.date.isoformat(),
        "is_working_day": day.is_working_day,
        "name": day.name,
        "source": day.source,
    }


def _year_state(year: CalendarYear | None) -> dict | None:
    if year is None:
        return None
    return {"year": year.year, "official": year.official, "note": year.note}


def _check_year(year: int) -> None:
    if year not in DERIVABLE_YEARS:
        raise ValidationFailed(
            {
                "year": _("年份须在 %(first)d–%(last)d 之间")
                % {"first": DERIVABLE_YEARS.start, "last": DERIVABLE_YEARS.stop - 1}
            }
        )


def calendar_year_load(*, actor: Actor, year: int) -> YearLoad:
    """Load one year's holidays and 调休 from the chinesecalendar package and mark it official.

    Idempotent: a second run changes nothing and writes no audit row. Rows an administrator
    entered win over the package; package rows the package no longer lists are removed.
    """
    if year not in known_years():
        raise ValidationFailed(
            {"year": _("chinesecalendar 数据包没有 %(year)d 年的放假安排") % {"year": year}},
            code="calendar_year_unknown",
        )
    wanted = {d.date: d for d in official_days(year)}
    created = updated = removed = kept = 0
    with transaction.atomic():
        _changed(*_whole_year(year))
        existing = {
            row.date: row for row in CalendarDay.objects.select_for_update().filter(date__year=year)
        }
        for row in existing.values():
            if row.source == DaySource.ADMIN:
                kept += 1
            elif row.date not in wanted:
                row.delete()
                removed += 1
        for date, day in wanted.items():
            row = existing.get(date)
            if row is None:
                CalendarDay.objects.create(
                    date=date,
                    is_working_day=day.is_working_day,
                    name=day.name,
                    source=DaySource.CHINESECALENDAR,
                )
                created += 1
            elif row.source == DaySource.CHINESECALENDAR and (
                row.is_working_day != day.is_working_day or row.name != day.name
            ):
                row.is_working_day, row.name = day.is_working_day, day.name
                row.save(update_fields=["is_working_day", "name", "updated_at"])
                updated += 1
        year_row, _created = CalendarYear.objects.select_for_update().get_or_create(year=year)
        before = _year_state(year_row)
        marked = not year_row.official
        if marked:
            year_row.official = True
            year_row.note = year_row.note or _("由 chinesecalendar 数据包载入")
            year_row.save()
        result = YearLoad(year, created, updated, removed, kept, marked)
        if result.changed:
            audit_record(
                actor=actor,
                action="workdays.calendar_year_load",
                obj=year_row,
                before=before,
                after={**asdict(result), "official": True},
                zone_id=None,
            )
    return result


def calendar_year_set(*, actor: Actor, year: int, official: bool, note: str = "") -> CalendarYear:
    """Mark a year as having (or not having) its official schedule entered, e.g. 2027 once the
    State Council publishes it and the zone has entered its days."""
    _check_year(year)
    with transaction.atomic():
        _changed(*_whole_year(year))
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        before = _year_state(row)
        if row is None:
            row = CalendarYear(year=year)
        row.official, row.note = official, note
        row.save()
        audit_record(
            actor=actor,
            action="workdays.calendar_year_set",
            obj=row,
            before=before,
            after=_year_state(row),
            zone_id=None,
        )
    return row


def calendar_day_set(
    *, actor: Actor, date: dt.date, is_working_day: bool, name: str = ""
) -> CalendarDay:
    """Enter or correct one day by hand; the row becomes the administrator's and survives later
    package loads."""
    with transaction.atomic():
        _changed(date)
        row = CalendarDay.objects.select_for_update().filter(date=date).first()
        before = _day_state(row)
        if row is None:
            row = CalendarDay(date=date)
        row.is_working_day, row.name, row.source = is_working_day, name, DaySource.ADMIN
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action="workdays.calendar_day_set",
            obj=row,
            before=before,
            after=_day_state(row),
            zone_id=None,
        )
    return row


def calendar_day_delete(*, actor: Actor, date: dt.date) -> None:
    """Remove a day's exception: it falls back to the weekend rule (or, in a year not yet
    official, to the statutory holidays)."""
    with transaction.atomic():
        _changed(date)
        row = CalendarDay.objects.select_for_update().filter(date=date).first()
        if row is None:
            raise NotFound(_("该日期没有节假日或调休记录"))
        before = _day_state(row)
        audit_record(
            actor=actor,
            action="workdays.calendar_day_delete",
            obj=row,
            before=before,
            after=None,
            zone_id=None,
        )
        row.delete()
