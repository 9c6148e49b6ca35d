from __future__ import annotations

import datetime as dt

import pytest

from zonedesk.core.actor import Actor
from zonedesk.enterprises.models import Enterprise
from zonedesk.organisation.models import User

FIELDS = [("项目名称", "中玻(朝阳)新材料有限公司玻璃面板与智能屏幕制造项目"),
          ("建设位置", "凌源经济开发区同创产业园"), ("建设规模", "总建筑面积 48,000 平方米")]


@pytest.fixture(autouse=True)
def tmp_storage(settings, tmp_path):
    """Certificate PDFs of a test go to its own directory, never to var/files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "files")}},
    }
    return tmp_path / "files"


def issue_for(username: str, enterprise: Enterprise, **kw):
    from zonedesk.certificates.services import certificate_issue

    actor = Actor(user=User.objects.get(username=username), ip="127.0.0.1")
    args = {"kind": "建设工程规划许可证", "title": "建设工程规划许可证", "fields": FIELDS,
            "source": "approvals.item:1", "valid_until": None, **kw}
    from zonedesk.certificates.services import certificate_pdf_ensure

    cert = certificate_issue(actor=actor, zone_id=enterprise.zone_id, holder_enterprise_id=enterprise.pk,
                             **args)
    # What the background task does after commit (tests roll back, so on_commit never runs).
    return certificate_pdf_ensure(certificate_id=cert.pk)


@pytest.fixture
def own(db) -> Enterprise:
    return User.objects.get(username="enterprise").enterprise


@pytest.fixture
def other_ly(own) -> Enterprise:
    return Enterprise.objects.filter(zone__code="LY").exclude(pk=own.pk).order_by("name")[0]


@pytest.fixture
def jp(db) -> Enterprise:
    return Enterprise.objects.filter(zone__code="JP").order_by("name")[0]


@pytest.fixture
def cert_own(own):
    return issue_for("reviewer", own)


@pytest.fixture
def cert_other(other_ly):
    return issue_for("window", other_ly, title="施工许可证", kind="施工许可证",
                     valid_until=dt.date(2030, 12, 31))


@pytest.fixture
def cert_jp(jp):
    return issue_for("jp-window", jp)
