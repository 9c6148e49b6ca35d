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


class StageForm(forms.Form):
    """The one form of a stage: one Django field per declared key (shapes only; the service
    checks the rules and names the field and rule on failure)."""

    def __init__(self, *args, specs=(), note: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in specs:
            label = f"{spec.label}（{spec.unit}）" if spec.unit else spec.label
            help_text = _("用于：%(items)s") % {"items": "、".join(spec.items)} if spec.items else ""
            if spec.type == "date":
                field = forms.CharField(widget=forms.DateInput(attrs={"type": "date"}))
            elif spec.type == "number":
                field = forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}))
            elif spec.type == "choice":
                field = forms.ChoiceField(choices=[("", "—"), *((c, c) for c in spec.choices)])
            else:
                field = forms.CharField(max_length=500)
            field.label, field.required, field.help_text = label, False, help_text
            if spec.required:
                field.widget.attrs["required"] = "required"
                field.label = f"{label} *"
            self.fields[spec.key] = field
        if note:
            self.fields["note"] = forms.CharField(
                label=_("申请说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class JointReviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"))
    held_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    outcome = forms.ChoiceField(label=_("结论"))
    conclusion = forms.CharField(
        label=_("联合审查意见"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    department_ids = forms.TypedMultipleChoiceField(
        label=_("参加部门"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, kinds=(), departments=(), **kwargs):
        from zonedesk.approvals.stage_models import JointOutcome

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)
        self.fields["outcome"].choices = JointOutcome.choices
        self.fields["department_ids"].choices = [(d.pk, d.name) for d in departments]
