"""Writes to the enterprise registry. Every function validates, locks, writes and audits
in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zonedesk.audit.models import Result
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from zonedesk.core.jsonable import diff, jsonable, snapshot
from zonedesk.enterprises.models import (
    Enterprise,
    EnterpriseFlag,
    EnterpriseYearFigure,
    FlagKind,
    ImportBatch,
    Industry,
)
from zonedesk.enterprises.rules import Lookups, clean_enterprise, clean_figures
from zonedesk.organisation.models import Zone
from zonedesk.organisation.roles import Role
from zonedesk.parks.models import Park

# Who keeps the register: the window takes enterprises in, investment brings them.
EDITOR_ROLES = frozenset({Role.WINDOW_CLERK, Role.INVESTMENT_OFFICER})

ENTERPRISE_FIELDS = (
    "credit_code", "name", "legal_representative", "industry_id", "park_id", "address",
    "registered_on", "staff_size", "credit_grade", "credit_source", "credit_valid_until",
    "contact_name", "contact_phone",
)
FIGURE_FIELDS = ("year", "revenue", "tax", "rd_spending", "staff", "tech_staff")
DUPLICATE_CODE = "该统一社会信用代码已登记，不能重复添加"
# Bound parameters per IN (...) list: an import of 20,000 rows must not hit SQLite's
# variable limit, nor send PostgreSQL one statement with 20,000 parameters.
IN_CHUNK = 2_000


def _chunks(values: Iterable[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def require_editor(actor: Actor, zone_id: int) -> None:
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*EDITOR_ROLES):
        raise Forbidden("forbidden", "只有综合窗口和招商专员可以维护企业库")


def lookups_for(zone_id: int) -> Lookups:
    parks = dict(Park.objects.filter(zone_id=zone_id).values_list("name", "id"))
    return Lookups(
        industries=dict(Industry.objects.values_list("code", "id")),
        parks=parks,
        park_ids=set(parks.values()),
        today=timezone.localdate(),
    )


def _locked_enterprise(actor: Actor, enterprise_id: int) -> Enterprise:
    # visible_to first, so a hidden enterprise is a 404 and never a lock on someone else's row.
    row = (Enterprise.objects.visible_to(actor.user).select_for_update()
           .filter(pk=enterprise_id).first()) if actor.user else None
    if row is None:
        raise NotFound()
    return row


def enterprise_create(*, actor: Actor, zone: Zone, data: Mapping[str, Any]) -> Enterprise:
    require_editor(actor, zone.pk)
    clean, errors = clean_enterprise(data, lookups_for(zone.pk))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        if Enterprise.objects.filter(zone=zone, credit_code=clean["credit_code"]).exists():
            raise ValidationFailed({"credit_code": DUPLICATE_CODE}, code="duplicate")
        enterprise = Enterprise(zone=zone, **clean)
        try:
            with transaction.atomic():
                enterprise.save()
        except IntegrityError as exc:  # a concurrent create of the same code won the race
            raise ValidationFailed({"credit_code": DUPLICATE_CODE}, code="duplicate") from exc
        audit_record(actor=actor, action="enterprise.create", obj=enterprise,
                     after=snapshot(enterprise, list(ENTERPRISE_FIELDS)))
    return enterprise


def enterprise_update(*, actor: Actor, enterprise_id: int, data: Mapping[str, Any],
                      version: int) -> Enterprise:
    with transaction.atomic():
        enterprise = _locked_enterprise(actor, enterprise_id)
        require_editor(actor, enterprise.zone_id)
        if enterprise.version != version:
            raise Conflict(
                "stale_version",
                f"该企业信息已被他人修改（当前版本 {enterprise.version}，您编辑的是版本 {version}），"
                "请刷新页面查看最新内容后再修改",
            )
        clean, errors = clean_enterprise(data, lookups_for(enterprise.zone_id), partial=True)
        if "credit_code" in clean and clean["credit_code"] != enterprise.credit_code and (
            Enterprise.objects.filter(zone_id=enterprise.zone_id, credit_code=clean["credit_code"])
            .exclude(pk=enterprise.pk).exists()
        ):
            errors["credit_code"] = "该统一社会信用代码已登记在另一家企业名下"
        merged = {**snapshot(enterprise, list(ENTERPRISE_FIELDS)), **jsonable(clean)}
        if merged.get("credit_grade") and not merged.get("credit_source"):
            errors.setdefault("credit_source", "填写信用等级时须注明来源")
        if errors:
            raise ValidationFailed(errors)
        before = snapshot(enterprise, list(ENTERPRISE_FIELDS))
        for key, value in clean.items():
            setattr(enterprise, key, value)
        after = snapshot(enterprise, list(ENTERPRISE_FIELDS))
        b, a = diff(before, after)
        if not a:
            return enterprise
        enterprise.version += 1
        try:
            with transaction.atomic():
                enterprise.save()
        except IntegrityError as exc:  # another editor took the new code in the meantime
            raise ValidationFailed({"credit_code": "该统一社会信用代码已登记在另一家企业名下"},
                                   code="duplicate") from exc
        audit_record(actor=actor, action="enterprise.update", obj=enterprise,
                     before={**b, "version": version}, after={**a, "version": enterprise.version})
    return enterprise


def enterprise_flag_add(*, actor: Actor, enterprise_id: int, kind: str, listed_on: dt.date,
                        source: str = "", note: str = "") -> EnterpriseFlag:
    errors: dict[str, str] = {}
    if kind not in FlagKind.values:
        errors["kind"] = "名单类别应为 严重失信主体、失信被执行人、经营异常名录 之一"
    if listed_on > timezone.localdate():
        errors["listed_on"] = "列入日期不能晚于今天"
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        enterprise = _locked_enterprise(actor, enterprise_id)
        require_editor(actor, enterprise.zone_id)
        if enterprise.flags.filter(kind=kind, removed_on__isnull=True).exists():
            raise Conflict("flag_exists", "该企业已在此名单中，请先登记移出再重新列入")
        flag = EnterpriseFlag.objects.create(zone_id=enterprise.zone_id, enterprise=enterprise,
                                             kind=kind, listed_on=listed_on, source=source[:100],
                                             note=note[:300])
        audit_record(actor=actor, action="enterprise.flag_add", obj=enterprise,
                     after=snapshot(flag))
    return flag


def enterprise_flag_remove(*, actor: Actor, flag_id: int, removed_on: dt.date,
                           enterprise_id: int | None = None) -> EnterpriseFlag:
    """``enterprise_id``, when given, must be the flag's enterprise (the page it was shown on)."""
    with transaction.atomic():
        flags = EnterpriseFlag.objects.select_for_update().filter(
            pk=flag_id, enterprise__in=Enterprise.objects.visible_to(actor.user))
        if enterprise_id is not None:
            flags = flags.filter(enterprise_id=enterprise_id)
        flag = flags.first()
        if flag is None:
            raise NotFound()
        require_editor(actor, flag.zone_id)
        if flag.removed_on is not None:
            raise Conflict("already_removed", "该名单记录已登记移出")
        if removed_on < flag.listed_on:
            raise ValidationFailed({"removed_on": "移出日期不能早于列入日期"})
        if removed_on > timezone.localdate():
            raise ValidationFailed({"removed_on": "移出日期不能晚于今天"})
        before = snapshot(flag)
        flag.removed_on = removed_on
        flag.save(update_fields=["removed_on"])
        audit_record(actor=actor, action="enterprise.flag_remove", obj=flag.enterprise,
                     before=before, after=snapshot(flag))
    return flag


