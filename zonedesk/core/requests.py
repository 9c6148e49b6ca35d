"""Request types for the type checker (mypy with django-stubs).

`request.user` is `User | AnonymousUser` to the stubs and ninja's `request.auth` is unknown to
them; behind `login_required` and the API's authentication both are our signed-in `User`. The
views and API handlers annotate their request with these instead of casting at each use.
Nothing changes at run time: Django passes the same HttpRequest.
"""

from __future__ import annotations

from django.http import HttpRequest

from zonedesk.organisation.models import User


class AuthedRequest(HttpRequest):
    """A request behind `login_required`."""

    user: User  # type: ignore[assignment]


class ApiRequest(HttpRequest):
    """A request to an authenticated API route: `auth` is what the API's authentication returned."""

    auth: User
    user: User  # type: ignore[assignment]
