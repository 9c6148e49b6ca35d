"""Dashboard figures of commitments kept and arrears cleared: three aggregate queries
whatever the number of rows. Each figure links to the list that the same Q selects."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zonedesk.commitments import rules
from zonedesk.commitments.models import Arrear, ArrearPayment, ArrearStatus, Commitment, CommitmentStatus
from zonedesk.commitments.selectors import bucket_q, commitment_view_q
from zonedesk.core.figures import Figure, Period, figure_registry


def _url(name: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def commitment_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    today = timezone.localdate()
    as_of = min(period.end, today)
    in_period = Q(due_on__gte=period.start, due_on__lte=as_of) & ~Q(status=CommitmentStatus.CANCELLED)
    kept = in_period & Q(status=CommitmentStatus.FULFILLED, fulfilled_on__lte=F("due_on"))
    data = Commitment.objects.filter(zone_id__in=zone_ids).aggregate(
        due=Count("id", filter=in_period),
        kept=Count("id", filter=kept),
        overdue=Count("id", filter=commitment_view_q("overdue", today)),
        open=Count("id", filter=commitment_view_q("open", today)),
    )
    rate = (Decimal(data["kept"] * 100) / data["due"]).quantize(Decimal("0.1")) if data["due"] else None
    span = {"due_from": period.start.isoformat(), "due_to": as_of.isoformat()}
    return [
        Figure(
            "commitments.due.count",
            _("期内应兑现承诺"),
            data["due"],
            "项",
            _url("commitments:list", view="due", **span),
        ),
        Figure(
            "commitments.kept.count",
            _("按期兑现承诺"),
            data["kept"],
            "项",
            _url("commitments:list", view="kept", **span),
        ),
        Figure(
            "commitments.kept.rate",
            _("承诺按期兑现率"),
            rate,
            "%",
            _url("commitments:list", view="kept", **span),
            formula=_("按期兑现数 ÷ 期内应兑现数"),
        ),
        Figure(
            "commitments.overdue.count",
            _("超期未兑现承诺"),
            data["overdue"],
            "项",
            _url("commitments:list", view="overdue"),
        ),
        Figure(
            "commitments.open.count",
            _("待兑现承诺"),
            data["open"],
            "项",
            _url("commitments:list", view="open"),
        ),
    ]


def arrear_figures(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    today = timezone.localdate()
    remaining = F("amount_yuan") - F("paid_yuan")
    aggregates = {
        "outstanding": Sum(remaining, filter=Q(status=ArrearStatus.OUTSTANDING)),
        "overdue": Sum(remaining, filter=Q(status=ArrearStatus.OUTSTANDING, due_on__lt=today)),
        "pending": Count("id", filter=Q(confirm_state="pending")),
    }
    for b in rules.BUCKETS:
        aggregates[b.key] = Sum(remaining, filter=bucket_q(b.key, today))
    data = Arrear.objects.filter(zone_id__in=zone_ids).aggregate(**aggregates)
    cleared = ArrearPayment.objects.filter(
        zone_id__in=zone_ids, paid_on__gte=period.start, paid_on__lte=period.end
    ).aggregate(t=Sum("amount_yuan"))["t"]
    out = [
        Figure(
            "arrears.outstanding.wan",
            _("拖欠企业账款余额"),
            rules.wan(data["outstanding"]),
            "万元",
            _url("commitments:arrears", status="outstanding"),
        ),
        Figure(
            "arrears.overdue.wan",
            _("其中逾期未付"),
            rules.wan(data["overdue"]),
            "万元",
            _url("commitments:arrears", status="outstanding", bucket="overdue"),
        ),
        Figure(
            "arrears.cleared.wan",
            _("期内清偿"),
            rules.wan(cleared),
            "万元",
            _url("commitments:arrears", paid_from=period.start.isoformat(), paid_to=period.end.isoformat()),
        ),
        Figure(
            "arrears.pending_confirm.count",
            _("待企业确认账款"),
            data["pending"],
            "笔",
            _url("commitments:arrears", confirm_state="pending"),
        ),
    ]
    for b in rules.BUCKETS:
        out.append(
            Figure(
                f"arrears.ageing.{b.key}.wan",
                _("账龄：%(b)s") % {"b": _(b.label)},
                rules.wan(data[b.key]),
                "万元",
                _url("commitments:arrears", bucket=b.key),
            )
        )
    return out


@figure_registry.register("commitments")
def commitments_provider(zone_ids: frozenset[int], period: Period) -> list[Figure]:
    return [*commitment_figures(zone_ids, period), *arrear_figures(zone_ids, period)]
