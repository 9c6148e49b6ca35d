"""Writes to the investment pipeline. Each function validates, locks, writes and audits in one
transaction; a refused call changes nothing and writes no audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.audit.services import audit_record
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.core.jsonable import diff, snapshot
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User, Zone
from zonedesk.organisation.roles import Role
from zonedesk.parks.models import Park
from zonedesk.projects import rules
from zonedesk.projects.cleaning import STEWARD_FIELDS, Lookups, clean_history, clean_project, gate_values
from zonedesk.projects.models import (
    IndustryChain,
    LeadSource,
    Project,
    ProjectDocument,
    StageMove,
    StewardAssignment,
    StewardRole,
)

EDITOR_ROLES = frozenset({Role.INVESTMENT_OFFICER})
PROJECT_FIELDS = (
    "name",
    "investor_name",
    "enterprise_id",
    "chain_id",
    "total_investment",
    "yearly_investment",
    "lead_source",
    "park_id",
    "parcel",
    "expected_output",
    "expected_tax",
    "expected_jobs",
    "project_code",
    "is_key",
    "self_built",
    "expected_completion",
    "note",
    "parent_id",
)
HISTORY_FIELDS = (
    "stage",
    "entered_on",
    "negotiating_on",
    "signed_on",
    "started_on",
    "production_on",
    "partial_use",
    "partial_use_on",
)


def require_editor(actor: Actor, zone_id: int) -> None:
    if actor.user is None and actor.channel == "command":
        return  # management commands (demo_load) run as the deployment operator
    user = actor.user
    if user is None or zone_id not in user.visible_zone_ids:
        raise NotFound()
    if not user.has_role(*EDITOR_ROLES):
        raise Forbidden("forbidden", _("只有招商专员可以维护招商项目"))


def is_steward_of(user: User, project: Project) -> bool:
    return user.pk in {getattr(project, f"{f}_id") for f in STEWARD_FIELDS}


def require_handler(actor: Actor, project: Project) -> None:
    """Stage moves and documents: the investment officer or one of the project's stewards."""
    user = actor.user
    if user is None:
        raise NotFound()
    if not (user.has_role(*EDITOR_ROLES) or (user.has_role(Role.STEWARD) and is_steward_of(user, project))):
        raise Forbidden("forbidden", _("只有招商专员和本项目的管家可以办理"))


def lookups_for(zone_id: int) -> Lookups:
    enterprises: dict[str, int] = {}
    for pk, name, code in Enterprise.objects.filter(zone_id=zone_id).values_list("pk", "name", "credit_code"):
        enterprises[name] = pk
        enterprises[code] = pk
    stewards: dict[str, int] = {}
    for pk, username, full_name in User.objects.filter(
        zone_id=zone_id, role_grants__role=Role.STEWARD, is_active=True
    ).values_list("pk", "username", "full_name"):
        stewards[username] = pk
        if full_name:
            stewards.setdefault(full_name, pk)
    sources = {str(label): value for value, label in LeadSource.choices}
    sources.update({value: value for value in LeadSource.values})
    return Lookups(
        chains=dict(IndustryChain.objects.filter(zone_id=zone_id, is_active=True).values_list("name", "id")),
        parks=dict(Park.objects.filter(zone_id=zone_id).values_list("name", "id")),
        enterprises=enterprises,
        stewards=stewards,
        projects=dict(Project.objects.filter(zone_id=zone_id).values_list("name", "id")),
        lead_sources=sources,
        today=timezone.localdate(),
    )


def _locked(actor: Actor, project_id: int) -> Project:
    row = (
        (Project.objects.visible_to(actor.user).select_for_update().filter(pk=project_id).first())
        if actor.user
        else None
    )
    if row is None:
        raise NotFound()
    return row


def _duplicates(zone_id: int, clean: Mapping[str, Any], exclude: int | None = None) -> dict[str, str]:
    errors = {}
    others = Project.objects.filter(zone_id=zone_id).exclude(pk=exclude)
    if clean.get("name") and others.filter(name=clean["name"]).exists():
        errors["name"] = _("本园区已有同名项目")
    if clean.get("project_code") and others.filter(project_code=clean["project_code"]).exists():
        errors["project_code"] = _("该投资项目代码已登记在另一个项目下")
    return errors


def _record_move(
    actor: Actor, project: Project, from_stage: str, to_stage: str, on: dt.date, note: str = ""
) -> StageMove:
    return StageMove.objects.create(
        zone_id=project.zone_id,
        project=project,
        from_stage=from_stage,
        to_stage=to_stage,
        moved_on=on,
        actor=actor.user,
        actor_name=actor.display[:100],
        note=note,
    )


