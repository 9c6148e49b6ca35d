"""JSON API of the message centre: the signed-in person's inbox."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from zonedesk.core.api import api_actor, errors
from zonedesk.core.requests import ApiRequest
from zonedesk.notifications import selectors, services

router = Router(tags=["messages"])


class NotificationMessageOut(Schema):
    id: int
    event: str
    title: str
    body: str
    url: str
    urgent: bool
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPageOut(Schema):
    items: list[NotificationMessageOut]
    unread: int
    next_before: int | None = Field(description="下一页：把它作为 before 传入；空：没有更多")


class NotificationListQuery(Schema):
    model_config = ConfigDict(extra="forbid")
    unread: bool = False
    before: int | None = Field(None, ge=1)
    size: int = Field(20, ge=1, le=100)


class NotificationReadAllOut(Schema):
    marked_read: int


@router.get("/", response={200: NotificationPageOut, **errors(401, 422)},
            summary="我的站内信（按 id 倒序分页）")
def notifications_list(request: ApiRequest, query: Query[NotificationListQuery]):
    rows = selectors.message_list_for(user=request.auth, unread_only=query.unread, before=query.before,
                                      size=query.size + 1)
    more = len(rows) > query.size
    rows = rows[:query.size]
    return {"items": rows, "unread": selectors.unread_count_for(request.auth),
            "next_before": rows[-1].pk if more and rows else None}


@router.post("/{message_id}/read", response={200: NotificationMessageOut, **errors(401, 404)},
             summary="标为已读")
def notifications_read(request: ApiRequest, message_id: int):
    return services.message_read(actor=api_actor(request), message_id=message_id)


@router.post("/read-all", response={200: NotificationReadAllOut, **errors(401)}, summary="全部标为已读")
def notifications_read_all(request: ApiRequest):
    return {"marked_read": services.message_read_all(actor=api_actor(request))}


class NotificationPreferenceItem(Schema):
    model_config = ConfigDict(extra="forbid")
    event: str = Field(description="消息类型，如 application.supplement")
    channel: str = Field(description="email 或 sms（站内信总是接收）")
    enabled: bool


class NotificationPreferencesIn(Schema):
    model_config = ConfigDict(extra="forbid")
    items: list[NotificationPreferenceItem] = Field(max_length=200)


class NotificationPreferencesOut(Schema):
    changed: int


class NotificationDeliveryOut(Schema):
    id: int
    channel: str
    address: str
    status: str
    attempts: int
    last_error: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    message_title: str


@router.put("/preferences", response={200: NotificationPreferencesOut, **errors(401, 422)},
            summary="保存我的通知偏好（按消息类型和渠道）")
def notifications_preferences(request: ApiRequest, payload: NotificationPreferencesIn):
    choices = {(i.event, i.channel): i.enabled for i in payload.items}
    return {"changed": services.preferences_set(actor=api_actor(request), choices=choices)}


@router.get("/deliveries", response={200: list[NotificationDeliveryOut], **errors(401, 403, 422)},
            summary="各渠道的发送记录（系统管理岗位）")
def notifications_deliveries(request: ApiRequest, status: str = "", before: int | None = None):
    from django.utils.translation import gettext as _

    from zonedesk.core.errors import Forbidden
    from zonedesk.organisation.roles import Role

    if not request.auth.has_role(Role.SYSTEM_ADMIN):
        raise Forbidden("not_system_admin", _("只有系统管理员可以查看发送记录"))
    rows = selectors.delivery_list_for(user=request.auth, status=status, before=before, size=100)
    return [{**{f: getattr(d, f) for f in ("id", "channel", "address", "status", "attempts", "last_error",
                                           "created_at", "sent_at")}, "message_title": d.message.title}
            for d in rows]


class NotificationSettingsIn(Schema):
    model_config = ConfigDict(extra="forbid")
    quiet_mode: str = Field(description="default（园区默认时段）、custom（自定义）或 off（不设免打扰）")
    quiet_start: dt.time | None = Field(None, description="自定义免打扰开始，如 22:00")
    quiet_end: dt.time | None = Field(None, description="自定义免打扰结束，如 07:00")
    language: str = Field("zh-hans", description="消息语言：zh-hans 或 en")
    version: int | None = Field(None, ge=0, description="读取时的版本；他人已修改则 409")


class NotificationSettingsOut(Schema):
    quiet_mode: str
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    language: str
    version: int
    default_quiet_hours: str


def _settings_out(row) -> dict:
    from django.conf import settings

    return {"quiet_mode": row.quiet_mode, "quiet_start": row.quiet_start, "quiet_end": row.quiet_end,
            "language": row.language, "version": row.version,
            "default_quiet_hours": settings.NOTIFY_QUIET_HOURS}


@router.get("/settings", response={200: NotificationSettingsOut, **errors(401)},
            summary="我的免打扰时段与消息语言")
def notifications_settings(request: ApiRequest):
    from zonedesk.notifications.models import UserNotifySettings

    row = (UserNotifySettings.objects.filter(user=request.auth).first()
           or UserNotifySettings(user=request.auth, version=0))
    return _settings_out(row)


@router.put("/settings", response={200: NotificationSettingsOut, **errors(401, 409, 422)},
            summary="保存我的免打扰时段与消息语言")
def notifications_settings_set(request: ApiRequest, payload: NotificationSettingsIn):
    row = services.notify_settings_set(actor=api_actor(request), **payload.model_dump())
    return _settings_out(row)
