from __future__ import annotations

from django.http import HttpRequest


def unread(request: HttpRequest) -> dict:
    """The unread count for the header badge: one indexed count, only for signed-in pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/api/"):
        return {}
    from zonedesk.notifications.selectors import unread_count_for

    return {"unread_messages": unread_count_for(user)}
