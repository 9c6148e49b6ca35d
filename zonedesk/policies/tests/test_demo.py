"""The demo: the article's five policy documents with demo parameters, tiers computed, and a
second load writes nothing."""

from __future__ import annotations

import pytest

from zonedesk.cultivation import demo as cultivation_demo
from zonedesk.cultivation.tests.matrix import counts
from zonedesk.organisation.models import Zone
from zonedesk.policies import demo as policies_demo
from zonedesk.policies.models import Policy
from zonedesk.testing.audit import audit_rows

pytestmark = pytest.mark.django_db


def test_the_five_documents_are_marked_demo() -> None:
    titles = set(Policy.objects.filter(zone__code="LY", demo=True).values_list("title", flat=True))
    assert titles == {
        "关于科技创新“五大工程”实施意见",
        "关于加强高新技术企业培育的政策措施",
        "关于促进科技成果转化的政策措施",
        "凌源市鼓励企业加快投资进度、尽快达产达效个税奖励暂行办法",
        "凌源市人才服务全面振兴三年行动计划",
    }


def test_a_second_load_writes_nothing() -> None:
    zones = {z.code: z for z in Zone.objects.filter(code__in=["LY", "JP"])}
    before, audit = counts(), audit_rows()
    cultivation_demo.load(zones=zones)
    policies_demo.load(zones=zones)
    assert counts() == before and audit_rows() == audit
