"""The one Excel import flow of every register: upload → check → confirm.

API (small on purpose; an app adds a register's import by declaring one ``Importer``):

    importers.register(Importer(
        kind="parks-units",                      # URL segment, unique
        label=_("单元"),                          # what the pages call the register
        columns=(ImportColumn("building", _("楼栋"), required=True), ...),
        write_row=unit_import_row,               # (actor, zone_id, values) -> object
        may_edit=lambda user: ...,               # who may import
        back="parks:list",                       # URL name of the register's list
    ))
    batch = import_check(actor=..., kind=..., file_name=..., content=...)   # writes nothing
    result = import_confirm(actor=..., batch_id=batch.pk)                   # all rows or none
    import_discard(actor=..., batch_id=batch.pk)

``write_row`` receives one row's typed values by column key (str, Decimal, date, int, bool or
None) and writes it through the register's own service, which validates, audits and raises
``ValidationFailed({column key or field: message})``. The check runs every row through
``write_row`` inside a transaction that is then rolled back (a dry run): the file is judged by
the very rules the form and the API use, rows may refer to rows above them (a unit to a
building of the same file), and the report names the row, the column and the rule of every
problem. A batch with any problem cannot be confirmed; the confirmation runs the same rows in
one transaction, so if the register changed in between and a row now fails, nothing is
written. The check and the confirmation are audited (``import.check``/``import.confirm``),
and every row's service writes its own audit row.

Registers kept by a natural key (enterprises by credit code, pipeline projects by 投资项目代码
or name) also declare ``natural_key`` (the row's key values, so two rows of one file for the
same record are a problem), ``find`` (the register's record with that key, or None) and
``update_row`` (update it through the register's service, which audits before/after; returns
whether anything changed): the flow then inserts or updates each row and counts created /
updated / unchanged rows; the check's report shows what each row will do.

Large files (more rows than ``settings.IMPORT_BACKGROUND_ROWS``) are read in the request (so
a wrong header is reported at once) but checked and written by the background worker
(core/import_tasks.py): the batch is QUEUED, then RUNNING, then CHECKED / IMPORTED, and the
batch page polls it. The worker's run is idempotent: it takes the batch under a row lock and
does nothing unless the batch still waits for it, and the check and the confirmation each
commit in one transaction with the batch's new status, so a worker that dies leaves the batch
to be taken again (``imports_sweep`` re-queues it) with nothing half-written.

Pages: ``core_imports:upload|template|batch|decide`` (core/import_views.py); API:
``/api/imports/...`` (core/import_api.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ServiceError, ValidationFailed
from zonedesk.core.jsonable import jsonable
from zonedesk.core.xlsx import FILE_LANGUAGE, workbook
from zonedesk.core.xlsx_read import bounded_rows

# Rows a file may hold. Up to settings.IMPORT_BACKGROUND_ROWS the check and the confirmation
# run in the request (about a dozen queries a row); above, in the background worker.
MAX_ROWS = 20_000
MAX_PROBLEMS = 200  # the report stops here; the file is refused either way
# What a row of a keyed register does, as the check's report shows it.
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
COUNT_KEYS = {CREATE: "created", UPDATE: "updated", UNCHANGED: "unchanged"}


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: str | Promise
    kind: str = "text"  # text | date | decimal | int | bool
    required: bool = False
    # A column of its own reading (a choice by its label, a row looked up by name): raw cell
    # and the zone -> value; raise ValueError with the rule.
    parse: Callable[[Any, int], Any] | None = None
    # Field names of the service's errors that belong to this column (besides its key).
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str | Promise
    columns: tuple[ImportColumn, ...]
    write_row: Callable[[Actor, int, dict[str, Any]], Any]
    may_edit: Callable[[Any], bool]
    back: str  # URL name of the register's page
    back_args: tuple = ()
    note: str | Promise = ""
    # The sheet read when the workbook has it (else the first sheet): a register exported as
    # several sheets re-imports each through its own importer.
    sheet: str = ""
    # Update by natural key (see the module's docstring); all three or none.
    natural_key: Callable[[dict[str, Any]], list[tuple[str, Any]]] | None = None
    find: Callable[[int, dict[str, Any]], Any] | None = None
    update_row: Callable[[Actor, Any, dict[str, Any]], bool] | None = None

    def column_for(self, field: str) -> str:
        """The header a service error about ``field`` is shown under (as the file names it)."""
        for col in self.columns:
            if field == col.key or field in col.fields or field == f"{col.key}_id":
                return file_label(col)
        return _("整行")


class ImporterRegistry:
    def __init__(self) -> None:
        self._by_kind: dict[str, Importer] = {}

    def register(self, importer: Importer) -> Importer:
        if importer.kind in self._by_kind and self._by_kind[importer.kind] != importer:
            raise ValueError(f"import kind {importer.kind!r} registered twice")
        self._by_kind[importer.kind] = importer
        return importer

    def get(self, kind: str) -> Importer | None:
        return self._by_kind.get(kind)

    def kinds(self) -> list[str]:
        return sorted(self._by_kind)


importers = ImporterRegistry()


def file_label(col: ImportColumn) -> str:
    """A column's header in the file: Chinese whatever the user's language, as every exported
    and template file is (the files circulate between offices)."""
    with translation.override(FILE_LANGUAGE):
        return str(col.label)


def template(importer: Importer) -> bytes:
    headers = [f"{file_label(c)}{'*' if c.required else ''}" for c in importer.columns]
    return workbook([(str(importer.label), headers, [])])


# --- reading cells ----------------------------------------------------------------------------


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_cell(kind: str, raw: Any) -> Any:
    """A cell as the column's type; ValueError names the rule."""
    if _blank(raw):
        return None
    text = str(raw).strip()
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(text.replace("/", "-"))
        except ValueError as exc:
            raise ValueError(_("日期格式须为 2026-01-31")) from exc
    if kind == "decimal":
        try:
            # A number cell is a binary double: its shortest repr is what the user typed.
            out = Decimal(repr(raw) if isinstance(raw, float) else text.replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(_("须为数字")) from exc
        if not out.is_finite():
            raise ValueError(_("须为数字"))
        return out
    if kind == "int":
        try:
            value = Decimal(repr(raw) if isinstance(raw, float) else text)
        except InvalidOperation as exc:
            raise ValueError(_("须为整数")) from exc
        if not value.is_finite() or value != value.to_integral_value():
            raise ValueError(_("须为整数"))
        return int(value)
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if text in ("是", "Y", "y", "yes", "1", "true", "TRUE"):
            return True
        if text in ("否", "N", "n", "no", "0", "false", "FALSE"):
            return False
        raise ValueError(_("须填写“是”或“否”"))
    return text


def raw_cell(raw: Any, zone_id: int) -> Any:
    """A cell handed to the register's own cleaning as it is (a number stays a number, so the
    rules can tell a credit code Excel turned into a float); only a date-time becomes its date,
    which the batch keeps as ISO text."""
    if _blank(raw):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, str):
        return raw.strip()
    return raw


