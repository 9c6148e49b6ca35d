"""Every write of the message centre.

``message_emit`` is the one entry point for every capability: it runs inside the caller's
transaction (like ``audit_record``) and writes the inbox messages and their outbox rows
there, so an event and its messages commit or roll back together. Sending to outside
channels happens after commit (``deliveries_send`` task), and again from the sweep for any
row a crash left pending."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, NotFound, ValidationFailed
from zonedesk.notifications import rules
from zonedesk.notifications.channels import SENDERS, ChannelError
from zonedesk.notifications.events import EVENTS, event_for
from zonedesk.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Message,
    Preference,
    QuietMode,
    UserNotifySettings,
)
from zonedesk.organisation.models import User

# Set on recipients read with their notify settings by ``recipients_with_settings``.
FRESH_SETTINGS = "_notify_settings_fresh"


# Set on recipients read with their channel choices for one event: the event.
FRESH_PREFS = "_notify_prefs_event"


def recipients_with_settings(users: QuerySet[User], event: str | None = None) -> list[User]:
    """The recipients, each with its notify settings (and, given the ``event``, its channel
    choices for it) read in the same query, marked so that the emit does not read them again."""
    users = users.select_related("notify_settings")
    if event is not None:
        users = users.annotate(**{
            f"_pref_{channel}": Subquery(Preference.objects.filter(
                user_id=OuterRef("pk"), event=event, channel=channel).values("enabled")[:1])
            for channel in SENDERS
        })
    people = list(users)
    for user in people:
        setattr(user, FRESH_SETTINGS, True)
        if event is not None:
            setattr(user, FRESH_PREFS, event)
    return people


def _prefs_read_with(people: Mapping[int, User], events: set[str]) -> dict[tuple[int, str, str], bool] | None:
    """The channel choices ``recipients_with_settings`` read with the people, if it read them
    for the one event told; else None (read them)."""
    if len(events) != 1:
        return None
    [event] = events
    if not all(getattr(u, FRESH_PREFS, None) == event for u in people.values()):
        return None
    return {(pk, event, channel): chosen for pk, u in people.items() for channel in SENDERS
            if (chosen := getattr(u, f"_pref_{channel}", None)) is not None}


# A claimed delivery is not picked up again for this long (a crashed sender's lease).
LEASE = dt.timedelta(minutes=5)


def _quiet():
    return rules.parse_quiet_hours(settings.NOTIFY_QUIET_HOURS)


def _wanted(user: User, event: str, channel: str, prefs: Mapping[tuple[int, str, str], bool]) -> bool:
    """The person's choice, else the default: e-mail for everything when they have an
    address; SMS for urgent events only, when they have a mobile number."""
    chosen = prefs.get((user.pk, event, channel))
    if chosen is not None:
        return chosen
    if channel == Channel.EMAIL:
        return True
    return event_for(event).urgent


def _address(user: User, channel: str) -> str:
    return user.email if channel == Channel.EMAIL else user.phone


def message_emit(
    *,
    event: str,
    recipients: Iterable[User],
    zone_id: int,
    object_key: str,
    state: str,
    params: Mapping[str, Any],
    url: str = "",
    fresh: bool = False,
) -> list[int]:
    """Write one message per recipient (once per event, object and state) and its outbox
    rows, in the caller's transaction; returns the new message ids. A recipient who already
    has the message for this state gets nothing new, so a sweep may call this every run.
    ``fresh``: the state is a transition that happened in this transaction (``emit``'s
    default state), so no message can have it yet and the look-up is skipped.

    Written set-wise (``messages_emit_many`` of one emission: a fixed number of queries
    whatever the number of recipients); a concurrent emitter of the same message makes it go
    recipient by recipient, skipping what exists."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("message_emit must run inside the service's transaction")
    return messages_emit_many([Emission(event=event, recipients=list(recipients), zone_id=zone_id,
                                        object_key=object_key, state=state, params=params, url=url,
                                        fresh=fresh)])


