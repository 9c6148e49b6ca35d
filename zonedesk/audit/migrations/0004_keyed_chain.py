"""The audit chain becomes keyed: every record gets a key id and its MAC is re-made with
HMAC-SM3 under the current audit key (held outside the database).

The unkeyed SM3 chain is verified first; a broken chain stops the migration (re-keying it
would launder the tampering): investigate it with the previous release's `audit_verify`.
"""

from django.conf import settings
from django.db import migrations, models

from zonedesk.audit.chain import canonical, record_hash, sm3_hex

FIELDS = ("chain", "seq", "zone", "at", "actor", "actor_name", "channel", "action", "object_type",
          "object_id", "object_repr", "before", "after", "result", "message", "ip")


def _content(r) -> dict:
    c = {f: getattr(r, f) for f in FIELDS if f not in {"zone", "actor", "at"}}
    c.update(zone=r.zone_id, actor=r.actor_id, at=r.at.isoformat())
    return c


def rekey(apps, schema_editor):
    AuditChain = apps.get_model("audit", "AuditChain")
    AuditRecord = apps.get_model("audit", "AuditRecord")
    key_id = settings.AUDIT_KEY_ID
    key = settings.AUDIT_KEYS[key_id]
    for chain in AuditChain.objects.order_by("key"):
        old_prev = new_prev = chain.anchor_hash
        expected = chain.anchor_seq + 1
        for r in AuditRecord.objects.filter(chain=chain.key).order_by("seq").iterator(chunk_size=2000):
            content = _content(r)
            if (r.seq != expected or r.prev_hash != old_prev
                    or sm3_hex(old_prev.encode() + b"\n" + canonical(content)) != r.hash):
                raise RuntimeError(
                    f"审计链 {chain.key} 第 {expected} 条记录异常，拒绝重新加密钥 / audit chain "
                    f"{chain.key} is broken at record {expected}; it is not re-keyed")
            old_prev = r.hash
            expected += 1
            content["key_id"] = key_id
            r.key_id = key_id
            r.prev_hash = new_prev
            r.hash = record_hash(content, new_prev, key)
            r.save(update_fields=["key_id", "prev_hash", "hash"])
            new_prev = r.hash
        if chain.last_seq == expected - 1:
            chain.last_hash = new_prev
            chain.save(update_fields=["last_hash"])


class Migration(migrations.Migration):

    dependencies = [("audit", "0003_actor_keeps_records")]

    operations = [
        migrations.AddField(
            model_name="auditrecord",
            name="key_id",
            field=models.CharField(default="", max_length=32, verbose_name="密钥编号"),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop),
    ]