def raw_column(key: str, label: str | Promise, **kw: Any) -> ImportColumn:
    """A column whose cells go to the register's own cleaning as they are (``raw_cell``): for
    registers whose services already validate every field (enterprises, pipeline projects)."""
    return ImportColumn(key, label, parse=raw_cell, **kw)


def choice(choices: Iterable[tuple[Any, Any]]) -> Callable[[Any, int], Any]:
    """A column read as one of ``choices``, by its value or its label."""
    pairs = list(choices)

    def parse(raw: Any, zone_id: int) -> Any:
        if _blank(raw):
            return None
        text = str(raw).strip()
        for value, label in pairs:
            if text in (str(value), str(label)):
                return value
        raise ValueError(_("须为以下之一：%(c)s") % {"c": "、".join(str(label) for _v, label in pairs)})

    return parse


def _header_key(text: Any) -> str:
    return str(text or "").strip().rstrip("*").replace("(", "（").replace(")", "）")


def _open(content: bytes):
    """The workbook, opened only after the zip-bomb and size checks of core/xlsx_read.py."""
    from zonedesk.core.xlsx_read import open_workbook

    return open_workbook(content)


def read_file(importer: Importer, content: bytes, zone_id: int) -> tuple[list[dict], list[dict], int]:
    """(rows with typed values, cell problems, number of data rows) of the first sheet."""
    wb = _open(content)
    try:
        ws = wb[importer.sheet] if importer.sheet in wb.sheetnames else wb.worksheets[0]
        it = bounded_rows(ws, MAX_ROWS)  # blank rows counted too: a sheet of empty rows stops early
        header = next(it, None)
        if header is None:
            raise ValidationFailed({"file": _("工作表“%(t)s”为空") % {"t": ws.title}})
        by_label = {_header_key(file_label(c)): c for c in importer.columns}
        positions = {i: by_label[_header_key(h)] for i, h in enumerate(header) if _header_key(h) in by_label}
        given = {c.key for c in positions.values()}
        missing = [file_label(c) for c in importer.columns if c.required and c.key not in given]
        if missing:
            raise ValidationFailed(
                {"file": _("表头缺少必需的列：%(c)s（请使用导入模板）") % {"c": "、".join(missing)}}
            )
        rows: list[dict] = []
        report: list[dict] = []
        total = 0
        for number, cells in enumerate(it, start=2):
            if cells is None or all(_blank(v) for v in cells):
                continue
            total += 1
            if total > MAX_ROWS:
                raise ValidationFailed({"file": _("一次最多导入 %(n)s 行，请分批导入") % {"n": MAX_ROWS}})
            values: dict[str, Any] = {}
            bad = False
            for i, col in positions.items():
                raw = cells[i] if i < len(cells) else None
                try:
                    value = col.parse(raw, zone_id) if col.parse else parse_cell(col.kind, raw)
                except ValueError as exc:
                    report.append({"row": number, "column": file_label(col), "reason": str(exc)})
                    bad = True
                    continue
                if value is None and col.required:
                    report.append({"row": number, "column": file_label(col), "reason": _("必填")})
                    bad = True
                values[col.key] = value
            rows.append({"row": number, "values": values, "bad": bad})
        return rows, report, total
    finally:
        wb.close()