def enterprise_figures_set(*, actor: Actor, enterprise_id: int,
                           data: Mapping[str, Any]) -> EnterpriseYearFigure:
    clean, errors = clean_figures(data, this_year=timezone.localdate().year)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        enterprise = _locked_enterprise(actor, enterprise_id)
        require_editor(actor, enterprise.zone_id)
        figure = EnterpriseYearFigure.objects.filter(enterprise=enterprise,
                                                     year=clean["year"]).first()
        before = snapshot(figure) if figure else None
        if figure is None:
            figure = EnterpriseYearFigure(zone_id=enterprise.zone_id, enterprise=enterprise)
        for key, value in clean.items():
            setattr(figure, key, value)
        figure.save()
        audit_record(actor=actor, action="enterprise.figures_set", obj=enterprise,
                     before=before, after=snapshot(figure))
    return figure


# --- import -------------------------------------------------------------------------------

def enterprise_import_check(*, actor: Actor, zone: Zone, file_name: str,
                            content: bytes) -> ImportBatch:
    """Check every row; keep the good ones and the report. Writes nothing to the registry."""
    from zonedesk.enterprises.excel import read_register

    require_editor(actor, zone.pk)
    checked = read_register(content, lookups_for(zone.pk), this_year=timezone.localdate().year)
    existing: set[str] = set()
    for codes in _chunks(r["credit_code"] for r in checked.rows):
        existing.update(Enterprise.objects.filter(zone=zone, credit_code__in=codes)
                        .values_list("credit_code", flat=True))
    for row in checked.rows:
        row["import_action"] = "update" if row["credit_code"] in existing else "create"
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            zone=zone, created_by=actor.user, file_name=file_name[:200], rows=jsonable(checked.rows),
            report=checked.report, total_rows=checked.total_rows,
        )
        audit_record(actor=actor, action="enterprise.import_check", obj=batch,
                     object_repr=file_name[:200],
                     after={"total_rows": checked.total_rows, "good_rows": len(checked.rows),
                            "problems": len(checked.report)})
    return batch


