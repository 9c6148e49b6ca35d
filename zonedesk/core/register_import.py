"""Excel import of a register (see core/registers.py): the template's header row is the create
form's field labels; every row goes through ``register_create`` in one transaction, so a file
with any bad row writes nothing and the error names the row, the column and the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from zonedesk.core.actor import Actor
from zonedesk.core.errors import Forbidden, ValidationFailed
from zonedesk.core.registers import Register, register_create
from zonedesk.core.xlsx import workbook
from zonedesk.core.xlsx_read import bounded_rows, open_workbook

MAX_ROWS = 5_000


def _label(register: Register, name: str) -> str:
    return str(register.model._meta.get_field(name).verbose_name)


def template(register: Register) -> bytes:
    return workbook([(str(register.label), [_label(register, f) for f in register.fields], [])])


def _lookup(model, zone_id: int, text: str):
    qs = model._default_manager.filter(zone_id=zone_id)
    names = [f.name for f in model._meta.fields]
    for key in ("name", "title", "credit_code"):
        if key in names:
            obj = qs.filter(**{key: text}).first()
            if obj is not None:
                return obj
    return None


def _value(field: models.Field, raw: Any, zone_id: int) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if isinstance(field, models.ManyToManyField):
            return []
        return (
            None if field.null else ("" if isinstance(field, models.CharField | models.TextField) else None)
        )
    text = str(raw).strip()
    if isinstance(field, models.ManyToManyField):
        out = []
        for part in text.replace(",", "、").replace("，", "、").split("、"):
            obj = _lookup(field.related_model, zone_id, part.strip())
            if obj is None:
                raise ValueError(_("“%(v)s”不存在") % {"v": part.strip()})
            out.append(obj)
        return out
    if isinstance(field, models.ForeignKey):
        obj = _lookup(field.related_model, zone_id, text)
        if obj is None:
            raise ValueError(_("“%(v)s”不存在（填写名称或统一社会信用代码）") % {"v": text})
        return obj
    if field.choices:
        for value, label in field.choices:
            if text in (str(value), str(label)):
                return value
        raise ValueError(
            _("须为以下之一：%(c)s") % {"c": "、".join(str(label) for _v, label in field.choices)}
        )
    if isinstance(field, models.DateField):
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(_("日期格式须为 2026-01-31")) from exc
    if isinstance(field, models.DecimalField):
        try:
            return Decimal(text).quantize(Decimal(1).scaleb(-field.decimal_places))
        except InvalidOperation as exc:
            raise ValueError(_("须为数字")) from exc
    if isinstance(field, models.PositiveIntegerField | models.IntegerField):
        try:
            return int(Decimal(text))
        except InvalidOperation as exc:
            raise ValueError(_("须为整数")) from exc
    return text


def import_rows(*, actor: Actor, register: Register, content: bytes) -> int:
    """Create every row of the file or none; returns the number of rows created."""
    user = actor.user
    if user is None or not register.may_edit(user):
        raise Forbidden("not_editor", _("您没有登记该类信息的权限"))
    wb = open_workbook(content)
    rows = bounded_rows(wb.worksheets[0], MAX_ROWS)
    header = [str(h or "").strip() for h in next(rows, [])]
    by_label = {_label(register, f): f for f in register.fields}
    missing = [
        label
        for label, f in by_label.items()
        if not register.model._meta.get_field(f).blank and label not in header
    ]
    if missing:
        raise ValidationFailed({"file": _("缺少列：%(c)s（请使用导入模板）") % {"c": "、".join(missing)}})
    errors: list[str] = []
    count = 0
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            if count >= MAX_ROWS:
                raise ValidationFailed({"file": _("一次最多导入 %(n)s 行") % {"n": MAX_ROWS}})
            if not any(v not in (None, "") for v in row):
                continue
            data: dict[str, Any] = {}
            bad = len(errors)
            for label, raw in zip(header, row, strict=False):
                name = by_label.get(label)
                if name is None:
                    continue
                try:
                    data[name] = _value(register.model._meta.get_field(name), raw, user.zone_id)
                except ValueError as exc:
                    errors.append(_("第 %(r)s 行“%(c)s”：%(m)s") % {"r": number, "c": label, "m": exc})
            if len(errors) >= 50:
                break
            if len(errors) > bad:
                continue  # wrong cells: the row's rules are checked once the cells are right
            data = {k: v for k, v in data.items() if v is not None}
            try:
                register_create(actor=actor, register=register, data=data)
                count += 1
            except ValidationFailed as exc:
                for field, msg in exc.errors.items():
                    label = _label(register, field) if field in register.fields else field
                    errors.append(_("第 %(r)s 行“%(c)s”：%(m)s") % {"r": number, "c": label, "m": msg})
        if errors:
            raise ValidationFailed({"file": "；".join(errors[:50])})
        if not count:
            raise ValidationFailed({"file": _("文件中没有数据行")})
    return count