# --- the flow -----------------------------------------------------------------------------------


class _DryRun(Exception):
    """Raised to roll the check's writes back."""


def _problems(importer: Importer, number: int, exc: ServiceError) -> list[dict]:
    if isinstance(exc, ValidationFailed):
        return [
            {"row": number, "column": importer.column_for(field), "reason": str(msg)}
            for field, msg in exc.errors.items()
        ]
    column = importer.column_for(exc.field) if exc.field else _("整行")
    return [{"row": number, "column": column, "reason": exc.message}]


def _run(
    actor: Actor, importer: Importer, zone_id: int, rows: list[dict]
) -> tuple[dict[str, int], list[dict], dict[int, str]]:
    """Write every good row (each in a savepoint, so one failure does not hide the next);
    returns (counts by created/updated/unchanged, problems, what each written row did). The
    caller's transaction decides whether it stays."""
    counts = dict.fromkeys(COUNT_KEYS.values(), 0)
    report: list[dict] = []
    actions: dict[int, str] = {}
    seen: dict[tuple[str, Any], int] = {}
    for row in rows:
        if row.get("bad"):
            continue
        values = _typed(importer, row["values"])
        if importer.natural_key is not None:
            keys = [k for k in importer.natural_key(values) if k[1] not in (None, "")]
            twin = next((seen[k] for k in keys if k in seen), None)
            for k in keys:
                seen.setdefault(k, row["row"])
            if twin is not None:
                col = next(k[0] for k in keys if seen[k] == twin)
                report.append(
                    {
                        "row": row["row"],
                        "column": importer.column_for(col),
                        "reason": _("与第 %(n)s 行重复（同一条记录只能出现一次）") % {"n": twin},
                    }
                )
                continue
        try:
            with transaction.atomic():
                action = _write_one(actor, importer, zone_id, values)
            counts[COUNT_KEYS[action]] += 1
            actions[row["row"]] = action
        except (Forbidden, NotFound):
            raise
        except ServiceError as exc:
            report.extend(_problems(importer, row["row"], exc))
        if len(report) >= MAX_PROBLEMS:
            break
    return counts, report, actions


