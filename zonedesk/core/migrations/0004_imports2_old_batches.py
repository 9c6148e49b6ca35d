"""The enterprise and pipeline imports moved onto the shared flow (core/register_import.py):
their old batches become core import batches. Their rows were stored in the old per-register
shape, which the shared flow cannot confirm, so a batch still waiting (checked or queued) is
closed as discarded with the reason, and its uploader uploads the file again; closed batches
keep their file name, counts and report as history (until the retention sweep)."""

from django.db import migrations

REASON = "导入功能已改为统一导入流程，本批次未确认，请重新上传文件"


def forward(apps, schema_editor):
    ImportBatch = apps.get_model("core", "ImportBatch")
    for app, model, kind in (
        ("enterprises", "ImportBatch", "enterprises"),
        ("projects", "ProjectImportBatch", "projects"),
    ):
        Old = apps.get_model(app, model)
        for old in Old.objects.order_by("pk").iterator():
            closed = old.status in ("imported", "discarded")
            new = ImportBatch.objects.create(
                zone_id=old.zone_id,
                kind=kind,
                created_by_id=old.created_by_id,
                file_name=old.file_name,
                status=old.status if closed else "discarded",
                phase="confirm" if old.status == "imported" else "check",
                rows=[],
                report=[
                    {"row": p.get("row", 0), "column": p.get("column", ""), "reason": p.get("reason", "")}
                    for p in old.report
                ],
                total_rows=old.total_rows,
                result=old.result if closed else {**(old.result or {}), "error": REASON},
            )
            # auto_now_add set today's date: keep the upload's, so retention counts from it.
            ImportBatch.objects.filter(pk=new.pk).update(created_at=old.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_imports2_background"),
        ("enterprises", "0004_english_names"),
        ("projects", "0003_english_names"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
