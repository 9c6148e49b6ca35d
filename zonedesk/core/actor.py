"""Who is acting: passed explicitly to every service (never kept per thread or request)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zonedesk.organisation.models import User


@dataclass(frozen=True)
class Actor:
    user: User | None
    ip: str | None = None
    channel: str = "web"  # web, api, command, task
    label: str = ""  # names a system actor, e.g. the management command
    # Agent handling (领办/帮办/代办): a steward acting for an enterprise under an authorisation.
    on_behalf_of: int | None = None  # enterprise id
    on_behalf_of_name: str = ""
    authorisation_id: int | None = None

    @classmethod
    def from_request(cls, request: Any, channel: str = "web") -> Actor:
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        return cls(user=user, ip=client_ip(request), channel=channel)

    @classmethod
    def system(cls, label: str, user: User | None = None) -> Actor:
        return cls(user=user, ip=None, channel="command", label=label)

    @property
    def display(self) -> str:
        if self.user is not None and self.on_behalf_of:
            return f"{self.user.display_name}（代{self.on_behalf_of_name}）"
        if self.user is not None:
            return self.user.display_name
        return f"系统({self.label})" if self.label else "系统"


def client_ip(request: Any) -> str | None:
    """The client's address as the nearest trusted proxy saw it.

    With ``TRUSTED_PROXIES`` = N reverse proxies in front, each appends the address it got the
    request from to X-Forwarded-For, so the N-th entry from the right is the one our outermost
    proxy wrote; everything left of it came from the client and may be forged. With no proxy
    (N = 0) REMOTE_ADDR is the only value the client cannot forge.
    """
    from django.conf import settings

    meta = request.META
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies > 0:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return meta.get("REMOTE_ADDR")
