"""Field shapes only; the workflow rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.approvals.models import Stage
from zonedesk.core import projectcode


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    code = forms.CharField(
        label=_("投资项目代码"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": projectcode.EXAMPLE}),
    )
    category_id = forms.TypedChoiceField(label=_("项目类别"), coerce=int)
    parcels = forms.CharField(label=_("建设地块编号"), max_length=300, help_text=_("多个地块用逗号分隔"))
    enterprise_id = forms.TypedChoiceField(label=_("建设单位"), coerce=int)

    def __init__(self, *args, categories=(), enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = [(c.pk, str(c)) for c in categories]
        self.fields["enterprise_id"].choices = [(e.pk, e.name) for e in enterprises]


class ApplyForm(forms.Form):
    stage = forms.ChoiceField(label=_("申报阶段"), choices=Stage.choices)
    simulated = forms.BooleanField(label=_("模拟审批（土地出让前）"), required=False)
    note = forms.CharField(
        label=_("申请说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("文件"))
