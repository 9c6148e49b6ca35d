"""Number the applications and appeals that existed before case numbers did, in the order
they were submitted, so every case has one."""

import secrets

from django.db import migrations
from django.utils import timezone

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def backfill(apps, schema_editor):
    Application = apps.get_model("approvals", "Application")
    Appeal = apps.get_model("appeals", "Appeal")
    CaseNumber = apps.get_model("casefiles", "CaseNumber")
    CaseSequence = apps.get_model("casefiles", "CaseSequence")
    done = set(CaseNumber.objects.filter(kind="application").values_list("object_id", flat=True))
    for app in Application.objects.select_related("zone").order_by("submitted_at", "pk").iterator():
        if app.pk in done:
            continue
        year = timezone.localtime(app.submitted_at).year
        seq, _ = CaseSequence.objects.get_or_create(zone_id=app.zone_id, kind="application", year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
        CaseNumber.objects.create(zone_id=app.zone_id, kind="application", object_id=app.pk,
                                  number=f"{app.zone.code.upper()}-SP-{year:04d}-{seq.last:06d}",
                                  query_code=_code())
    done = set(CaseNumber.objects.filter(kind="appeal").values_list("object_id", flat=True))
    for appeal in Appeal.objects.exclude(number="").order_by("pk").iterator():
        if appeal.pk not in done:
            CaseNumber.objects.create(zone_id=appeal.zone_id, kind="appeal", object_id=appeal.pk,
                                      number=appeal.number, query_code=_code())


class Migration(migrations.Migration):
    dependencies = [
        ("casefiles", "0001_initial"),
        ("approvals", "0001_initial"),
        ("appeals", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
