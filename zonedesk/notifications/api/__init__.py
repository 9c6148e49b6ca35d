"""JSON API of the message centre: the signed-in person's inbox."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import ConfigDict, Field

from zonedesk.core.api import api_actor, errors
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
def notifications_list(request: HttpRequest, query: Query[NotificationListQuery]):
    rows = selectors.message_list_for(user=request.auth, unread_only=query.unread, before=query.before,
                                      size=query.size + 1)
    more = len(rows) > query.size
    rows = rows[:query.size]
    return {"items": rows, "unread": selectors.unread_count_for(request.auth),
            "next_before": rows[-1].pk if more and rows else None}


@router.post("/{message_id}/read", response={200: NotificationMessageOut, **errors(401, 404)},
             summary="标为已读")
def notifications_read(request: HttpRequest, message_id: int):
    return services.message_read(actor=api_actor(request), message_id=message_id)


@router.post("/read-all", response={200: NotificationReadAllOut, **errors(401)}, summary="全部标为已读")
def notifications_read_all(request: HttpRequest):
    return {"marked_read": services.message_read_all(actor=api_actor(request))}
