"""一事一评 on the application page: the applicant is offered the rating once the application is
completed, and sees the rating afterwards."""

from __future__ import annotations

import pytest

from zonedesk.appeals.models import Rating
from zonedesk.appeals.services.ratings import rating_create
from zonedesk.approvals.models import Application, ApplicationStatus

pytestmark = pytest.mark.django_db


def _completed_for(enterprise_id: int) -> Application:
    app = Application.objects.filter(project__enterprise_id=enterprise_id,
                                     status=ApplicationStatus.COMPLETED).first()
    assert app is not None, "the demo has a completed application of 中玻"
    Rating.objects.filter(kind="application", case_id=app.pk).delete()
    return app


def test_applicant_is_offered_the_rating_then_sees_it(login_client, demo_user, actor_for):
    enterprise = demo_user("enterprise")
    app = _completed_for(enterprise.enterprise_id)
    client = login_client("enterprise")
    body = client.get(f"/approvals/applications/{app.pk}/").content.decode()
    assert f"/appeals/rate/application/{app.pk}/" in body
    rating_create(actor=actor_for("enterprise"), kind="application", case_id=app.pk, level="satisfied")
    body = client.get(f"/approvals/applications/{app.pk}/").content.decode()
    assert 'id="app-rating"' in body and "满意" in body
    assert f"/appeals/rate/application/{app.pk}/" not in body


def test_staff_are_not_offered_the_rating(login_client, demo_user):
    app = _completed_for(demo_user("enterprise").enterprise_id)
    body = login_client("window").get(f"/approvals/applications/{app.pk}/").content.decode()
    assert "rate-link" not in body
