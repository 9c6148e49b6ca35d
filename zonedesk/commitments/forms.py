"""Shapes only; the rules are the service's (the page and the API give the same message)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.commitments import rules
from zonedesk.commitments.models import ArrearKind, ArrearStatus, CommitmentKind, ConfirmState, SourceKind
from zonedesk.core.widgets import DateInput

DATE = DateInput()
VIEW_CHOICES = [
    ("", "—"),
    ("open", _("待兑现")),
    ("overdue", _("超期未兑现")),
    ("due_soon", _("即将到期")),
    ("fulfilled", _("已兑现")),
    ("kept", _("按期兑现")),
    ("late", _("逾期兑现")),
    ("cancelled", _("已撤销")),
    ("due", _("应兑现（未撤销）")),
]


def _choices(rows) -> list:
    return [("", "—"), *((r.pk, str(r)) for r in rows)]


class CommitmentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("事项、对象、编号、文件")}),
    )
    view = forms.ChoiceField(label=_("状态"), required=False, choices=VIEW_CHOICES)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", "—"), *CommitmentKind.choices])
    department = forms.TypedChoiceField(label=_("责任部门"), required=False, coerce=int, empty_value=None)
    due_from = forms.DateField(label=_("到期自"), required=False, widget=DATE)
    due_to = forms.DateField(label=_("到期至"), required=False, widget=DATE)
    project = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = _choices(departments)


class CommitmentForm(forms.Form):
    title = forms.CharField(label=_("承诺事项"), max_length=200)
    kind = forms.ChoiceField(label=_("承诺类别"), choices=CommitmentKind.choices)
    enterprise = forms.TypedChoiceField(
        label=_("企业（企业库）"), required=False, coerce=int, empty_value=None
    )
    project = forms.TypedChoiceField(label=_("招商项目"), required=False, coerce=int, empty_value=None)
    beneficiary = forms.CharField(label=_("承诺对象（未入企业库的投资方）"), max_length=120, required=False)
    source_kind = forms.ChoiceField(label=_("依据文件类别"), choices=SourceKind.choices)
    source_title = forms.CharField(label=_("依据文件名称"), max_length=200)
    promised_on = forms.DateField(label=_("承诺日期"), widget=DATE)
    due_on = forms.DateField(label=_("兑现期限"), widget=DATE)
    amount_yuan = forms.DecimalField(
        label=_("涉及金额（元）"), max_digits=16, decimal_places=2, required=False
    )
    department = forms.TypedChoiceField(label=_("责任部门"), coerce=int)
    responsible = forms.TypedChoiceField(label=_("责任人"), required=False, coerce=int, empty_value=None)
    promised_by = forms.CharField(label=_("承诺人（签署时）"), max_length=60, required=False)
    detail = forms.CharField(label=_("承诺内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source_file = forms.FileField(label=_("依据文件（PDF/图片）"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, enterprises=(), projects=(), departments=(), people=(), editing=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "—"), *((e.pk, e.name) for e in enterprises)]
        self.fields["project"].choices = [("", "—"), *((p.pk, p.name) for p in projects)]
        self.fields["department"].choices = _choices(departments)
        self.fields["responsible"].choices = [("", "—"), *((u.pk, u.display_name) for u in people)]
        if editing:
            del self.fields["source_file"]
            del self.fields["responsible"]  # a change of person is a handover
            del self.fields["department"]

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("version", None)
        d.pop("source_file", None)
        out = {}
        for key, value in d.items():
            if key in ("enterprise", "project", "department", "responsible"):
                out[f"{key}_id"] = value
            else:
                out[key] = value
        return out


class FulfilForm(forms.Form):
    fulfilled_on = forms.DateField(label=_("兑现日期"), widget=DATE)
    note = forms.CharField(label=_("兑现情况"), max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("材料名称"), max_length=120)
    file = forms.FileField(label=_("文件"))


class HandoverForm(forms.Form):
    to_user = forms.TypedChoiceField(label=_("新责任人"), required=False, coerce=int, empty_value=None)
    to_department = forms.TypedChoiceField(label=_("责任部门"), required=False, coerce=int, empty_value=None)
    on = forms.DateField(label=_("交接日期"), widget=DATE)
    note = forms.CharField(label=_("交接说明"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].choices = [("", "—"), *((u.pk, u.display_name) for u in people)]
        self.fields["to_department"].choices = _choices(departments)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("撤销理由"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ArrearFilterForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("编号、依据、企业")}),
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", "—"), *ArrearStatus.choices])
    bucket = forms.ChoiceField(
        label=_("账龄"),
        required=False,
        choices=[("", "—"), *((b.key, _(b.label)) for b in rules.BUCKETS), ("overdue", _("全部逾期"))],
    )
    confirm_state = forms.ChoiceField(
        label=_("企业确认"), required=False, choices=[("", "—"), *ConfirmState.choices]
    )
    department = forms.TypedChoiceField(label=_("欠款单位"), required=False, coerce=int, empty_value=None)
    paid_from = forms.DateField(label=_("还款自"), required=False, widget=DATE)
    paid_to = forms.DateField(label=_("还款至"), required=False, widget=DATE)

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = _choices(departments)


class ArrearForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("债权企业"), coerce=int)
    department = forms.TypedChoiceField(label=_("欠款单位（部门）"), coerce=int)
    kind = forms.ChoiceField(label=_("账款类别"), choices=ArrearKind.choices)
    basis = forms.CharField(label=_("形成依据（合同/文件）"), max_length=200)
    amount_yuan = forms.DecimalField(label=_("应付金额（元）"), max_digits=16, decimal_places=2)
    due_on = forms.DateField(label=_("应付日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, enterprises=(), departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "—"), *((e.pk, e.name) for e in enterprises)]
        self.fields["department"].choices = _choices(departments)


class PaymentForm(forms.Form):
    amount_yuan = forms.DecimalField(label=_("支付金额（元）"), max_digits=16, decimal_places=2)
    paid_on = forms.DateField(label=_("支付日期"), widget=DATE)
    voucher = forms.CharField(label=_("凭证号"), max_length=60, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("异议内容"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
