"""Services, selectors, the seed command and the admin, on the database."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import NotFound, ValidationFailed
from zonedesk.workdays.models import CalendarDay, CalendarYear, DaySource
from zonedesk.workdays.official import official_days
from zonedesk.workdays.selectors import work_calendar
from zonedesk.workdays.services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_year_load,
    calendar_year_set,
)

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture
def audits() -> Any:
    """audits(action) -> the audit rows of that action written during this test."""
    since = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def get(action: str) -> list[AuditRecord]:
        return list(AuditRecord.objects.filter(action=action, id__gt=since).order_by("id"))

    return get


@pytest.fixture
def empty_calendar() -> None:
    """Given no calendar rows (the session's demo load seeds 2020–2026); rolled back after."""
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()


@pytest.mark.usefixtures("empty_calendar")
class TestYearLoad:
    def test_loads_days_marks_official_and_audits(self, audits: Any) -> None:
        result = calendar_year_load(actor=SYSTEM, year=2026)
        assert result.created == len(official_days(2026))
        assert result.marked_official
        assert CalendarYear.objects.get(year=2026).official
        day = CalendarDay.objects.get(date=d("2026-02-14"))
        assert day.is_working_day
        assert day.name == "春节调休上班"
        assert day.source == DaySource.CHINESECALENDAR
        (record,) = audits("workdays.calendar_year_load")
        assert record.after["created"] == result.created
        assert record.zone_id is None

    def test_is_idempotent(self, audits: Any) -> None:
        calendar_year_load(actor=SYSTEM, year=2026)
        again = calendar_year_load(actor=SYSTEM, year=2026)
        assert not again.changed
        assert len(audits("workdays.calendar_year_load")) == 1

    def test_keeps_administrator_days_and_removes_stale_package_days(self) -> None:
        calendar_day_set(actor=SYSTEM, date=d("2026-02-14"), is_working_day=False, name="本区调整")
        CalendarDay.objects.create(
            date=d("2026-03-03"), is_working_day=False, source=DaySource.CHINESECALENDAR
        )
        result = calendar_year_load(actor=SYSTEM, year=2026)
        assert result.kept == 1
        assert result.removed == 1
        assert not CalendarDay.objects.get(date=d("2026-02-14")).is_working_day
        assert not CalendarDay.objects.filter(date=d("2026-03-03")).exists()

    def test_year_the_package_does_not_know(self) -> None:
        with pytest.raises(ValidationFailed) as exc:
            calendar_year_load(actor=SYSTEM, year=2027)
        assert exc.value.code == "calendar_year_unknown"
        assert not CalendarYear.objects.exists()


@pytest.mark.usefixtures("empty_calendar")
class TestAdministratorEdits:
    def test_day_set_and_delete_are_audited(self, audits: Any) -> None:
        calendar_day_set(actor=SYSTEM, date=d("2027-02-09"), is_working_day=False, name="春节")
        calendar_day_set(actor=SYSTEM, date=d("2027-02-09"), is_working_day=True, name="")
        (created, changed) = audits("workdays.calendar_day_set")
        assert created.before is None
        assert changed.before["is_working_day"] is False
        assert changed.after["is_working_day"] is True
        calendar_day_delete(actor=SYSTEM, date=d("2027-02-09"))
        (deleted,) = audits("workdays.calendar_day_delete")
        assert deleted.before["date"] == "2027-02-09"
        assert not CalendarDay.objects.exists()

    def test_delete_missing_day(self) -> None:
        with pytest.raises(NotFound):
            calendar_day_delete(actor=SYSTEM, date=d("2027-02-09"))

    def test_year_out_of_range(self) -> None:
        with pytest.raises(ValidationFailed):
            calendar_year_set(actor=SYSTEM, year=2100, official=True)


@pytest.mark.usefixtures("empty_calendar")
class TestWorkCalendar:
    def test_reflects_the_tables_and_notices_changes(self) -> None:
        calendar_year_load(actor=SYSTEM, year=2026)
        cal = work_calendar()
        assert cal.is_working_day(d("2026-02-14"))
        assert cal.is_provisional_year(2027)
        assert not cal.is_working_day(d("2027-02-05"))  # derived 除夕

        calendar_day_set(actor=SYSTEM, date=d("2027-02-20"), is_working_day=True, name="调休")
        calendar_year_set(actor=SYSTEM, year=2027, official=True, note="国办发明电〔2026〕X号")
        cal = work_calendar()
        assert not cal.is_provisional_year(2027)
        assert cal.is_working_day(d("2027-02-05"))  # official now: only the table counts
        assert cal.is_working_day(d("2027-02-20"))

    def test_notices_a_deletion(self) -> None:
        calendar_day_set(actor=SYSTEM, date=d("2026-03-03"), is_working_day=False)
        assert not work_calendar().is_working_day(d("2026-03-03"))
        calendar_day_delete(actor=SYSTEM, date=d("2026-03-03"))
        assert work_calendar().is_working_day(d("2026-03-03"))

    def test_cached_between_changes(self, django_assert_num_queries: Any) -> None:
        calendar_year_load(actor=SYSTEM, year=2026)
        first = work_calendar()
        # Only the signature is read: no rebuild.
        with django_assert_num_queries(2):
            assert work_calendar() is first


@pytest.mark.usefixtures("empty_calendar")
class TestSeedCommand:
    def test_loads_2020_to_2026_once(self) -> None:
        out = StringIO()
        call_command("calendar_seed", stdout=out)
        assert sorted(
            CalendarYear.objects.filter(official=True).values_list("year", flat=True)
        ) == [*range(2020, 2027)]
        total = sum(len(official_days(y)) for y in range(2020, 2027))
        assert CalendarDay.objects.count() == total
        out = StringIO()
        call_command("calendar_seed", stdout=out)
        assert out.getvalue().count("unchanged") == 7
        assert CalendarDay.objects.count() == total


class TestAdmin:
    def test_adding_a_day_in_the_admin_goes_through_the_service(
        self, login_client: Any, audits: Any
    ) -> None:
        response = login_client("admin").post(
            reverse("admin:workdays_calendarday_add"),
            {"date": "2027-02-09", "is_working_day": "", "name": "春节"},
        )
        assert response.status_code == 302, response.content
        day = CalendarDay.objects.get(date=d("2027-02-09"))
        assert day.source == DaySource.ADMIN
        (record,) = audits("workdays.calendar_day_set")
        assert record.channel == "web"

    def test_marking_2027_official(self, login_client: Any, audits: Any) -> None:
        response = login_client("admin").post(
            reverse("admin:workdays_calendaryear_add"),
            {"year": "2027", "official": "on", "note": "国办发明电"},
        )
        assert response.status_code == 302, response.content
        assert not work_calendar().is_provisional_year(2027)
        assert len(audits("workdays.calendar_year_set")) == 1

    @pytest.mark.usefixtures("empty_calendar")
    def test_load_action(self, login_client: Any) -> None:
        calendar_year_set(actor=SYSTEM, year=2026, official=False)
        row = CalendarYear.objects.get(year=2026)
        response = login_client("admin").post(
            reverse("admin:workdays_calendaryear_changelist"),
            {"action": "load_from_package", "_selected_action": [row.pk]},
        )
        assert response.status_code == 302
        assert CalendarDay.objects.filter(date__year=2026).count() == len(official_days(2026))
        assert CalendarYear.objects.get(year=2026).official

    def test_other_staff_cannot_reach_it(self, login_client: Any) -> None:
        response = login_client("window").get(reverse("admin:workdays_calendarday_changelist"))
        assert response.status_code == 302  # to the login page