def _emit_one_by_one(
    *,
    event: str,
    recipients: Iterable[User],
    zone_id: int,
    object_key: str,
    state: str,
    params: Mapping[str, Any],
    url: str = "",
) -> list[int]:
    """``message_emit`` recipient by recipient, each message in a savepoint: what a set-wise
    write falls back to when a concurrent emitter wrote one of the same messages first."""
    kind = event_for(event)
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if not people:
        return []
    key = rules.dedupe_key(event, object_key, state)
    taken = set(Message.objects.filter(recipient_id__in=list(people), dedupe_key=key)
                .values_list("recipient_id", flat=True))
    values = {k: v for k, v in params.items()}
    values.setdefault("detail", "")
    values.setdefault("case", "")
    own = {s.user_id: s for s in UserNotifySettings.objects.filter(user_id__in=list(people))}
    texts: dict[str, tuple[str, str]] = {}
    prefs = {(p.user_id, p.event, p.channel): p.enabled
             for p in Preference.objects.filter(user_id__in=list(people), event=event)}
    now = timezone.now()
    default_quiet = _quiet()
    created: list[int] = []
    for user in people.values():
        if user.pk in taken:
            continue
        mine = own.get(user.pk)
        language = mine.language if mine else settings.LANGUAGE_CODE
        if language not in texts:
            texts[language] = _message_text(zone_id, event, language, values)
        title, body = texts[language]
        try:
            with transaction.atomic():  # a concurrent emitter of the same key: one row wins
                message = Message.objects.create(
                    zone_id=zone_id, recipient=user, event=event, title=title, body=body, url=url,
                    object_key=object_key[:80], dedupe_key=key, urgent=kind.urgent)
        except IntegrityError:
            continue
        created.append(message.pk)
        quiet = (rules.quiet_for(mine.quiet_mode, mine.quiet_start, mine.quiet_end, default_quiet)
                 if mine else default_quiet)
        release = rules.release_at(timezone.localtime(now), quiet)
        for channel, sender in SENDERS.items():
            address = _address(user, channel)
            if not address or not sender.available() or not _wanted(user, event, channel, prefs):
                continue
            at = now if (kind.urgent or channel == Channel.EMAIL) else release
            Delivery.objects.create(zone_id=zone_id, message=message, channel=channel,
                                    address=address[:200], next_attempt_at=at)
    if created:
        ids = list(created)
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def _message_text(zone_id: int, event: str, language: str, values: Mapping[str, Any],
                  wordings: dict[tuple[int, str, str], dict] | None = None) -> tuple[str, str]:
    """The event's title and body in the recipient's language, in the zone's wording in force
    (``casefiles.texts``: the built-in text of events.py unless the zone reworded it).
    ``wordings`` keeps each wording read once across a batch of messages."""
    from zonedesk.casefiles.selectors import text_in_force
    from zonedesk.casefiles.texts import TEXTS
    from zonedesk.casefiles.wording import render

    key = f"message.{event}"
    with translation.override(language):
        wording = wordings.get((zone_id, key, language)) if wordings is not None else None
        if wording is None:
            wording = text_in_force(zone_id, key, language)
            if wordings is not None:
                wordings[(zone_id, key, language)] = wording
        text = render(TEXTS[key], wording, values)
    return text["title"].strip()[:200], text["body"]


@dataclass(frozen=True)
class Emission:
    """One ``message_emit`` call's arguments, for ``messages_emit_many``."""

    event: str
    recipients: Sequence[User]
    zone_id: int
    object_key: str
    state: str
    params: Mapping[str, Any]
    url: str = ""
    fresh: bool = False  # the state is a new transition's (see ``message_emit``)


def messages_emit_many(emissions: Sequence[Emission]) -> list[int]:
    """``message_emit`` for many objects at once (a sweep's batch), in the caller's transaction:
    the same messages and outbox rows, written set-wise — the dedupe check, the people's settings
    and their channel choices read in one query each, each wording once per zone, event and
    language, messages and deliveries bulk-inserted — so a batch costs a fixed number of queries
    however many objects it tells of. If a concurrent emitter wrote one of the same messages
    first (the unique key refuses the bulk insert), the batch goes message by message instead,
    which skips what exists."""
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("messages_emit_many must run inside the service's transaction")
    if conn.features.can_return_rows_from_bulk_insert:
        # INSERT … ON CONFLICT DO NOTHING RETURNING: a message a concurrent emitter wrote first
        # is skipped by the insert itself, so no savepoint and no second pass.
        return _emit_many(emissions, skip_existing=True)
    try:
        with transaction.atomic():
            return _emit_many(emissions)
    except IntegrityError:
        created: list[int] = []
        for e in emissions:
            created += _emit_one_by_one(event=e.event, recipients=e.recipients, zone_id=e.zone_id,
                                    object_key=e.object_key, state=e.state, params=e.params, url=e.url)
        return created


