"""Case numbers at submission, the public progress page, the printed notices."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from zonedesk.approvals import services as approvals
from zonedesk.approvals.tests.conftest import actor, new_project, stage_values
from zonedesk.casefiles.models import CaseNumber
from zonedesk.casefiles.rules import NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def _submit():
    return approvals.application_submit(
        actor=actor("enterprise"), project_id=new_project().pk, stage="land", form=stage_values("land")
    )


def test_every_submission_gets_the_next_number_of_its_zone_and_year() -> None:
    a, b = _submit(), _submit()
    na = CaseNumber.objects.get(kind="application", object_id=a.pk)
    nb = CaseNumber.objects.get(kind="application", object_id=b.pk)
    ma, mb = NUMBER.match(na.number), NUMBER.match(nb.number)
    assert na.number.startswith("LY-SP-") and int(mb.group(2)) == int(ma.group(2)) + 1
    assert len(na.query_code) == 8 and na.query_code != nb.query_code


def test_demo_cases_all_have_numbers() -> None:
    from zonedesk.appeals.models import Appeal
    from zonedesk.approvals.models import Application

    assert CaseNumber.objects.filter(kind="application").count() == Application.objects.count()
    assert CaseNumber.objects.filter(kind="appeal").count() == Appeal.objects.count()


def _lookup(client, number: str, code: str, ip: str = "10.0.0.1"):
    return client.post("/progress/", {"number": number, "code": code}, REMOTE_ADDR=ip)


def test_public_progress_by_number_and_query_code_shows_no_personal_data(client) -> None:
    app = _submit()
    approvals.application_request_supplement(actor=actor("window"), application_id=app.pk, note="补盖公章")
    case = CaseNumber.objects.get(kind="application", object_id=app.pk)
    response = _lookup(client, case.number.lower(), case.query_code)
    html = response.content.decode()
    assert response.status_code == 200 and case.number in html and "待补正" in html
    enterprise = app.project.enterprise
    for secret in (enterprise.name, enterprise.credit_code, "张明", "补盖公章", enterprise.contact_phone):
        if secret:
            assert secret not in html
    # The applicant's credit code is the other accepted second factor.
    assert _lookup(client, case.number, enterprise.credit_code).status_code == 200


def test_wrong_code_and_unknown_number_answer_alike_and_are_slowed(client) -> None:
    case = CaseNumber.objects.filter(kind="application").first()
    wrong = _lookup(client, case.number, "WRONG234", ip="10.0.0.2")
    unknown = _lookup(client, "LY-SP-2099-999999", "WRONG234", ip="10.0.0.3")
    assert wrong.status_code == unknown.status_code == 400
    def strip(response, number: str) -> str:  # the number typed and the per-request CSRF tokens aside
        html = response.content.decode().replace(number, "")
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)

    import difflib
    a, b = strip(wrong, case.number), strip(unknown, "LY-SP-2099-999999")
    assert a == b, "\n".join(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm=""))
    for _ in range(3):
        _lookup(client, case.number, "WRONG234", ip="10.0.0.4")
    # After three wrong tries even the right code must wait; another address is not affected.
    limited = _lookup(client, case.number, case.query_code, ip="10.0.0.4")
    assert limited.status_code == 429 and "秒后再试" in limited.content.decode()
    assert _lookup(client, case.number, case.query_code, ip="10.0.0.5").status_code == 200


def test_appeal_lookup_by_sq_number(client) -> None:
    case = CaseNumber.objects.filter(kind="appeal").first()
    response = _lookup(client, case.number, case.query_code)
    assert response.status_code == 200 and case.number in response.content.decode()


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_supplement_notice_lists_every_missing_material_once(client) -> None:
    app = _submit()
    approvals.application_request_supplement(actor=actor("window"), application_id=app.pk, note="补盖公章")
    app.refresh_from_db()
    client.force_login(actor("enterprise").user)
    response = client.get(f"/cases/applications/{app.pk}/supplement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    case = CaseNumber.objects.get(kind="application", object_id=app.pk)
    assert "一次性补正告知书" in text and case.number in text and "补盖公章" in text
    for row in app.window_notice:
        if "material" in row:
            assert text.count(row["material"]) == 1
    assert client.get(f"/cases/applications/{app.pk}/accept.pdf").status_code == 404


def test_refusal_notice_carries_the_remedies(client) -> None:
    app = _submit()
    approvals.application_refuse(actor=actor("window"), application_id=app.pk, reason="不属于本机关职权范围")
    client.force_login(actor("window").user)
    text = _pdf_text(client.get(f"/cases/applications/{app.pk}/refuse.pdf").content)
    assert "不予受理决定书" in text and "不属于本机关职权范围" in text and "行政复议" in text


def test_appeal_receipt_and_reply_letter(client) -> None:
    from zonedesk.appeals.models import Appeal

    replied = Appeal.objects.filter(zone__code="LY", replied_at__isnull=False).exclude(reply="").first()
    client.force_login(actor("window").user)
    receipt = _pdf_text(client.get(f"/cases/appeals/{replied.pk}/receipt.pdf").content)
    case = CaseNumber.objects.get(kind="appeal", object_id=replied.pk)
    assert "诉求受理回执" in receipt and replied.number in receipt and case.query_code in receipt
    reply = _pdf_text(client.get(f"/cases/appeals/{replied.pk}/reply.pdf").content)
    assert "诉求答复函" in reply and replied.reply[:10] in reply.replace("\n", "")
