from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.core.widgets import DateInput
from zonedesk.projects.models import DocumentKind, LeadSource, Stage, StewardRole

VIEW_CHOICES = [
    ("", "—"),
    ("new", _("新建")),
    ("continuing", _("续建")),
    ("signed", _("签约")),
    ("reserve", _("储备")),
    ("negotiating", _("在谈")),
    ("key", _("重点")),
]
DATE = DateInput()


class ProjectFilterForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("项目、投资方、代码")}),
    )
    view = forms.ChoiceField(label=_("年度口径"), required=False, choices=VIEW_CHOICES)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    start = forms.DateField(label=_("起"), required=False, widget=DATE)
    end = forms.DateField(label=_("止"), required=False, widget=DATE)
    stage = forms.ChoiceField(label=_("当前阶段"), required=False, choices=[("", "—"), *Stage.choices])
    chain = forms.TypedChoiceField(label=_("产业链"), required=False, coerce=int, empty_value=None)
    key = forms.ChoiceField(
        label=_("重点项目"), required=False, choices=[("", "—"), ("1", _("是")), ("0", _("否"))]
    )
    zone = forms.TypedChoiceField(label=_("园区"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, chains=(), zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = [("", "—")] + [(c.pk, c.name) for c in chains]
        self.fields["zone"].choices = [("", "—")] + [(z.pk, z.local_short_name) for z in zones]
        if len(zones) < 2:
            del self.fields["zone"]

    def clean(self):
        d = super().clean()
        if d.get("start") and d.get("end") and d["start"] > d["end"]:
            raise forms.ValidationError(_("起始日期不能晚于截止日期"))
        return d


class ProjectForm(forms.Form):
    """Shapes only; the rules are the service's (the form, the API and the import agree)."""

    name = forms.CharField(label=_("项目名称"), max_length=200)
    investor_name = forms.CharField(label=_("投资方"), max_length=200, required=False)
    enterprise = forms.TypedChoiceField(
        label=_("项目单位（企业库）"), required=False, coerce=int, empty_value=None
    )
    self_built = forms.BooleanField(label=_("园区平台公司自建"), required=False)
    chain = forms.TypedChoiceField(label=_("产业链"), required=False, coerce=int, empty_value=None)
    total_investment = forms.DecimalField(label=_("总投资（万元）"), max_digits=16, decimal_places=2)
    yearly_investment = forms.DecimalField(
        label=_("年度计划投资（万元）"), max_digits=16, decimal_places=2, required=False
    )
    lead_source = forms.ChoiceField(
        label=_("招商渠道"), required=False, choices=[("", "—"), *LeadSource.choices]
    )
    park = forms.TypedChoiceField(label=_("产业园"), required=False, coerce=int, empty_value=None)
    parcel = forms.CharField(label=_("地块"), max_length=200, required=False)
    expected_output = forms.DecimalField(
        label=_("预计年产值（万元）"), max_digits=16, decimal_places=2, required=False
    )
    expected_tax = forms.DecimalField(
        label=_("预计年税收（万元）"), max_digits=16, decimal_places=2, required=False
    )
    expected_jobs = forms.IntegerField(label=_("预计带动就业（人）"), required=False, min_value=0)
    project_code = forms.CharField(
        label=_("投资项目代码"),
        max_length=40,
        required=False,
        help_text=_("GB/T 40058-2021，24 位，如 2106-211382-04-01-123456"),
    )
    is_key = forms.BooleanField(label=_("重点项目"), required=False)
    expected_completion = forms.DateField(label=_("计划完工日期"), required=False, widget=DATE)
    parent = forms.TypedChoiceField(label=_("补链延链所属项目"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(label=_("说明"), max_length=400, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, chains=(), parks=(), enterprises=(), parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chain"].choices = [("", "—")] + [(c.pk, c.name) for c in chains]
        self.fields["park"].choices = [("", "—")] + [(p.pk, p.name) for p in parks]
        self.fields["enterprise"].choices = [("", _("（尚未登记）"))] + [(e.pk, e.name) for e in enterprises]
        self.fields["parent"].choices = [("", "—")] + [(p.pk, p.name) for p in parents]

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d.pop("version", None)
        return d


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("转入阶段"), choices=Stage.choices)
    on = forms.DateField(label=_("日期"), widget=DATE, initial=dt.date.today)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class PartialUseForm(forms.Form):
    on = forms.DateField(label=_("部分投用日期"), widget=DATE)


class StewardForm(forms.Form):
    role = forms.ChoiceField(label=_("职责"), choices=StewardRole.choices)
    user = forms.TypedChoiceField(label=_("人员"), required=False, coerce=int, empty_value=None)
    on = forms.DateField(label=_("起始日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, stewards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("（空缺）"))] + [(u.pk, u.display_name) for u in stewards]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类别"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("标题"), max_length=120)
    file = forms.FileField(label=_("文件"))
