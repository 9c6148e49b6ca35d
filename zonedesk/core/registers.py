"""Plain registers (reference-like data a capability keeps: institutions, experts, donations...):
one declaration gives the list page, the create form, the Excel export and the audited create
service, with the zone and role rules in one place.

Workflows (a challenge's milestones and acceptance, an appraisal) are not registers: they call
their own services. A register only creates rows; its form checks shapes, ``register_create``
checks the model's constraints and that every referenced row is in the same zone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Forbidden, ValidationFailed
from zonedesk.core.jsonable import snapshot

Column = tuple[str | Promise, Callable[[Any], Any]]


@dataclass(frozen=True)
class Register:
    key: str  # URL and API segment: "institutions"
    label: str | Promise
    model: type[models.Model]
    fields: tuple[str, ...]  # the create form's fields, in order
    columns: tuple[Column, ...]  # the list and the export
    viewer_roles: frozenset[str]
    editor_roles: frozenset[str]
    private_columns: tuple[Column, ...] = ()  # personal data: editors only
    search: tuple[str, ...] = ("name",)
    order: tuple[str, ...] = ("-id",)
    related: tuple[str, ...] = ()  # select_related for the list
    prefetch: tuple[str, ...] = ()  # prefetch_related for the list (many-to-many columns)
    note: str | Promise = ""
    widgets: Mapping[str, Any] = field(default_factory=dict)

    def may_view(self, user) -> bool:
        return user.is_authenticated and bool(user.roles & self.viewer_roles)

    def may_edit(self, user) -> bool:
        return user.is_authenticated and bool(user.roles & self.editor_roles) and user.zone_id is not None

    def queryset(self, user):
        if not self.may_view(user):
            return self.model._default_manager.none()
        return (
            self.model._default_manager.filter(zone_id__in=user.visible_zone_ids)
            .select_related(*self.related)
            .order_by(*self.order)
        )

    def columns_for(self, user) -> tuple[Column, ...]:
        return self.columns + (self.private_columns if self.may_edit(user) else ())

    def form_class(self) -> type[forms.ModelForm]:
        return forms.modelform_factory(self.model, fields=self.fields, widgets=dict(self.widgets))

    def form(self, user, data=None) -> forms.ModelForm:
        """The create form, with every choice of a zone-owned row limited to the user's zone."""
        form = self.form_class()(data)
        for f in form.fields.values():
            qs = getattr(f, "queryset", None)
            if qs is not None and any(x.name == "zone" for x in qs.model._meta.fields):
                f.queryset = qs.filter(zone_id=user.zone_id)
        return form


def register_create(*, actor: Actor, register: Register, data: Mapping[str, Any]) -> models.Model:
    """Create one row of a register in the actor's zone: validate (model constraints, same-zone
    references), save, audit — one transaction."""
    user = actor.user
    if user is None or not register.may_edit(user):
        raise Forbidden("not_editor", _("您没有登记该类信息的权限"))
    m2m = {
        k: v for k, v in data.items() if isinstance(register.model._meta.get_field(k), models.ManyToManyField)
    }
    plain = {k: v for k, v in data.items() if k not in m2m}
    instance = register.model(zone_id=user.zone_id, **plain)
    errors: dict[str, str] = {}
    for name, value in list(plain.items()) + [(k, x) for k, vs in m2m.items() for x in vs]:
        if isinstance(value, models.Model) and hasattr(value, "zone_id") and value.zone_id != user.zone_id:
            errors[name] = _("只能选择本园区的记录")
    try:
        instance.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for name, msgs in exc.message_dict.items():
            errors.setdefault(name if name != "__all__" else "form", "；".join(msgs))
    for constraint in register.model._meta.constraints:
        # Each constraint on its own, so the error names the field the rule is about.
        try:
            constraint.validate(register.model, instance)
        except ValidationError as exc:
            errors.setdefault(_constraint_field(constraint), "；".join(exc.messages))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        instance.save()
        for name, values in m2m.items():
            getattr(instance, name).set(values)
        after = snapshot(instance)
        after.update({k: sorted(v.pk for v in vs) for k, vs in m2m.items()})
        audit_record(
            actor=actor, action=f"{register.model._meta.label_lower}.create", obj=instance, after=after
        )
    return instance


def _constraint_field(constraint) -> str:
    """The field a constraint is about: a unique constraint's last field, else the first field
    its condition names."""
    fields = getattr(constraint, "fields", None)
    if fields:
        return fields[-1]
    stack = [getattr(constraint, "condition", None)]
    while stack:
        node = stack.pop(0)
        for child in getattr(node, "children", []):
            if isinstance(child, tuple):
                return child[0].split("__")[0]
            stack.append(child)
    return "form"


def register_rows(register: Register, user, qs) -> Sequence[list[Any]]:
    cols = register.columns_for(user)
    return ([fn(obj) for _label, fn in cols] for obj in qs)