def _write_one(actor: Actor, importer: Importer, zone_id: int, values: dict[str, Any]) -> str:
    """Insert the row, or update the register's record with its natural key."""
    if importer.find is not None and importer.update_row is not None:
        existing = importer.find(zone_id, values)
        if existing is not None:
            return UPDATE if importer.update_row(actor, existing, values) else UNCHANGED
    importer.write_row(actor, zone_id, values)
    return CREATE


def _written(counts: dict[str, int]) -> int:
    return sum(counts.values())


def _stored(value: Any) -> Any:
    """A row's values as JSON: dates and Decimals as text (``_typed`` reads them back), a
    parsed structure (a GeoJSON boundary) as it is — floats stay numbers, so the confirmation
    gets exactly what the check saw."""
    if isinstance(value, dict):
        return {str(k): _stored(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stored(v) for v in value]
    if isinstance(value, float | bool | int) or value is None:
        return value
    return jsonable(value)


def _typed(importer: Importer, values: dict[str, Any]) -> dict[str, Any]:
    """A stored row (JSON) back to the column types."""
    out = dict(values)
    for col in importer.columns:
        v = out.get(col.key)
        if v is None or col.parse is not None:
            continue
        if col.kind == "date" and isinstance(v, str):
            out[col.key] = dt.date.fromisoformat(v)
        elif col.kind == "decimal" and isinstance(v, str):
            out[col.key] = Decimal(v)
    return out


def _importer(kind: str, actor: Actor) -> Importer:
    importer = importers.get(kind)
    user = actor.user
    if importer is None or user is None or not user.is_authenticated:
        raise NotFound()
    if not importer.may_edit(user) or user.zone_id is None:
        raise Forbidden("not_editor", _("您没有导入该台账的权限"))
    return importer


def background(total_rows: int) -> bool:
    """Whether a file of this many rows is checked and written by the worker."""
    return total_rows > settings.IMPORT_BACKGROUND_ROWS


def import_check(*, actor: Actor, kind: str, file_name: str, content: bytes):
    """Check every row of the file (a dry run through the register's services) and keep the
    rows and the report in a batch. Writes nothing to the register. A large file is read now
    (a wrong header is refused at once) and queued for the worker's check."""
    from zonedesk.core.models import ImportBatch

    importer = _importer(kind, actor)
    zone_id = actor.user.zone_id
    rows, report, total = read_file(importer, content, zone_id)
    if not total:
        raise ValidationFailed({"file": _("文件中没有数据行")})
    queued = background(total)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            zone_id=zone_id,
            kind=kind,
            created_by=actor.user,
            file_name=file_name[:200],
            rows=[{"row": r["row"], "values": _stored(r["values"]), "bad": r["bad"]} for r in rows],
            report=report[:MAX_PROBLEMS],
            total_rows=total,
            status=ImportBatch.Status.QUEUED if queued else ImportBatch.Status.RUNNING,
            phase=ImportBatch.Phase.CHECK,
        )
        if queued:
            audit_record(actor=actor, action="import.queue", obj=batch,
                         after={"kind": kind, "rows": total, "phase": "check"})
            _enqueue(actor, batch.pk)
            return batch
        return _check_now(actor, importer, batch)


def _check_now(actor: Actor, importer: Importer, batch):
    """The dry run of a RUNNING batch and its report; the caller's transaction holds the batch."""
    from zonedesk.core.models import ImportBatch

    report = list(batch.report)
    counts: dict[str, int] = {}
    actions: dict[int, str] = {}
    try:
        with transaction.atomic():
            counts, problems, actions = _run(actor, importer, batch.zone_id, batch.rows)
            report.extend(problems)
            raise _DryRun
    except _DryRun:
        pass
    report.sort(key=lambda p: p["row"])
    for r in batch.rows:
        # "bad" (a cell that did not parse) is in the report now; a batch with a report is
        # never confirmed, so the confirmation needs only what each good row will do.
        r.pop("bad", None)
        if r["row"] in actions:
            r["action"] = actions[r["row"]]
    batch.report = report[:MAX_PROBLEMS]
    batch.status = ImportBatch.Status.CHECKED
    batch.result = {"good_rows": _written(counts), **counts}
    batch.save(update_fields=["rows", "report", "status", "result"])
    audit_record(
        actor=actor,
        action="import.check",
        obj=batch,
        after={"kind": batch.kind, "rows": batch.total_rows, "good_rows": _written(counts),
               "problems": len(report), **counts},
    )
    return batch