def project_create(*, actor: Actor, zone: Zone, data: Mapping[str, Any]) -> Project:
    """A new lead enters the pipeline in 储备 on ``entered_on`` (default today)."""
    require_editor(actor, zone.pk)
    lookups = lookups_for(zone.pk)
    clean, errors = clean_project(data, lookups)
    entered_on = data.get("entered_on") or lookups.today
    if isinstance(entered_on, dt.date) and entered_on > lookups.today:
        errors["entered_on"] = _("入库日期不能晚于今天")
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        errors = _duplicates(zone.pk, clean)
        if errors:
            raise ValidationFailed(errors, code="duplicate")
        project = Project(zone=zone, entered_on=entered_on, **clean)
        try:
            with transaction.atomic():
                project.save()
        except IntegrityError as exc:
            raise ValidationFailed(
                {"name": _("本园区已有同名项目或相同的投资项目代码")}, code="duplicate"
            ) from exc
        _record_move(actor, project, "", rules.RESERVE, entered_on, _("入库"))
        audit_record(
            actor=actor,
            action="project.create",
            obj=project,
            after=snapshot(project, [*PROJECT_FIELDS, "entered_on", "stage"]),
        )
    return project


def project_update(*, actor: Actor, project_id: int, data: Mapping[str, Any], version: int) -> Project:
    with transaction.atomic():
        project = _locked(actor, project_id)
        require_editor(actor, project.zone_id)
        if project.version != version:
            raise Conflict(
                "stale_version",
                _("该项目已被他人修改（当前版本 %(now)s，您编辑的是版本 %(old)s），请刷新后再修改")
                % {"now": project.version, "old": version},
            )
        lookups = lookups_for(project.zone_id)
        clean, errors = clean_project(data, lookups, partial=True)
        if clean.get("parent_id") == project.pk:
            errors["parent"] = _("项目不能是自己的补链延链项目")
        errors.update(_duplicates(project.zone_id, clean, exclude=project.pk))
        # A project past a gate keeps what the gate asked for: clearing it would leave a
        # signed project without an investor, a started one without its code.
        merged = {**gate_values(project), **{k.removesuffix("_id"): v for k, v in clean.items()}}
        present = rules.present_fields(merged)
        for stage in rules.STAGES[1 : rules.STAGES.index(project.stage) + 1]:
            for f in rules.GATES[stage].fields:
                if f not in present and f != "site":
                    errors.setdefault(
                        f,
                        _("项目已到“%(stage)s”阶段，不能清空%(field)s")
                        % {"stage": _(rules.STAGE_LABELS[project.stage]), "field": _(rules.FIELD_LABELS[f])},
                    )
        if errors:
            raise ValidationFailed(errors)
        before = snapshot(project, list(PROJECT_FIELDS))
        for key, value in clean.items():
            setattr(project, key, value)
        b, a = diff(before, snapshot(project, list(PROJECT_FIELDS)))
        if not a:
            return project
        project.version += 1
        try:
            with transaction.atomic():
                project.save()
        except IntegrityError as exc:
            raise ValidationFailed(
                {"name": _("本园区已有同名项目或相同的投资项目代码")}, code="duplicate"
            ) from exc
        audit_record(
            actor=actor,
            action="project.update",
            obj=project,
            before={**b, "version": version},
            after={**a, "version": project.version},
        )
    return project


def project_move(
    *, actor: Actor, project_id: int, to_stage: str, on: dt.date | None = None, note: str = ""
) -> Project:
    """Move a project to its next stage on ``on`` (default today), through the stage's gate."""
    with transaction.atomic():
        project = _locked(actor, project_id)
        require_handler(actor, project)
        today = timezone.localdate()
        on = on or today
        problem = rules.move_problem(
            project.stage, to_stage, on=on, previous=project.stage_since, today=today
        )
        if problem:
            raise Conflict("bad_move", problem)
        documents = set(project.documents.values_list("kind", flat=True))
        missing = rules.missing_for(to_stage, rules.present_fields(gate_values(project)), documents)
        if missing:
            raise Conflict(
                "gate",
                _("转入“%(stage)s”前还缺少：%(missing)s")
                % {"stage": _(rules.STAGE_LABELS[to_stage]), "missing": _("、").join(_(m) for m in missing)},
            )
        from_stage = project.stage
        date_field = rules.STAGE_DATE[to_stage]
        project.stage = to_stage
        setattr(project, date_field, on)
        project.version += 1
        project.save(update_fields=["stage", date_field, "version", "updated_at"])
        _record_move(actor, project, from_stage, to_stage, on, note[:300])
        audit_record(
            actor=actor,
            action="project.move",
            obj=project,
            before={"stage": from_stage},
            after={"stage": to_stage, date_field: on.isoformat()},
            message=note[:500],
        )
        if to_stage == rules.SIGNED:
            # The signed agreement's promises of the zone (要素保障) go on the commitment
            # register in the same transaction: no signing without them.
            from zonedesk.commitments.services import agreement_commitments_create

            agreement_commitments_create(actor=actor, project=project)
    return project


