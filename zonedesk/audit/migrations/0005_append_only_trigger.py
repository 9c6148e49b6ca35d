"""On PostgreSQL, audit rows are append-only: a trigger refuses UPDATE and DELETE of audit
records, the deletion of a chain head, a chain head moving backwards and an anchor
moving, except under the prune role (AUDIT_PRUNE_DB_ROLE, default zonedesk_audit_pruner),
which may delete records and move anchors only. TRUNCATE is left to privileges (the
application's role must not own the tables nor hold TRUNCATE; the test suite's flush needs
it). The role is created NOLOGIN if the migrating
user may create roles; see docs/security.md for the production set-up.
"""

from django.conf import settings
from django.db import migrations


def _sql(role: str) -> str:
    return f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
    CREATE ROLE "{role}" NOLOGIN;
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO "{role}"', current_schema());
  GRANT SELECT, DELETE ON audit_auditrecord TO "{role}";
  GRANT SELECT, UPDATE ON audit_auditchain TO "{role}";
EXCEPTION WHEN insufficient_privilege THEN
  RAISE WARNING 'cannot create or grant role {role}: create it as docs/security.md says';
END $$;

CREATE OR REPLACE FUNCTION zonedesk_audit_record_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_user = '{role}' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit records are append-only: % refused for role %', TG_OP, current_user
    USING ERRCODE = 'insufficient_privilege';
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION zonedesk_audit_chain_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'audit chain heads cannot be deleted (role %)', current_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.key <> OLD.key OR NEW.last_seq < OLD.last_seq
     OR (NEW.last_seq = OLD.last_seq AND NEW.last_hash <> OLD.last_hash) THEN
    RAISE EXCEPTION 'audit chain % cannot move backwards (role %)', OLD.key, current_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (NEW.anchor_seq, NEW.anchor_hash) IS DISTINCT FROM (OLD.anchor_seq, OLD.anchor_hash)
     AND (current_user <> '{role}' OR NEW.anchor_seq < OLD.anchor_seq) THEN
    RAISE EXCEPTION 'audit chain % anchor moves only by the prune role (role %)', OLD.key, current_user
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_auditrecord
  FOR EACH ROW EXECUTE FUNCTION zonedesk_audit_record_guard();
DROP TRIGGER IF EXISTS audit_chain_forward_only ON audit_auditchain;
CREATE TRIGGER audit_chain_forward_only BEFORE UPDATE OR DELETE ON audit_auditchain
  FOR EACH ROW EXECUTE FUNCTION zonedesk_audit_chain_guard();
"""


REVERSE = """
DROP TRIGGER IF EXISTS audit_record_append_only ON audit_auditrecord;
DROP TRIGGER IF EXISTS audit_record_no_truncate ON audit_auditrecord;
DROP TRIGGER IF EXISTS audit_chain_forward_only ON audit_auditchain;
DROP FUNCTION IF EXISTS zonedesk_audit_record_guard();
DROP FUNCTION IF EXISTS zonedesk_audit_chain_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_sql(settings.AUDIT_PRUNE_DB_ROLE), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE, params=None)


class Migration(migrations.Migration):

    dependencies = [("audit", "0004_keyed_chain")]

    operations = [migrations.RunPython(forwards, backwards)]