def _enqueue(actor: Actor, batch_id: int) -> None:
    """Hand the batch to the worker once the transaction that queued it commits."""
    if actor.user is None:  # _importer refused an anonymous actor already
        raise NotFound()
    user_id, ip = actor.user.pk, actor.ip

    def enqueue() -> None:
        from zonedesk.core.import_tasks import import_batch_run

        import_batch_run.enqueue(batch_id=batch_id, user_id=user_id, ip=ip)

    transaction.on_commit(enqueue)


def _locked_batch(actor: Actor, batch_id: int):
    from zonedesk.core.models import ImportBatch

    user = actor.user
    batch = (
        ImportBatch.objects.select_for_update()
        .filter(
            pk=batch_id,
            created_by_id=getattr(user, "pk", None),
            zone_id__in=getattr(user, "visible_zone_ids", []),
        )
        .first()
    )
    if batch is None:
        raise NotFound()
    if batch.status != ImportBatch.Status.CHECKED:
        raise Conflict(
            "batch_closed", _("该导入批次%(s)s，不能再确认或放弃") % {"s": batch.get_status_display()}
        )
    return batch


def import_confirm(*, actor: Actor, batch_id: int):
    """Write every row of a checked batch without problems: all of them or none. A large batch
    is queued for the worker (returned QUEUED); a small one is written now (IMPORTED)."""
    from zonedesk.core.models import ImportBatch

    with transaction.atomic():
        batch = _locked_batch(actor, batch_id)
        importer = _importer(batch.kind, actor)
        if batch.report:
            raise Conflict(
                "batch_has_problems",
                _("文件有 %(n)s 处问题，不能导入；请改正后重新上传") % {"n": len(batch.report)},
            )
        if background(batch.total_rows):
            batch.status = ImportBatch.Status.QUEUED
            batch.phase = ImportBatch.Phase.CONFIRM
            batch.result = {k: v for k, v in batch.result.items() if k != "error"}
            batch.save(update_fields=["status", "phase", "result"])
            audit_record(actor=actor, action="import.queue", obj=batch,
                         after={"kind": batch.kind, "rows": batch.total_rows, "phase": "confirm"})
            _enqueue(actor, batch.pk)
            return batch
        return _confirm_now(actor, importer, batch)


def _confirm_now(actor: Actor, importer: Importer, batch):
    """Write a batch the caller's transaction holds; any failing row rolls back every row."""
    from zonedesk.core.models import ImportBatch

    with transaction.atomic():
        counts, problems, _actions = _run(actor, importer, batch.zone_id, batch.rows)
        if problems:
            # The register changed since the check: the transaction rolls every row back.
            first = problems[0]
            raise ValidationFailed(
                {
                    "file": _("第 %(row)s 行“%(column)s”：%(reason)s（校验后台账已变化，本次未写入任何数据）")
                    % first
                }
            )
    batch.status = ImportBatch.Status.IMPORTED
    batch.phase = ImportBatch.Phase.CONFIRM
    batch.result = counts
    batch.save(update_fields=["status", "phase", "result"])
    audit_record(
        actor=actor, action="import.confirm", obj=batch,
        after={"kind": batch.kind, "rows": _written(counts), **counts},
    )
    return batch


def import_discard(*, actor: Actor, batch_id: int) -> None:
    from zonedesk.core.models import ImportBatch

    with transaction.atomic():
        batch = _locked_batch(actor, batch_id)
        batch.status = ImportBatch.Status.DISCARDED
        batch.save(update_fields=["status"])
        audit_record(actor=actor, action="import.discard", obj=batch, after={"kind": batch.kind})


