"""Photos and files carried by 答复, 回访 and the rectification's reply and return visit: stored
through the file store, shown with the move, opened by whoever sees the case, refused (naming the
file, writing nothing) when too large or of a kind the store does not take."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zonedesk.appeals import services
from zonedesk.appeals.models import Appeal, AppealEvent, Attachment, RectificationAttachment
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db
P = "/api/appeals"
PDF = b"%PDF-1.4\n%%EOF\n"
HTML = b"<html><script>alert(1)</script></html>"


def _own() -> Appeal:  # 中玻's case in hand at 规划建设局 (the demo's "reviewer")
    return Appeal.objects.get(title="二期厂房规划许可进度")


def _state(appeal: Appeal) -> tuple:
    appeal.refresh_from_db()
    return (appeal.status, appeal.version, AppealEvent.objects.filter(appeal=appeal).count(),
            Attachment.objects.count(), RectificationAttachment.objects.count(), audit_rows())


def test_reply_carries_files_shown_and_opened_by_the_enterprise(login_client):
    appeal = _own()
    url = reverse("appeals:act", args=[appeal.pk, "reply"])
    client = login_client("reviewer")
    before = _state(appeal)
    r = client.post(url, {"text": "已答复", "version": appeal.version,
                          "files": [SimpleUploadedFile("伪装.pdf", HTML)]}, follow=True)
    assert "伪装.pdf" in r.content.decode()  # the message names the file
    assert _state(appeal) == before  # and nothing was written

    r = client.post(url, {"text": "已答复，见现场照片", "version": appeal.version,
                          "files": [SimpleUploadedFile("整改现场.pdf", PDF)]})
    assert r.status_code == 302
    attachment = Attachment.objects.get(appeal=appeal, event__action="reply")
    assert audit_rows() > before[-1]

    ent = login_client("enterprise")
    page = ent.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    link = reverse("appeals:attachment", args=[appeal.pk, attachment.pk])
    assert "整改现场.pdf" in page and link in page
    download = ent.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content
                                                     if download.streaming else [download.content]) == PDF
    # The other zone does not see the case, nor its file.
    assert login_client("jp-window").get(link).status_code == 404


def test_visit_carries_files_through_the_api(login_client, actor_for, settings):
    appeal = _own()
    services.appeal_reply(actor=actor_for("reviewer"), appeal_id=appeal.pk, reply="已答复")
    window = login_client("window")
    settings.UPLOAD_MAX_BYTES = 1024
    before = _state(appeal)
    r = window.post(f"{P}/{appeal.pk}/visit-with-files",
                    {"text": "已回访", "files": [SimpleUploadedFile("大照片.pdf", PDF + b"0" * 4096)]})
    assert r.status_code == 422 and "大照片.pdf" in r.json()["detail"][0]["msg"]
    assert _state(appeal) == before

    r = window.post(f"{P}/{appeal.pk}/visit-with-files",
                    {"text": "已回访", "files": [SimpleUploadedFile("回访记录.pdf", PDF)]})
    assert r.status_code == 200, r.content
    visit = [h for h in r.json()["history"] if h["action"] == "visit"][-1]
    assert [f["name"] for f in visit["attachments"]] == ["回访记录.pdf"]
    ent = login_client("enterprise")
    assert ent.get(visit["attachments"][0]["url"]).status_code == 200
    assert "回访记录.pdf" in ent.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()


def test_rectification_reply_and_visit_carry_files(login_client, actor_for):
    appeal = _own()
    services.appeal_reply(actor=actor_for("reviewer"), appeal_id=appeal.pk, reply="已答复")
    services.appeal_visit(actor=actor_for("window"), appeal_id=appeal.pk, note="已回访")
    rating = services.rating_create(actor=actor_for("enterprise"), kind="appeal", case_id=appeal.pk,
                                    level="unsatisfied", comment="还没修好")
    reviewer = login_client("reviewer")
    url = reverse("appeals:rating_act", args=[rating.pk, "reply"])
    before = _state(appeal)
    r = reviewer.post(url, {"text": "已修复", "files": [SimpleUploadedFile("照片.pdf", HTML)]}, follow=True)
    assert "照片.pdf" in r.content.decode()
    assert _state(appeal) == before
    r = reviewer.post(url, {"text": "已修复，附照片", "files": [SimpleUploadedFile("修复后.pdf", PDF)]})
    assert r.status_code == 302
    r = login_client("window").post(f"{P}/ratings/{rating.pk}/rectification/visit-with-files",
                                    {"text": "企业确认", "files": [SimpleUploadedFile("回访.pdf", PDF)]})
    assert r.status_code == 200, r.content
    rect = r.json()["rectification"]
    assert rect["status"] == "done"
    assert [f["name"] for f in rect["reply_attachments"]] == ["修复后.pdf"]
    assert [f["name"] for f in rect["visit_attachments"]] == ["回访.pdf"]

    ent = login_client("enterprise")
    page = ent.get(reverse("appeals:rating", args=[rating.pk])).content.decode()
    assert "修复后.pdf" in page and "回访.pdf" in page
    assert ent.get(rect["reply_attachments"][0]["url"]).status_code == 200
    assert login_client("jp-window").get(rect["reply_attachments"][0]["url"]).status_code == 404
