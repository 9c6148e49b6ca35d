"""A notification preference carries its person's home zone (the distribution column, issue 8)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    User = apps.get_model("organisation", "User")
    Preference = apps.get_model("notifications", "Preference")
    Preference.objects.update(zone_id=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("zone_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0003_alter_message_event_alter_preference_event"),
        ("organisation", "0006_scale2_user_row_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="preference",
            name="zone",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="organisation.zone", verbose_name="园区"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
