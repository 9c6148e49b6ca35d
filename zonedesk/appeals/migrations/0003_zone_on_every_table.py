"""Every table holding a zone's data carries `zone` (so the schema can be distributed by zone):
added nullable, filled from the parent row, then made required."""

import django.db.models.deletion
from django.db import migrations, models

# table -> the parent whose zone the row takes
PARENTS = {
    "appealpause": "appeal",
    "appealevent": "appeal",
    "attachment": "appeal",
    "supervision": "appeal",
    "rectification": "rating",
    "ratingreview": "rating",
}


def fill_zone(apps, schema_editor):
    from django.db.models import OuterRef, Subquery

    for model_name, parent in PARENTS.items():
        model = apps.get_model("appeals", model_name)
        parent_model = model._meta.get_field(parent).related_model
        model.objects.filter(zone__isnull=True).update(
            zone_id=Subquery(parent_model.objects.filter(pk=OuterRef(f"{parent}_id")).values("zone_id")[:1]))


def fill_rectification_on_time(apps, schema_editor):
    from django.utils import timezone

    Rectification = apps.get_model("appeals", "Rectification")
    for rect in Rectification.objects.filter(replied_at__isnull=False).iterator():
        Rectification.objects.filter(pk=rect.pk).update(
            replied_on_time=timezone.localtime(rect.replied_at).date() <= rect.due_on)


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0002_stored_clocks"),
        ("organisation", "0002_zone_reporting_until"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="zone",
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                        to="organisation.zone", verbose_name="园区"),
            )
            for name in PARENTS
        ],
        migrations.RunPython(fill_zone, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=name,
                name="zone",
                field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                        to="organisation.zone", verbose_name="园区"),
            )
            for name in PARENTS
        ],
        migrations.AddField(
            model_name="rectification",
            name="replied_on_time",
            field=models.BooleanField(blank=True, null=True, verbose_name="按时整改"),
        ),
        migrations.RunPython(fill_rectification_on_time, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="rectification",
            index=models.Index(condition=models.Q(("status", "open")), fields=["due_on", "id"],
                               name="rectification_open_due"),
        ),
    ]
