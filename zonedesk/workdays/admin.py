"""Django admin for the calendar, for the system administrator (三员分立: the AuditedAdmin base
grants it to active staff, i.e. system admins). Saves and deletes go through this app's services
rather than the generic reference_save, so the audit row carries the day's own before/after and
a package load never overwrites an administrator's correction."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zonedesk.core.actor import Actor
from zonedesk.core.admin import AuditedAdmin
from zonedesk.core.errors import ServiceError
from zonedesk.workdays.models import CalendarDay, CalendarYear
from zonedesk.workdays.services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_year_load,
    calendar_year_set,
)


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin):
    list_display = ["date", "weekday", "is_working_day", "name", "source", "updated_at"]
    list_filter = ["is_working_day", "source"]
    search_fields = ["name"]
    date_hierarchy = "date"
    fields = ["date", "is_working_day", "name", "source", "updated_at"]
    readonly_fields = ["source", "updated_at"]

    @admin.display(description=_("星期"))
    def weekday(self, obj: CalendarDay) -> str:
        return "一二三四五六日"[obj.date.weekday()]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The date is the row's identity; moving a holiday is a delete plus a new day.
        return [*self.readonly_fields, "date"] if obj is not None else list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        saved = calendar_day_set(
            actor=Actor.from_request(request),
            date=obj.date,
            is_working_day=obj.is_working_day,
            name=obj.name,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_day_delete(actor=Actor.from_request(request), date=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for day in queryset:
            self.delete_model(request, day)


@admin.register(CalendarYear)
class CalendarYearAdmin(AuditedAdmin):
    list_display = ["year", "official", "note", "updated_at"]
    list_filter = ["official"]
    fields = ["year", "official", "note", "updated_at"]
    readonly_fields = ["updated_at"]
    actions = ["load_from_package"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*self.readonly_fields, "year"] if obj is not None else list(self.readonly_fields)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Un-ticking "official" is the way back; deleting would lose the note.
        return False

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        saved = calendar_year_set(
            actor=Actor.from_request(request), year=obj.year, official=obj.official, note=obj.note
        )
        obj.pk = saved.pk

    @admin.action(description=_("从 chinesecalendar 数据包载入所选年份"))
    def load_from_package(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        actor = Actor.from_request(request)
        for row in queryset:
            try:
                result = calendar_year_load(actor=actor, year=row.year)
            except ServiceError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                continue
            self.message_user(
                request,
                _(
                    "%(year)d 年：新增 %(created)d 天，更新 %(updated)d 天，删除 %(removed)d 天，"
                    "保留管理员录入 %(kept)d 天。"
                )
                % {
                    "year": result.year,
                    "created": result.created,
                    "updated": result.updated,
                    "removed": result.removed,
                    "kept": result.kept,
                },
                messages.SUCCESS,
            )
