"""Reads of the message centre, always through ``visible_to``."""

from __future__ import annotations

from django.db.models import QuerySet

from zonedesk.notifications.models import Delivery, Message


def message_list_for(*, user, unread_only: bool = False, before: int | None = None,
                     size: int = 20) -> list[Message]:
    """One page of the inbox, newest first, keyset-paged by id (``before`` = last id seen);
    one query whatever the page."""
    qs = Message.objects.visible_to(user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if before:
        qs = qs.filter(pk__lt=before)
    return list(qs.order_by("-id")[:size])


def unread_count_for(user) -> int:
    return Message.objects.visible_to(user).filter(read_at__isnull=True).count()


def get_message_for(user, pk: int) -> Message | None:
    return Message.objects.visible_to(user).filter(pk=pk).first()


def delivery_list_for(*, user, status: str = "", before: int | None = None,
                      size: int = 50) -> list[Delivery]:
    qs: QuerySet[Delivery] = Delivery.objects.visible_to(user).select_related("message")
    if status:
        qs = qs.filter(status=status)
    if before:
        qs = qs.filter(pk__lt=before)
    return list(qs.order_by("-id")[:size])
