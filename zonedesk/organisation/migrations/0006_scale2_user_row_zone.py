"""Per-user rows carry their person's home zone (the distribution column, issue 8)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

PER_USER = ("UserRole", "ApiToken", "MfaDevice", "MfaRecoveryCode")


def fill(apps, schema_editor):
    # One set-wise UPDATE per table (no row loop): zone := the user's zone.
    User = apps.get_model("organisation", "User")
    for name in PER_USER:
        model = apps.get_model("organisation", name)
        model.objects.update(zone_id=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("zone_id")[:1]))


def zone_field():
    return models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                             related_name="+", to="organisation.zone", verbose_name="园区")


class Migration(migrations.Migration):

    dependencies = [
        ("organisation", "0005_merge_20261130_2310"),
    ]

    operations = [
        *[migrations.AddField(model_name=name.lower(), name="zone", field=zone_field()) for name in PER_USER],
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
