"""The outside channels behind one interface: ``send(delivery) -> None`` or raise
``ChannelError`` with the reason the delivery log shows. In-app needs no channel (the
Message row is the delivery)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from zonedesk.notifications.models import Channel, Delivery


class ChannelError(Exception):
    """The channel refused or could not be reached; the message says why."""


class Sender(Protocol):
    def available(self) -> bool: ...

    def send(self, delivery: Delivery) -> None: ...


@dataclass(frozen=True)
class EmailSender:
    """Django's mail backend: SMTP from the environment, or the file/console backend."""

    def available(self) -> bool:
        return bool(settings.EMAIL_BACKEND)

    def send(self, delivery: Delivery) -> None:
        message = delivery.message
        email = EmailMessage(subject=message.title, body=_email_body(message), to=[delivery.address],
                             headers={"X-Zonedesk-Delivery": delivery.idempotency_key})
        try:
            sent = email.send(fail_silently=False)
        except Exception as exc:  # SMTP, socket and backend errors alike end in the log
            raise ChannelError(f"{type(exc).__name__}: {exc}"[:500]) from exc
        if sent != 1:
            raise ChannelError("邮件服务器未接受该邮件")


def _email_body(message) -> str:
    """The message's text (already in the recipient's language) signed with the zone's name in
    that language too."""
    from django.utils import translation

    from zonedesk.notifications.models import UserNotifySettings

    base = settings.ZONEDESK_PUBLIC_BASE_URL.rstrip("/")
    link = f"\n\n{base}{message.url}" if message.url else ""
    own = UserNotifySettings.objects.filter(user_id=message.recipient_id)
    language = own.values_list("language", flat=True).first() or settings.LANGUAGE_CODE
    with translation.override(language):
        sign = message.zone.local_name
    return f"{message.body}{link}\n\n—— {sign}"


@dataclass(frozen=True)
class GatewaySender:
    """The zone's HTTP message gateway (SMS platform, 企业微信, 钉钉): one JSON POST carrying
    the event's template code, the rendered text and an idempotency key."""

    def available(self) -> bool:
        return bool(settings.NOTIFY_GATEWAY_URL)

    def send(self, delivery: Delivery) -> None:
        message = delivery.message
        payload = {
            "id": delivery.idempotency_key,
            "to": delivery.address,
            "template": message.event,
            "title": message.title,
            "text": message.body,
            "zone": message.zone.code,
        }
        if settings.NOTIFY_GATEWAY_URL.startswith("file://"):
            _write_file(settings.NOTIFY_GATEWAY_URL.removeprefix("file://"), payload)
            return
        request = urllib.request.Request(
            settings.NOTIFY_GATEWAY_URL, data=json.dumps(payload, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8",
                     "Idempotency-Key": delivery.idempotency_key,
                     **({"Authorization": f"Bearer {settings.NOTIFY_GATEWAY_TOKEN}"}
                        if settings.NOTIFY_GATEWAY_TOKEN else {})})
        try:
            with urllib.request.urlopen(request, timeout=settings.NOTIFY_GATEWAY_TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            raise ChannelError(f"网关返回 HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise ChannelError(f"网关不可达：{exc}"[:500]) from exc
        if not 200 <= status < 300:
            raise ChannelError(f"网关返回 HTTP {status}")


def _write_file(directory: str, payload: dict) -> None:
    """The demo's stand-in for the gateway: one JSON file per message, named by its key, so a
    resend overwrites rather than doubles (as the real gateway's key does)."""
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
        (path / f"{payload['id']}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1))
    except OSError as exc:
        raise ChannelError(f"无法写入 {directory}：{exc}") from exc


SENDERS: dict[str, Sender] = {Channel.EMAIL: EmailSender(), Channel.SMS: GatewaySender()}
