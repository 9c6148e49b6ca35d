"""The one form per stage (issue 9, point 3): every field the catalogue declares required is
required, the page lists every missing or invalid field at once and keeps what was typed, and
the form is prefilled from the land register's parcels of the site (by code, linked, or the
pipeline project's parcel)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from zonedesk.approvals import services
from zonedesk.approvals.models import ConstructionProject, Stage
from zonedesk.approvals.stage_models import ItemField
from zonedesk.approvals.tests.conftest import actor, counts, new_project, stage_values
from zonedesk.core.errors import ValidationFailed
from zonedesk.land.models import LandUse, Parcel
from zonedesk.organisation.models import User

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    c = Client()
    c.force_login(User.objects.get(username=username))
    return c


def _parcel(code: str, area_m2: str, **kw) -> Parcel:
    from zonedesk.organisation.models import Zone

    return Parcel.objects.create(
        zone=Zone.objects.get(code="LY"), code=code, area_mu=Decimal(area_m2) / Decimal("666.67"),
        area_m2=Decimal(area_m2), **kw,
    )


def _form(project: ConstructionProject, stage: str = "land") -> dict[str, str | None]:
    body = _client("enterprise").get(f"/api/approvals/projects/{project.pk}/stage-form?stage={stage}").json()
    return {f["key"]: f["value"] for f in body["fields"]}


def test_every_declared_required_field_is_required_and_all_are_named_at_once() -> None:
    project = new_project(["ZZ-01"])  # no parcel of the register: nothing to prefill from land
    required = set(
        ItemField.objects.filter(item__version__zone__code="LY", item__version__is_current=True,
                                 item__stage=Stage.LAND, required=True).values_list("key", flat=True)
    )
    # beyond the registers' own fields, the data the items decide on
    assert {"total_investment_wan", "land_area_m2", "plot_ratio", "land_use", "site_location"} <= required
    before = counts()
    with pytest.raises(ValidationFailed) as exc:
        services.application_submit(
            actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND,
            form={"total_investment_wan": "-5", "plot_ratio": "x"},
        )
    errors = exc.value.errors
    assert "不能小于" in errors["total_investment_wan"] and "应为数值" in errors["plot_ratio"]
    for key in ("land_area_m2", "land_use", "site_location"):
        assert "必填" in errors[key], key
    assert counts() == before  # nothing half-written
    # A field the catalogue declares optional is not asked for
    ItemField.objects.filter(item__version__zone__code="LY", key="plot_ratio").update(required=False)
    values = {k: v for k, v in stage_values(Stage.LAND).items() if k != "plot_ratio"}
    app = services.application_submit(actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND,
                                      form=values)
    assert "plot_ratio" not in app.form and app.form["total_investment_wan"] == "18000"


def test_the_page_lists_every_problem_and_keeps_the_values() -> None:
    project = new_project(["ZZ-02"])
    response = _client("enterprise").post(
        f"/approvals/projects/{project.pk}/apply/",
        {"stage": "land", "total_investment_wan": "12500", "plot_ratio": "99", "site_location": "河东片区"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    for message in ("「容积率」不能大于 20", "「用地面积」为必填项", "「土地用途」为必填项"):
        assert message in html, message
    assert 'value="12500"' in html and 'value="河东片区"' in html and 'value="99"' in html
    assert not project.applications.exists()


def test_the_form_is_prefilled_from_the_parcels_of_the_site() -> None:
    _parcel("ZZ-10", "20000.00", location="同创产业园三号路东", land_use=LandUse.INDUSTRIAL)
    _parcel("ZZ-11", "6680.50", location="同创产业园四号路西", land_use=LandUse.WAREHOUSE)
    project = new_project(["ZZ-10", "ZZ-11"])
    values = _form(project)
    # one site of two parcels: areas summed, locations and uses listed in the project's order
    assert values["land_area_m2"] == "26680.5"
    assert values["site_location"] == "同创产业园三号路东、同创产业园四号路西"
    assert values["land_use"] == "工业用地、物流仓储用地"
    assert values["parcels"] == "ZZ-10、ZZ-11"
    # the applicant types only what no register holds; the stored form carries the register's values
    typed = {k: v for k, v in stage_values(Stage.LAND).items()
             if k not in ("land_area_m2", "site_location", "land_use")}
    app = services.application_submit(actor=actor("enterprise"), project_id=project.pk, stage=Stage.LAND,
                                      form=typed)
    assert app.form["land_area_m2"] == "26680.5" and app.form["land_use"] == "工业用地、物流仓储用地"


def test_the_pipeline_projects_parcel_prefills_the_form() -> None:
    from zonedesk.projects.models import Project

    parcel = _parcel("ZZ-20", "15000", location="河西片区五号地", land_use=LandUse.INDUSTRIAL)
    pipeline = Project.objects.filter(zone__code="LY", construction_project__isnull=True).first()
    assert pipeline is not None
    Project.objects.filter(pk=pipeline.pk).update(parcel_ref=parcel)
    project = new_project(["ZZ-21"])  # a code the register does not know
    ConstructionProject.objects.filter(pk=project.pk).update(pipeline_project=pipeline)
    project.refresh_from_db()
    values = _form(project)
    assert values["land_area_m2"] == "15000" and values["site_location"] == "河西片区五号地"