def _locked_batch(actor: Actor, batch_id: int,
                  status: str = ImportBatch.Status.CHECKED) -> ImportBatch:
    batch = (ImportBatch.objects.select_for_update()
             .filter(pk=batch_id, zone_id__in=actor.user.visible_zone_ids if actor.user else [])
             .first())
    if batch is None or batch.created_by_id != actor.user.pk:
        raise NotFound()
    if batch.status != status:
        raise Conflict("batch_closed", f"该导入批次{batch.get_status_display()}，不能再确认或放弃")
    return batch


# Batches up to this many rows are written within the request. Every row is audited on its
# own (about four queries a row), so 20,000 rows take over a minute on PostgreSQL: longer than
# any request may run. Larger batches are queued and written by the worker.
IMPORT_SYNC_ROWS = 1_000


def enterprise_import_submit(*, actor: Actor, batch_id: int) -> ImportBatch:
    """Confirm a checked batch: written now when small, otherwise queued for the worker
    (status QUEUED until it finishes; the review page shows the outcome)."""
    batch = ImportBatch.objects.filter(pk=batch_id).only("rows").first()
    if batch is not None and len(batch.rows) <= IMPORT_SYNC_ROWS:
        enterprise_import_confirm(actor=actor, batch_id=batch_id)
        return ImportBatch.objects.get(pk=batch_id)
    with transaction.atomic():
        batch = _locked_batch(actor, batch_id)
        require_editor(actor, batch.zone_id)
        batch.status = ImportBatch.Status.QUEUED
        batch.result = {}
        batch.save(update_fields=["status", "result"])
        audit_record(actor=actor, action="enterprise.import_queue", obj=batch,
                     object_repr=batch.file_name, after={"rows": len(batch.rows)})
        user_id, ip = actor.user.pk, actor.ip

        def enqueue() -> None:
            from zonedesk.enterprises.tasks import enterprise_import_run

            enterprise_import_run.enqueue(batch_id=batch_id, user_id=user_id, ip=ip)

        transaction.on_commit(enqueue)
    return batch


def enterprise_import_confirm(*, actor: Actor, batch_id: int, queued: bool = False) -> dict[str, int]:
    """Write the good rows of a checked batch: all of them or, on any failure, none.

    Rows are matched to the registry again by credit code now, not at check time, so an
    enterprise registered in between is updated rather than duplicated. ``queued``: the
    worker writing a batch that enterprise_import_submit queued.
    """
    from zonedesk.enterprises.excel import figures_from_row

    with transaction.atomic():
        batch = _locked_batch(actor, batch_id, ImportBatch.Status.QUEUED if queued
                              else ImportBatch.Status.CHECKED)
        require_editor(actor, batch.zone_id)
        note = f"导入批次 {batch.pk}"
        counts = dict.fromkeys(("created", "updated", "unchanged", "figures", "figures_unchanged"), 0)
        current: dict[str, Enterprise] = {}
        for codes in _chunks(r["credit_code"] for r in batch.rows):
            current.update((e.credit_code, e) for e in Enterprise.objects.select_for_update()
                           .filter(zone_id=batch.zone_id, credit_code__in=codes).order_by("pk"))
        try:
            with transaction.atomic():
                for row in batch.rows:
                    enterprise = _import_enterprise(actor, batch.zone_id, row,
                                                    current.get(row["credit_code"]), note, counts)
                    _import_figures(actor, enterprise, figures_from_row(row), note, counts)
        except IntegrityError as exc:
            # Someone registered one of these codes after the lock above was taken.
            raise Conflict("import_conflict", "导入期间企业库被他人修改，本次未写入任何数据；"
                                              "请重新上传文件校验后再确认") from exc
        result = {**counts, "skipped": len({(p.get("sheet"), p["row"]) for p in batch.report})}
        batch.status = ImportBatch.Status.IMPORTED
        batch.result = result
        batch.save(update_fields=["status", "result"])
        audit_record(actor=actor, action="enterprise.import_confirm", obj=batch,
                     object_repr=batch.file_name, after=result)
    return result