def import_now(*, actor: Actor, kind: str, file_name: str, content: bytes) -> int:
    """Check and confirm in one call (the registers' API route): every row or none; the
    error names the row, the column and the rule."""
    from zonedesk.core.models import ImportBatch

    batch = import_check(actor=actor, kind=kind, file_name=file_name, content=content)
    if batch.status == ImportBatch.Status.QUEUED:
        # Nothing is written yet: the worker checks it; the caller follows the batch.
        raise ValidationFailed(
            {
                "file": _(
                    "文件超过 %(n)s 行，已转入后台校验（导入批次 %(id)s）；"
                    "请在 /api/imports/batches/%(id)s 查看并确认"
                )
                % {"n": settings.IMPORT_BACKGROUND_ROWS, "id": batch.pk}
            }
        )
    if batch.report:
        raise ValidationFailed(
            {"file": "；".join(_("第 %(row)s 行“%(column)s”：%(reason)s") % p for p in batch.report[:50])}
        )
    done = import_confirm(actor=actor, batch_id=batch.pk)
    return _written(done.result)


# --- plain registers (core/registers.py) ------------------------------------------------------


def lookup(model, zone_id: int, text: str):
    """The row of the zone whose name, title or credit code is ``text`` (None when none)."""
    qs = model._default_manager.filter(zone_id=zone_id)
    names = [f.name for f in model._meta.fields]
    for key in ("name", "title", "credit_code"):
        if key in names:
            obj = qs.filter(**{key: text}).first()
            if obj is not None:
                return obj
    return None


def _model_parse(field: models.Field) -> Callable[[Any, int], Any]:
    def parse(raw: Any, zone_id: int) -> Any:
        if _blank(raw):
            if isinstance(field, models.ManyToManyField):
                return []
            text_field = isinstance(field, models.CharField | models.TextField)
            return None if field.null else ("" if text_field else None)
        text = str(raw).strip()
        if isinstance(field, models.ManyToManyField):
            out = []
            for part in text.replace(",", "、").replace("，", "、").split("、"):
                obj = lookup(field.related_model, zone_id, part.strip())
                if obj is None:
                    raise ValueError(_("“%(v)s”不存在") % {"v": part.strip()})
                out.append(obj.pk)
            return out
        if isinstance(field, models.ForeignKey):
            obj = lookup(field.related_model, zone_id, text)
            if obj is None:
                raise ValueError(_("“%(v)s”不存在（填写名称或统一社会信用代码）") % {"v": text})
            return obj.pk
        if field.choices:
            return choice(field.choices)(raw, zone_id)
        if isinstance(field, models.DateField):
            return parse_cell("date", raw)
        if isinstance(field, models.DecimalField):
            value = parse_cell("decimal", raw)
            return value.quantize(Decimal(1).scaleb(-field.decimal_places))
        if isinstance(field, models.PositiveIntegerField | models.IntegerField):
            return parse_cell("int", raw)
        if isinstance(field, models.BooleanField):
            return parse_cell("bool", raw)
        return text

    return parse


def register_importer(register, *, kind: str, back: str) -> Importer:
    """The import of a plain register: its create form's fields are the columns and every row
    goes through ``register_create``."""
    from zonedesk.core.registers import register_create

    meta = register.model._meta

    def write_row(actor: Actor, zone_id: int, values: dict[str, Any]):
        data: dict[str, Any] = {}
        for name, value in values.items():
            field = meta.get_field(name)
            if isinstance(field, models.ManyToManyField):
                data[name] = list(field.related_model._default_manager.filter(pk__in=value or []))
            elif isinstance(field, models.ForeignKey):
                manager = field.related_model._default_manager
                data[name] = manager.filter(pk=value).first() if value is not None else None
            elif value is not None:
                data[name] = value
        data = {k: v for k, v in data.items() if v is not None}
        return register_create(actor=actor, register=register, data=data)

    return Importer(
        kind=kind,
        label=register.label,
        columns=tuple(
            ImportColumn(
                name,
                meta.get_field(name).verbose_name,
                required=not meta.get_field(name).blank,
                parse=_model_parse(meta.get_field(name)),
            )
            for name in register.fields
        ),
        write_row=write_row,
        may_edit=register.may_edit,
        back=back,
        back_args=(register.key,),
        note=gettext_lazy("关联的企业、高校院所等填写名称（企业也可填统一社会信用代码）。"),
    )


def register_importers(registers, *, ns: str) -> None:
    """Declare the import of every plain register of an app (kind ``<ns>-<key>``); called
    from the app's hooks so the pages and the API find them after any restart."""
    for key, register in registers.items():
        importers.register(register_importer(register, kind=f"{ns}-{key}", back=f"{ns}:register"))