def _insert_new(messages: list[Message]) -> list[Message]:
    """Insert the messages but those whose (recipient, dedupe key) exists — written meanwhile
    by a concurrent emitter (the insert waits for it to commit) — and return the inserted ones,
    with their ids. One statement per 500 messages."""
    from django.db.models.sql.subqueries import InsertQuery

    conn = transaction.get_connection()
    meta = Message._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    by_key = {(m.recipient_id, m.dedupe_key): m for m in messages}
    inserted: list[Message] = []
    for start in range(0, len(messages), 500):
        query = InsertQuery(Message)
        query.insert_values(fields, cast(list[models.Model], messages[start:start + 500]))
        compiler = query.get_compiler(connection=conn)
        compiler.returning_fields = [meta.pk, meta.get_field("recipient"), meta.get_field("dedupe_key")]
        [(sql, params)] = compiler.as_sql()
        # Only the unique keys' conflicts are skipped (not SQLite's INSERT OR IGNORE, which would
        # also swallow NOT NULL and CHECK failures); both databases take this form.
        head, returning = sql.rsplit(" RETURNING ", 1)
        with conn.cursor() as cursor:
            cursor.execute(f"{head} ON CONFLICT DO NOTHING RETURNING {returning}", params)
            rows = cursor.fetchall()
        for pk, recipient_id, dedupe_key in rows:
            message = by_key[(recipient_id, dedupe_key)]
            message.pk = pk
            message._state.adding = False
            message._state.db = conn.alias
            inserted.append(message)
    return inserted


def _emit_many(emissions: Sequence[Emission], skip_existing: bool = False) -> list[int]:
    people = {u.pk: u for e in emissions for u in e.recipients if u is not None and u.is_active}
    if not people:
        return []
    keyed = [(e, rules.dedupe_key(e.event, e.object_key, e.state)) for e in emissions]
    # A transition's own state (a service's, under the object's lock) was never told before: no
    # look-up. Were it told after all, the unique key refuses the insert and the caller goes
    # message by message, which looks.
    taken: set[tuple[int, str]] = set()
    if not all(e.fresh for e in emissions):
        keys = {k for _e, k in keyed}
        taken = set(Message.objects.filter(recipient_id__in=list(people), dedupe_key__in=keys)
                    .values_list("recipient_id", "dedupe_key"))
    if all(getattr(u, FRESH_SETTINGS, False) for u in people.values()):
        # Read with the recipients just now (``recipients_with_settings``): no query. A user
        # object from elsewhere may carry an older copy, so only these are trusted.
        own = {pk: mine for pk, u in people.items() if (mine := getattr(u, "notify_settings", None))}
    else:
        own = {s.user_id: s for s in UserNotifySettings.objects.filter(user_id__in=list(people))}
    prefs = _prefs_read_with(people, {e.event for e in emissions})
    if prefs is None:
        prefs = {(p.user_id, p.event, p.channel): p.enabled
                 for p in Preference.objects.filter(user_id__in=list(people),
                                                    event__in={e.event for e in emissions})}
    now = timezone.now()
    default_quiet = _quiet()
    wordings: dict[tuple[int, str, str], dict] = {}
    messages: list[Message] = []
    for e, key in keyed:
        kind = event_for(e.event)
        values = {"detail": "", "case": "", **e.params}
        texts: dict[str, tuple[str, str]] = {}
        for user in e.recipients:
            if user is None or user.pk not in people or (user.pk, key) in taken:
                continue
            taken.add((user.pk, key))  # the same recipient twice, or the same key twice
            mine = own.get(user.pk)
            language = mine.language if mine else settings.LANGUAGE_CODE
            if language not in texts:
                texts[language] = _message_text(e.zone_id, e.event, language, values, wordings)
            title, body = texts[language]
            messages.append(Message(zone_id=e.zone_id, recipient=user, event=e.event, title=title, body=body,
                                    url=e.url, object_key=e.object_key[:80], dedupe_key=key,
                                    urgent=kind.urgent))
    if skip_existing:
        messages = _insert_new(messages)
    else:
        Message.objects.bulk_create(messages, batch_size=1000)
    deliveries = []
    for message in messages:
        user = people[message.recipient_id]
        mine = own.get(user.pk)
        quiet = (rules.quiet_for(mine.quiet_mode, mine.quiet_start, mine.quiet_end, default_quiet)
                 if mine else default_quiet)
        release = rules.release_at(timezone.localtime(now), quiet)
        for channel, sender in SENDERS.items():
            address = _address(user, channel)
            if not address or not sender.available() or not _wanted(user, message.event, channel, prefs):
                continue
            at = now if (message.urgent or channel == Channel.EMAIL) else release
            deliveries.append(Delivery(zone_id=message.zone_id, message=message, channel=channel,
                                       address=address[:200], next_attempt_at=at))
    Delivery.objects.bulk_create(deliveries, batch_size=1000)
    created = [m.pk for m in messages]
    sent = [d.pk for d in deliveries]
    if None in sent:  # a database that does not return the ids of a bulk insert
        transaction.on_commit(lambda: _enqueue(created))
    elif sent:  # the new outbox rows, as the insert returned them: nothing to re-read
        transaction.on_commit(lambda: _enqueue_deliveries(sent))
    return created