def _import_enterprise(actor: Actor, zone_id: int, row: dict[str, Any], enterprise: Enterprise | None,
                       note: str, counts: dict[str, int]) -> Enterprise:
    values = {k: row[k] for k in ENTERPRISE_FIELDS if k in row}
    for key in ("registered_on", "credit_valid_until"):
        if values.get(key):
            values[key] = dt.date.fromisoformat(values[key])
    if enterprise is None:
        enterprise = Enterprise(zone_id=zone_id, **values)
        enterprise.save()
        audit_record(actor=actor, action="enterprise.create", obj=enterprise,
                     after=snapshot(enterprise, list(ENTERPRISE_FIELDS)), message=note)
        counts["created"] += 1
        return enterprise
    before = snapshot(enterprise, list(ENTERPRISE_FIELDS))
    for key, value in values.items():
        setattr(enterprise, key, value)
    b, a = diff(before, snapshot(enterprise, list(ENTERPRISE_FIELDS)))
    if not a:
        counts["unchanged"] += 1
        return enterprise
    old_version = enterprise.version
    enterprise.version += 1
    enterprise.save()
    audit_record(actor=actor, action="enterprise.update", obj=enterprise,
                 before={**b, "version": old_version}, after={**a, "version": enterprise.version},
                 message=note)
    counts["updated"] += 1
    return enterprise


def _import_figures(actor: Actor, enterprise: Enterprise, figures: list[dict[str, Any]], note: str,
                    counts: dict[str, int]) -> None:
    if not figures:
        return
    existing = {f.year: f for f in EnterpriseYearFigure.objects.filter(
        enterprise=enterprise, year__in=[f["year"] for f in figures])}
    for values in figures:
        figure = existing.get(values["year"])
        before = snapshot(figure, list(FIGURE_FIELDS)) if figure else None
        if figure is None:
            figure = EnterpriseYearFigure(zone_id=enterprise.zone_id, enterprise=enterprise)
        for key, value in values.items():
            setattr(figure, key, value)
        after = snapshot(figure, list(FIGURE_FIELDS))
        if before == after:
            counts["figures_unchanged"] += 1
            continue
        figure.save()
        audit_record(actor=actor, action="enterprise.figures_set", obj=enterprise,
                     before=before, after=after, message=note)
        counts["figures"] += 1


def enterprise_import_failed(*, actor: Actor, batch_id: int, reason: str) -> None:
    """A queued batch the worker could not write goes back to CHECKED, with the reason, so
    its uploader sees why and may confirm it again (nothing of it was written)."""
    with transaction.atomic():
        batch = _locked_batch(actor, batch_id, ImportBatch.Status.QUEUED)
        batch.status = ImportBatch.Status.CHECKED
        batch.result = {"error": reason}
        batch.save(update_fields=["status", "result"])
        audit_record(actor=actor, action="enterprise.import_confirm", obj=batch,
                     object_repr=batch.file_name, result=Result.FAILED, message=reason[:500])


def enterprise_import_discard(*, actor: Actor, batch_id: int) -> None:
    with transaction.atomic():
        batch = _locked_batch(actor, batch_id)
        batch.status = ImportBatch.Status.DISCARDED
        batch.save(update_fields=["status"])
        audit_record(actor=actor, action="enterprise.import_discard", obj=batch,
                     object_repr=batch.file_name)


__all__ = [
    "ServiceError",
    "enterprise_create",
    "enterprise_figures_set",
    "enterprise_flag_add",
    "enterprise_flag_remove",
    "enterprise_import_check",
    "enterprise_import_confirm",
    "enterprise_import_discard",
    "enterprise_import_failed",
    "enterprise_import_submit",
    "enterprise_update",
]
