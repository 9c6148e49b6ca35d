"""Indicators and scores carry their template's / sheet's zone (the distribution column, issue 8).

Added nullable, filled set-wise from the parent, then made required."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    KpiTemplate = apps.get_model("appraisal", "KpiTemplate")
    AppraisalSheet = apps.get_model("appraisal", "AppraisalSheet")
    apps.get_model("appraisal", "KpiIndicator").objects.update(
        zone_id=Subquery(KpiTemplate.objects.filter(pk=OuterRef("template_id")).values("zone_id")[:1]))
    apps.get_model("appraisal", "Score").objects.update(
        zone_id=Subquery(AppraisalSheet.objects.filter(pk=OuterRef("sheet_id")).values("zone_id")[:1]))


def zone_field(null):
    return models.ForeignKey(null=null, on_delete=django.db.models.deletion.PROTECT,
                             to="organisation.zone", verbose_name="园区")


class Migration(migrations.Migration):

    dependencies = [
        ("appraisal", "0002_source_policy_awards"),
        ("organisation", "0005_merge_20261130_2310"),
    ]

    operations = [
        migrations.AddField(model_name="kpiindicator", name="zone", field=zone_field(True)),
        migrations.AddField(model_name="score", name="zone", field=zone_field(True)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(model_name="kpiindicator", name="zone", field=zone_field(False)),
        migrations.AlterField(model_name="score", name="zone", field=zone_field(False)),
    ]