def project_partial_use(*, actor: Actor, project_id: int, on: dt.date | None = None) -> Project:
    """Part of a project under construction is in use (部分投用): a flag and its date."""
    with transaction.atomic():
        project = _locked(actor, project_id)
        require_handler(actor, project)
        today = timezone.localdate()
        on = on or today
        if project.stage != rules.BUILDING:
            raise Conflict("bad_move", _("只有开工建设中的项目可以登记部分投用"))
        if project.partial_use:
            raise Conflict("already", _("该项目已登记部分投用（%(on)s）") % {"on": project.partial_use_on})
        if on > today or (project.started_on and on < project.started_on):
            raise ValidationFailed({"on": _("部分投用日期应在开工日期与今天之间")})
        project.partial_use, project.partial_use_on = True, on
        project.version += 1
        project.save(update_fields=["partial_use", "partial_use_on", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="project.partial_use",
            obj=project,
            before={"partial_use": False},
            after={"partial_use": True, "partial_use_on": on.isoformat()},
        )
    return project


def project_steward_assign(
    *,
    actor: Actor,
    project_id: int,
    role: str,
    user_id: int | None,
    on: dt.date | None = None,
    note: str = "",
) -> Project:
    """Give one steward role of a project to a person (or leave it open): the previous
    holder's assignment ends on ``on`` and a new one starts."""
    if role not in StewardRole.values:
        raise ValidationFailed({"role": _("职责应为项目管家、环保管家、安全管家或项目助手")})
    with transaction.atomic():
        project = _locked(actor, project_id)
        require_editor(actor, project.zone_id)
        today = timezone.localdate()
        on = on or today
        if on > today:
            raise ValidationFailed({"on": _("分配日期不能晚于今天")})
        if (
            user_id is not None
            and not User.objects.filter(
                pk=user_id, zone_id=project.zone_id, is_active=True, role_grants__role=Role.STEWARD
            ).exists()
        ):
            raise ValidationFailed({"user": _("所选人员不是本园区的管家")})
        current = getattr(project, f"{role}_id")
        if current == user_id:
            raise Conflict("unchanged", _("该职责已由此人担任"))
        open_row = (
            StewardAssignment.objects.select_for_update()
            .filter(project=project, role=role, end_on__isnull=True)
            .first()
        )
        if open_row is not None:
            if on < open_row.start_on:
                raise ValidationFailed(
                    {"on": _("分配日期不能早于上一任的起始日期 %(d)s") % {"d": open_row.start_on}}
                )
            open_row.end_on = on
            open_row.save(update_fields=["end_on"])
        if user_id is not None:
            StewardAssignment.objects.create(
                zone_id=project.zone_id,
                project=project,
                role=role,
                user_id=user_id,
                start_on=on,
                assigned_by=actor.user,
                note=note[:200],
            )
        setattr(project, f"{role}_id", user_id)
        project.version += 1
        project.save(update_fields=[f"{role}_id", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="project.steward_assign",
            obj=project,
            before={role: current},
            after={role: user_id, "on": on.isoformat()},
            message=note[:500],
        )
    return project


def project_document_add(
    *, actor: Actor, project_id: int, kind: str, title: str, upload: Any
) -> ProjectDocument:
    from zonedesk.files.services import file_store
    from zonedesk.projects.models import DocumentKind

    if kind not in DocumentKind.values:
        raise ValidationFailed({"kind": _("材料类别无效")})
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise ValidationFailed({"title": _("请填写材料标题（不超过 120 字）")})
    with transaction.atomic():
        project = _locked(actor, project_id)
        require_handler(actor, project)
        stored = file_store(actor=actor, zone_id=project.zone_id, upload=upload)
        doc = ProjectDocument.objects.create(
            zone_id=project.zone_id,
            project=project,
            kind=kind,
            title=title,
            file=stored,
            uploaded_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="project.document_add",
            obj=project,
            after={"document": doc.pk, "kind": kind, "title": title, "file": stored.sha256},
        )
    return doc


# ---------------------------------------------------------------------------------------------
# Writing many rows: the Excel import and the demo load.


def project_rows_write(
    *, actor: Actor, zone_id: int, rows: list[dict[str, Any]], note: str
) -> dict[str, int]:
    """Write checked rows (cleaned values): create or update by 投资项目代码, else by name.

    New projects and their history are inserted in bulk (one audit row per project, as the
    single-project services write); must run inside the caller's transaction.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    codes = [r["project_code"] for r in rows if r.get("project_code")]
    names = [r["name"] for r in rows]
    current = list(
        Project.objects.select_for_update()
        .filter(zone_id=zone_id)
        .filter(Q(project_code__in=codes) | Q(name__in=names))
        .order_by("pk")
    )
    by_code = {p.project_code: p for p in current if p.project_code}
    by_name = {p.name: p for p in current}
    new: list[Project] = []
    for row in rows:
        found = by_code.get(row.get("project_code") or "\0") or by_name.get(row["name"])
        values = {
            k: row[k]
            for k in (*PROJECT_FIELDS, *HISTORY_FIELDS, *(f"{f}_id" for f in STEWARD_FIELDS))
            if k in row
        }
        if found is None:
            new.append(Project(zone_id=zone_id, **values))
            continue
        before = snapshot(found, list(PROJECT_FIELDS))
        for key in PROJECT_FIELDS:
            if key in values:
                setattr(found, key, values[key])
        b, a = diff(before, snapshot(found, list(PROJECT_FIELDS)))
        if not a:
            counts["unchanged"] += 1
            continue
        old = found.version
        found.version += 1
        found.save()
        audit_record(
            actor=actor,
            action="project.update",
            obj=found,
            before={**b, "version": old},
            after={**a, "version": found.version},
            message=note,
        )
        counts["updated"] += 1
    Project.objects.bulk_create(new)
    created = {p.name: p for p in Project.objects.filter(zone_id=zone_id, name__in=[p.name for p in new])}
    moves, assignments = [], []
    for p in new:
        p = created[p.name]
        previous = ""
        for stage in rules.STAGES:
            on = getattr(p, rules.STAGE_DATE[stage])
            if on is None:
                break
            moves.append(
                StageMove(
                    zone_id=zone_id,
                    project=p,
                    from_stage=previous,
                    to_stage=stage,
                    moved_on=on,
                    actor=actor.user,
                    actor_name=actor.display[:100],
                    note=note,
                )
            )
            previous = stage
        for role in STEWARD_FIELDS:
            uid = getattr(p, f"{role}_id")
            if uid:
                assignments.append(
                    StewardAssignment(
                        zone_id=zone_id,
                        project=p,
                        role=role,
                        user_id=uid,
                        start_on=p.signed_on or p.entered_on,
                        assigned_by=actor.user,
                        note=note,
                    )
                )
        audit_record(
            actor=actor,
            action="project.create",
            obj=p,
            after=snapshot(p, [*PROJECT_FIELDS, *HISTORY_FIELDS]),
            message=note,
        )
        counts["created"] += 1
    StageMove.objects.bulk_create(moves)
    StewardAssignment.objects.bulk_create(assignments)
    return counts


def check_rows(raw_rows: list[tuple[int, dict[str, Any]]], lookups: Lookups) -> tuple[list[dict], list[dict]]:
    """Check every row (project fields and history); duplicates inside the file are errors."""
    good, report = [], []
    seen_names: set[str] = set()
    seen_codes: set[str] = set()
    for number, raw in raw_rows:
        clean, errors = clean_project(raw, lookups)
        history, herrors = clean_history(raw, lookups)
        errors.update(herrors)
        if clean.get("name") in seen_names:
            errors["name"] = _("文件中项目名称重复")
        if clean.get("project_code") and clean["project_code"] in seen_codes:
            errors["project_code"] = _("文件中投资项目代码重复")
        stage = history.get("stage", rules.RESERVE)
        if not errors and stage != rules.RESERVE:
            values = {
                **{k.removesuffix("_id"): v for k, v in clean.items()},
                **{k.removesuffix("_id"): v for k, v in history.items() if k.endswith("_id")},
            }
            present = rules.present_fields(values)
            for s in rules.STAGES[1 : rules.STAGES.index(stage) + 1]:
                for f in rules.GATES[s].fields:
                    if f not in present:
                        errors.setdefault(
                            f,
                            _("阶段为“%(stage)s”时须填写%(field)s")
                            % {"stage": _(rules.STAGE_LABELS[stage]), "field": _(rules.FIELD_LABELS[f])},
                        )
        if errors:
            report.extend({"row": number, "column": k, "reason": v} for k, v in errors.items())
            continue
        seen_names.add(clean["name"])
        if clean.get("project_code"):
            seen_codes.add(clean["project_code"])
        good.append({**clean, **history, "row_number": number})
    return good, report


def project_bulk_load(
    *, actor: Actor, zone: Zone, raw_rows: list[dict[str, Any]], note: str
) -> dict[str, int]:
    """Check and write rows in one step (the demo load); refuses all if any row is bad."""
    require_editor(actor, zone.pk)
    good, report = check_rows(list(enumerate(raw_rows, start=1)), lookups_for(zone.pk))
    if report:
        first = report[0]
        raise ValidationFailed({first["column"]: _("第 %(row)s 行：%(reason)s") % first})
    with transaction.atomic():
        return project_rows_write(actor=actor, zone_id=zone.pk, rows=good, note=note)
