"""Demo data of the message centre: the demo logins get an e-mail address (and the enterprise
user a mobile number), so the demo's events reach the file backends under var/ as well as
the inbox. Idempotent."""

from __future__ import annotations

from django.db import transaction

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.demo.people import LOGINS
from zonedesk.organisation.models import User

PHONES = {"enterprise": "13800000001", "depthead": "13800000002", "window": "13800000003"}


def load(*, zones) -> None:
    actor = Actor.system("demo_load")
    with transaction.atomic():
        for login in LOGINS:
            user = User.objects.filter(username=login.username, email="").first()
            if user is None:
                continue
            user.email = f"{login.username}@demo.zonedesk.invalid"
            user.phone = user.phone or PHONES.get(login.username, "")
            user.save(update_fields=["email", "phone"])
            audit_record(actor=actor, action="notifications.demo_contact", obj=user,
                         after={"email": user.email, "phone": user.phone})
