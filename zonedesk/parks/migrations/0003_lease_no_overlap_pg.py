"""Two leases of one unit never overlap: an exclusion constraint on PostgreSQL (btree_gist for
the unit's equality). SQLite has none; there the service's check under the unit's row lock
is the rule (it runs on PostgreSQL too, so the constraint is the last line, not the first)."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE parks_lease ADD CONSTRAINT parks_lease_no_overlap
    EXCLUDE USING gist (unit_id WITH =, daterange(start_on, occupied_until, '[]') WITH &&);
"""
DROP = "ALTER TABLE parks_lease DROP CONSTRAINT IF EXISTS parks_lease_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("parks", "0002_buildings_units_leases")]
    operations = [migrations.RunPython(forwards, backwards)]
