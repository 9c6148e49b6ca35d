"""The one form per stage (一张表单): the union of the stage's items' declared fields, prefilled
from the enterprise register, the project and earlier stages' forms; after acceptance a value
changes only through an open 补正, and every change is kept (FormChange)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zonedesk.approvals import ports
from zonedesk.approvals.models import Application, ApplicationStatus, ConstructionProject
from zonedesk.approvals.rules import FieldSpec, clean_form, parcel_facts, prefill_value, stage_fields
from zonedesk.approvals.services._common import _locked_application, _now
from zonedesk.approvals.stage_models import FormChange, ItemField, SupplementRequest, SupplementStatus
from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, ValidationFailed

# Keys the form keeps besides the declared fields.
FREE_KEYS = ("note",)


def field_specs(version_id: int, stage: str, item_ids=None) -> list[FieldSpec]:
    """The stage form's fields (each key once) for a catalogue version, or only those the given
    catalogue items use (what one reviewer sees)."""
    qs = ItemField.objects.filter(item__version_id=version_id, item__stage=stage)
    if item_ids is not None:
        qs = qs.filter(item_id__in=list(item_ids))
    rows = qs.select_related("item").order_by("item__sort", "sort", "key")
    return stage_fields(
        FieldSpec(
            key=f.key,
            label=f.label,
            type=f.type,
            unit=f.unit,
            required=f.required,
            pattern=f.pattern,
            min_value=f.min_value,
            max_value=f.max_value,
            choices=tuple(f.choices or ()),
            prefill=f.prefill,
            items=(f.item.name,),
        )
        for f in rows
    )


def prefill_for(project: ConstructionProject, stage: str, specs: list[FieldSpec]) -> dict[str, Any]:
    """Values known before the applicant types anything: the enterprise register, the project,
    the land register's parcels of its site, and the forms of its earlier stages (the latest
    application of each)."""
    enterprise = project.enterprise
    ent = {"name": enterprise.name, "credit_code": enterprise.credit_code}
    proj = {"name": project.name, "code": project.code, "parcels": project.parcels}
    wants_parcel = any(s.prefill.startswith("parcel.") for s in specs)
    parcel = parcel_facts(ports.parcels_of(project)) if wants_parcel else {}
    earlier: dict[str, Any] = {}
    for form in (
        Application.objects.filter(project=project)
        .exclude(stage=stage)
        .exclude(status__in=[ApplicationStatus.REFUSED, ApplicationStatus.TERMINATED])
        .order_by("submitted_at", "id")
        .values_list("form", flat=True)
    ):
        earlier.update({k: v for k, v in (form or {}).items() if v not in (None, "")})
    out: dict[str, Any] = {}
    for spec in specs:
        value = prefill_value(spec.prefill, ent, proj, earlier, parcel) if spec.prefill else None
        if value in (None, ""):
            value = earlier.get(spec.key)
        if value not in (None, ""):
            out[spec.key] = value
    return out


def stage_form_clean(
    project: ConstructionProject, stage: str, version_id: int, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The form to store for a new application: the declared fields (blank ones prefilled),
    checked; unknown keys are refused by name."""
    specs = field_specs(version_id, stage)
    keys = {s.key for s in specs}
    unknown = sorted(k for k in data if k not in keys and k not in FREE_KEYS)
    if unknown:
        raise ValidationFailed({"form": _("本阶段表单没有这些字段：%(k)s") % {"k": "、".join(unknown)}})
    merged = {**prefill_for(project, stage, specs), **{k: v for k, v in data.items() if v not in (None, "")}}
    clean, errors = clean_form(specs, merged)
    if errors:
        raise ValidationFailed(errors)
    note = str(data.get("note") or "").strip()[:500]
    return {**clean, **({"note": note} if note else {})}


def application_form_amend(*, actor: Actor, application_id: int, values: Mapping[str, Any]) -> Application:
    """Change values of the stage form. Before acceptance freely; after acceptance only while a
    补正 is open (the change is tied to it). Every changed key is kept with its old value."""
    with transaction.atomic():
        app = _locked_application(actor, application_id)
        acting = ports.acting_for(actor, app.project.enterprise_id, "approvals.supplement")
        supplement = None
        if app.status == ApplicationStatus.IN_REVIEW:
            supplement = (
                SupplementRequest.objects.filter(application=app, status=SupplementStatus.NOTIFIED)
                .order_by("-requested_at")
                .first()
            )
            if supplement is None:
                raise Conflict("form_locked", _("申请已受理，申请表只能在补正时修改"))
        elif app.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.WINDOW_SUPPLEMENT):
            raise Conflict(
                "form_locked", _("申请已%(s)s，申请表不能再修改") % {"s": app.get_status_display()}
            )
        specs = field_specs(app.version_id, app.stage)
        keys = {s.key for s in specs}
        unknown = sorted(k for k in values if k not in keys)
        if unknown:
            raise ValidationFailed({"form": _("本阶段表单没有这些字段：%(k)s") % {"k": "、".join(unknown)}})
        merged = {**(app.form or {}), **values}
        clean, errors = clean_form(specs, merged)
        errors = {k: v for k, v in errors.items() if k in values}
        if errors:
            raise ValidationFailed(errors)
        old = dict(app.form or {})
        changed = {k: clean.get(k) for k in values if old.get(k) != clean.get(k)}
        if not changed:
            raise ValidationFailed({"form": _("没有修改任何字段")})
        now = _now()
        FormChange.objects.bulk_create(
            [
                FormChange(
                    zone_id=app.zone_id,
                    application=app,
                    key=k,
                    before=old.get(k),
                    after=v,
                    changed_at=now,
                    changed_by=acting.display,
                    supplement=supplement,
                )
                for k, v in changed.items()
            ]
        )
        form = {**old, **changed}
        app.form = {k: v for k, v in form.items() if v not in (None, "")}
        app.save(update_fields=["form"])
        audit_record(
            actor=acting,
            action="approvals.application.form_amend",
            obj=app,
            before={k: old.get(k) for k in changed},
            after={**changed, "supplement": supplement.pk if supplement else None},
        )
    return app