def _enqueue(message_ids: list[int]) -> None:
    ids = list(Delivery.objects.filter(message_id__in=message_ids, status=DeliveryStatus.PENDING)
               .values_list("pk", flat=True))
    _enqueue_deliveries(ids)


def _enqueue_deliveries(delivery_ids: list[int]) -> None:
    from zonedesk.notifications.tasks import deliveries_send

    if delivery_ids:
        deliveries_send.enqueue(delivery_ids)


# -- sending -----------------------------------------------------------------------------------


def _claim(delivery_id: int, now: dt.datetime) -> Delivery | None:
    """Take the delivery for one attempt: a short transaction moves its time on by the lease,
    so another sender (a second worker, the sweep) leaves it alone while this one sends."""
    with transaction.atomic():
        d = (Delivery.objects.select_for_update(skip_locked=True)
             .filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now).first())
        if d is None:
            return None
        d.attempts += 1
        d.next_attempt_at = now + LEASE
        d.save(update_fields=["attempts", "next_attempt_at"])
    return d


def delivery_send(*, delivery_id: int, now: dt.datetime | None = None) -> str:
    """One attempt at one delivery; returns its status afterwards ("" when not due or taken).
    A crash after the send and before the mark leaves the lease to expire: the message is sent
    once more, with the same idempotency key, which the receiver drops."""
    now = now or timezone.now()
    claimed = _claim(delivery_id, now)
    if claimed is None:
        return ""
    d = Delivery.objects.select_related("message__zone").get(pk=claimed.pk)
    error = ""
    try:
        SENDERS[d.channel].send(d)
    except ChannelError as exc:
        error = str(exc)[:500] or type(exc).__name__
    with transaction.atomic():
        d = Delivery.objects.select_for_update().get(pk=d.pk)
        if d.status != DeliveryStatus.PENDING:
            return d.status
        if error:
            d.last_error = error
            if d.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
                d.status = DeliveryStatus.FAILED
            else:
                d.next_attempt_at = timezone.now() + rules.backoff(d.attempts)
        else:
            d.status = DeliveryStatus.SENT
            d.sent_at = timezone.now()
            d.last_error = ""
        d.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return d.status


