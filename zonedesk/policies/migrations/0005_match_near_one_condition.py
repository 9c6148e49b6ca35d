"""A failed result is now stored only one condition short (``matching.NEAR = 1``). Rows two or
more short, stored before, are dropped here: an unchanged enterprise is skipped by the
re-match, so they would otherwise stay and be listed as "nearly qualifies". They are derived
rows; the enterprise's page evaluates every clause afresh, so nothing is lost."""

from django.db import migrations


def drop_far_failures(apps, schema_editor):
    Match = apps.get_model("policies", "Match")
    Match.objects.using(schema_editor.connection.alias).filter(outcome="failed", distance__gt=1).delete()


class Migration(migrations.Migration):
    dependencies = [("policies", "0004_policy_speed_frozen_facts")]

    operations = [migrations.RunPython(drop_far_failures, migrations.RunPython.noop)]
