"""一件事一次办 on the approval engine: one form, one checklist from the library, one
acceptance, parallel items on the working-day clock with 补正 pauses, the visit record, the
catalogue copied with each version."""

from __future__ import annotations

import pytest
from django.utils import timezone

from zonedesk.approvals.catalogue import current_version, item_revise
from zonedesk.approvals.models import ApprovalItem, ItemState, MaterialRecord
from zonedesk.approvals.package_models import PackageCase, PackageCaseItem, PackageCasePause, ServicePackage
from zonedesk.approvals.services import packages as services
from zonedesk.audit.models import AuditRecord
from zonedesk.core.actor import Actor
from zonedesk.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def act(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username))


def _package(code: str, zone: str = "LY") -> ServicePackage:
    return ServicePackage.objects.get(zone__code=zone, version__is_current=True, code=code)


def _reviewer(ai: PackageCaseItem) -> Actor:
    return Actor(
        user=User.objects.filter(department_id=ai.department_id, role_grants__role="reviewer").first()
    )


FORM = {"contact_name": "张明", "contact_phone": "13904210001", "summary": "设立分公司"}


def _submit(code: str = "QYKB", uploads=None) -> PackageCase:
    own = User.objects.get(username="enterprise").enterprise_id
    package = _package(code)
    if uploads is None:
        from zonedesk.approvals.models import MaterialType
        from zonedesk.approvals.packages import package_materials

        uploads = {
            mt.code: (f"{mt.code}.pdf", PDF)
            for mt in MaterialType.objects.filter(pk__in=list(package_materials(package)))
        }
    return services.package_case_submit(
        actor=act("enterprise"), enterprise_id=own, package_id=package.pk, form=FORM, uploads=uploads
    )


def test_every_zone_has_the_five_packages_in_its_current_catalogue() -> None:
    for zone in ("LY", "JP"):
        codes = set(
            ServicePackage.objects.filter(zone__code=zone, version__is_current=True).values_list(
                "code", flat=True
            )
        )
        assert codes == {"QYKB", "SDQR", "YGZP", "JYZX", "JGYS"}
    kb = _package("QYKB")
    assert kb.items.count() == 5 and kb.items.values("department").distinct().count() == 5
    reused = _package("JGYS").items.filter(approval_item__stage="complete")
    assert reused.exists() and reused.count() == _package("JGYS").items.count()
    assert set(_package("SDQR").items.values_list("approval_item__is_utility", flat=True)) == {True}


def test_one_form_one_checklist_one_acceptance_parallel_items(tmp_path) -> None:
    case = _submit()
    assert case.status == "submitted" and case.number.startswith("YJS")
    # one checklist: KB_ID is needed by all five items and listed once
    codes = list(case.materials.values_list("material_type__code", flat=True))
    assert len(codes) == len(set(codes)) and "KB_ID" in codes
    with pytest.raises(NotFound):  # a department with no item in the case does not see it
        services.package_case_accept(actor=act("reviewer"), case_id=case.pk)
    with pytest.raises(Forbidden):  # the leader sees it, only the window accepts
        services.package_case_accept(actor=act("leader"), case_id=case.pk)
    services.package_case_accept(actor=act("window"), case_id=case.pk)
    items = list(case.items.all())
    assert {i.state for i in items} == {"in_review"}
    assert len({i.started_at for i in items}) == 1  # one acceptance starts every clock at once
    assert all(i.due_date is not None for i in items)
    # the departments decide in parallel; the case completes with the last
    for i in items[:-1]:
        services.package_item_approve(actor=_reviewer(i), item_id=i.pk)
    case.refresh_from_db()
    assert case.status == "in_review"
    with pytest.raises(Forbidden):  # another department's reviewer
        services.package_item_approve(actor=_reviewer(items[0]), item_id=items[-1].pk)
    services.package_item_approve(actor=_reviewer(items[-1]), item_id=items[-1].pk)
    case.refresh_from_db()
    assert case.status == "completed" and case.completed_at is not None and case.visit_count == 0
    with pytest.raises(Conflict) as exc:
        services.package_item_approve(actor=_reviewer(items[0]), item_id=items[0].pk)
    assert exc.value.code in ("already_decided", "illegal_transition")


def test_the_library_is_reused_so_a_second_case_needs_no_upload() -> None:
    first = _submit()
    assert first.materials.filter(status="provided").count() == first.materials.count()
    services.package_case_refuse(actor=act("window"), case_id=first.pk, reason="测试")
    second = _submit(uploads={})
    assert set(second.materials.values_list("status", flat=True)) == {"reused"}
    services.package_case_accept(actor=act("window"), case_id=second.pk)


def test_acceptance_refused_while_a_required_material_is_missing() -> None:
    MaterialRecord.objects.filter(
        enterprise=User.objects.get(username="enterprise").enterprise, material_type__code__startswith="KB_"
    ).delete()
    case = _submit(uploads={})
    with pytest.raises(Conflict) as exc:
        services.package_case_accept(actor=act("window"), case_id=case.pk)
    assert exc.value.code == "materials_missing" and "法定代表人及股东身份证明" in exc.value.message
    mt = case.materials.filter(status="missing").first().material_type
    services.package_case_add_material(
        actor=act("enterprise"), case_id=case.pk, material_type_id=mt.pk, upload=("x.pdf", PDF)
    )
    assert case.materials.get(material_type=mt).status == "provided"