def deliveries_sweep(*, now: dt.datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send every pending delivery whose time has come: retries after back-off, messages held
    over quiet hours, and rows whose after-commit send never ran (a crash). Idempotent."""
    now = now or timezone.now()
    ids = list(Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
               .order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    out = {"sent": 0, "failed": 0, "retry": 0}
    for pk in ids:
        status = delivery_send(delivery_id=pk, now=now)
        if status == DeliveryStatus.SENT:
            out["sent"] += 1
        elif status == DeliveryStatus.FAILED:
            out["failed"] += 1
        elif status == DeliveryStatus.PENDING:
            out["retry"] += 1
    return out


# -- the inbox ---------------------------------------------------------------------------------


def message_read(*, actor: Actor, message_id: int) -> Message:
    with transaction.atomic():
        message = (Message.objects.visible_to(actor.user).select_for_update()
                   .filter(pk=message_id).first()) if actor.user else None
        if message is None:
            raise NotFound()
        if message.read_at is None:
            message.read_at = timezone.now()
            message.save(update_fields=["read_at"])
            audit_record(actor=actor, action="notifications.message.read", obj=message,
                         before={"read": False}, after={"read": True})
    return message


def message_read_all(*, actor: Actor) -> int:
    if actor.user is None:
        raise NotFound()
    with transaction.atomic():
        n = (Message.objects.visible_to(actor.user).filter(read_at__isnull=True)
             .update(read_at=timezone.now()))
        audit_record(actor=actor, action="notifications.message.read_all", obj=actor.user,
                     after={"marked_read": n})
    return n


def preferences_set(*, actor: Actor, choices: Mapping[tuple[str, str], bool]) -> int:
    """Save the person's choices for (event, channel); in-app cannot be switched off."""
    user = actor.user
    if user is None:
        raise NotFound()
    errors = {}
    for event, channel in choices:
        if event not in EVENTS:
            errors["event"] = _("未知的消息类型：%(e)s") % {"e": event}
        if channel not in (Channel.EMAIL, Channel.SMS):
            errors["channel"] = _("只能设置电子邮件和短信渠道；站内信总是接收")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        before = {f"{p.event}/{p.channel}": p.enabled
                  for p in Preference.objects.select_for_update().filter(user=user)}
        for (event, channel), enabled in choices.items():
            Preference.objects.update_or_create(
                user=user, event=event, channel=channel,
                defaults={"enabled": bool(enabled), "zone_id": user.zone_id})
        after = {f"{e}/{c}": bool(v) for (e, c), v in choices.items()}
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        audit_record(actor=actor, action="notifications.preferences.update", obj=user,
                     before={k: before.get(k) for k in changed}, after=changed)
    return len(changed)


def messages_prune(*, now: dt.datetime | None = None, batch: int = 2000) -> int:
    """Delete messages (and their delivery rows) older than the retention period."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.NOTIFY_RETENTION_DAYS)
    total = 0
    while True:
        with transaction.atomic():
            ids = list(Message.objects.filter(created_at__lt=cutoff).order_by("pk")
                       .values_list("pk", flat=True)[:batch])
            if not ids:
                break
            Message.objects.filter(pk__in=ids).delete()
            audit_record(actor=Actor.system("notifications_prune"), action="notifications.message.prune",
                         object_type="notifications.message", object_id=f"{ids[0]}-{ids[-1]}",
                         after={"deleted": len(ids), "before": cutoff.isoformat()})
            total += len(ids)
    return total


def notify_settings_set(*, actor: Actor, quiet_mode: str, quiet_start: dt.time | None = None,
                        quiet_end: dt.time | None = None, language: str = "zh-hans",
                        version: int | None = None) -> UserNotifySettings:
    """Save the person's own quiet hours and message language (audited). ``version`` is the
    one the form showed: a save from a stale form is a Conflict."""
    user = actor.user
    if user is None:
        raise NotFound()
    errors = {}
    if quiet_mode not in QuietMode.values:
        errors["quiet_mode"] = _("免打扰：只能选择园区默认、自定义或不设")
    if quiet_mode == QuietMode.CUSTOM:
        if quiet_start is None:
            errors["quiet_start"] = _("免打扰开始：自定义时段须填写开始时间")
        if quiet_end is None:
            errors["quiet_end"] = _("免打扰结束：自定义时段须填写结束时间")
        if quiet_start is not None and quiet_start == quiet_end:
            errors["quiet_end"] = _("免打扰结束：不能与开始时间相同")
    if language not in ("zh-hans", "en"):
        errors["language"] = _("消息语言：只能是简体中文（zh-hans）或英文（en）")
    if errors:
        raise ValidationFailed(errors)
    if quiet_mode != QuietMode.CUSTOM:
        quiet_start = quiet_end = None
    with transaction.atomic():
        row, _created = UserNotifySettings.objects.select_for_update().get_or_create(
            user=user, defaults={"zone_id": user.zone_id})
        if version is not None and not _created and row.version != version:
            raise Conflict("stale_version", _("通知设置已在别处修改，请刷新后再改"))
        before = {"quiet_mode": row.quiet_mode, "quiet_start": row.quiet_start, "quiet_end": row.quiet_end,
                  "language": row.language}
        row.quiet_mode, row.quiet_start, row.quiet_end = quiet_mode, quiet_start, quiet_end
        row.language = language
        row.version += 0 if _created else 1
        row.full_clean(exclude=["user"])
        row.save()
        audit_record(actor=actor, action="notifications.settings.update", obj=user, before=before,
                     after={"quiet_mode": quiet_mode, "quiet_start": quiet_start, "quiet_end": quiet_end,
                            "language": language})
    return row