def test_supplement_pauses_the_clock_and_the_answer_resumes_it() -> None:
    case = _submit()
    services.package_case_accept(actor=act("window"), case_id=case.pk)
    ai = case.items.first()
    with pytest.raises(ValidationFailed) as exc:
        services.package_item_request_supplement(actor=_reviewer(ai), item_id=ai.pk, reason=" ")
    assert "reason" in exc.value.errors
    services.package_item_request_supplement(actor=_reviewer(ai), item_id=ai.pk, reason="住所证明不清晰")
    ai.refresh_from_db()
    assert ai.state == ItemState.SUPPLEMENT
    assert PackageCasePause.objects.filter(case_item=ai, end__isnull=True).count() == 1
    with pytest.raises(NotFound):  # another enterprise's login cannot answer
        services.package_item_answer_supplement(actor=act("jp-window"), item_id=ai.pk, answer="x")
    services.package_item_answer_supplement(actor=act("enterprise"), item_id=ai.pk, answer="已重新上传")
    ai.refresh_from_db()
    assert ai.state == ItemState.IN_REVIEW and not ai.pauses.filter(end__isnull=True).exists()
    assert AuditRecord.objects.filter(action="approvals.package_item.answer_supplement").exists()


def test_visits_are_counted_with_their_reason() -> None:
    case = _submit()
    with pytest.raises(ValidationFailed) as exc:
        services.package_case_visit_record(actor=act("window"), case_id=case.pk, visited_on=None, reason="")
    assert "reason" in exc.value.errors
    with pytest.raises(ValidationFailed):
        services.package_case_visit_record(
            actor=act("window"),
            case_id=case.pk,
            visited_on=timezone.localdate().replace(year=2099),
            reason="核验原件",
        )
    services.package_case_visit_record(
        actor=act("window"), case_id=case.pk, visited_on=None, reason="核验原件"
    )
    case.refresh_from_db()
    assert case.visit_count == 1 and case.visits.get().reason == "核验原件"


def test_bad_form_names_the_field_and_writes_nothing() -> None:
    own = User.objects.get(username="enterprise").enterprise_id
    before = PackageCase.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        services.package_case_submit(
            actor=act("enterprise"),
            enterprise_id=own,
            package_id=_package("QYKB").pk,
            form={"contact_name": "", "contact_phone": "1" * 30},
        )
    assert set(exc.value.errors) == {"contact_phone"}
    with pytest.raises(ValidationFailed) as exc:
        services.package_case_submit(
            actor=act("enterprise"), enterprise_id=own, package_id=_package("QYKB", "JP").pk, form=FORM
        )
    assert "package" in exc.value.errors
    assert PackageCase.objects.count() == before


def test_one_open_case_per_package_and_enterprise() -> None:
    _submit()
    with pytest.raises(Conflict) as exc:
        _submit()
    assert exc.value.code == "case_open"


def test_a_catalogue_revision_copies_the_packages_with_their_reused_items() -> None:
    zone_id = current_version(_package("QYKB").zone_id).zone_id
    old = current_version(zone_id)
    item = ApprovalItem.objects.get(version=old, code="B06")
    item_revise(actor=Actor.system("test"), item=item, changes={"promised_days": 2})
    new = current_version(zone_id)
    assert new.number == old.number + 1
    sdqr = ServicePackage.objects.get(version=new, code="SDQR")
    water = sdqr.items.get(code="B06")
    assert water.approval_item.version_id == new.pk and water.approval_item.promised_days == 2
    own = User.objects.get(username="enterprise").enterprise_id
    case = services.package_case_submit(
        actor=act("enterprise"), enterprise_id=own, package_id=sdqr.pk, form=FORM
    )
    assert case.items.get(package_item=water).limit_days == 2
    assert ServicePackage.objects.filter(version=new).count() == 5
    # a case started under the old version keeps its items
    assert ServicePackage.objects.filter(version=old).count() == 5


def test_dashboard_rate_of_cases_with_at_most_one_visit(client) -> None:
    import datetime as dt
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zonedesk.approvals.package_hooks import package_figures
    from zonedesk.core.figures import Period
    from zonedesk.core.tests.scope import client_for
    from zonedesk.organisation.models import Zone

    today = timezone.localdate()
    period = Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31), "")
    zone_ids = frozenset(Zone.objects.filter(code="LY").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        figures = {f.key: f for f in package_figures(zone_ids, period)}
    assert len(ctx) == 2
    done = PackageCase.objects.filter(zone_id__in=zone_ids, status="completed")
    assert figures["packages.completed.count"].value == done.count() == 3  # the demo's
    one = done.filter(visit_count__lte=1).count()
    assert figures["packages.at_most_one_visit.rate"].value == (Decimal(one * 100) / 3).quantize(
        Decimal("0.1")
    )
    assert figures["packages.no_visit.count"].value == done.filter(visit_count=0).count() == 1
    c = client_for(client, "leader")
    body = c.get("/dashboard/").content.decode()
    assert "最多跑一次率" in body
    listed = c.get(figures["packages.at_most_one_visit.rate"].url).context["page"].paginator.count
    assert listed == one


def test_workbench_shows_each_role_its_package_todos(client) -> None:
    from zonedesk.core.tests.scope import client_for

    _submit()
    assert "一件事待受理" in client_for(client, "window").get("/").content.decode()
    assert "请补正" in client_for(client, "enterprise").get("/").content.decode()  # the demo's open case
