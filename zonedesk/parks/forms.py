"""Shapes only; the rules are the service's."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.core.widgets import DateInput
from zonedesk.parks.models import ExitReason, UnitKind, UnitStatus

DATE = DateInput()


class BuildingForm(forms.Form):
    name = forms.CharField(label=_("楼栋名称"), max_length=60)
    floors = forms.IntegerField(label=_("层数"), min_value=1, max_value=200, initial=1)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class UnitForm(forms.Form):
    code = forms.CharField(label=_("单元/房间编号"), max_length=40)
    floor = forms.IntegerField(label=_("楼层"), initial=1, min_value=-5, max_value=200)
    area_m2 = forms.DecimalField(label=_("可租面积（平方米）"), max_digits=12, decimal_places=2)
    kind = forms.ChoiceField(label=_("类型"), choices=UnitKind.choices)
    status = forms.ChoiceField(label=_("状态"), choices=UnitStatus.choices)
    available_since = forms.DateField(label=_("可出租起始日"), widget=DATE)


class LeaseForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("承租企业"), coerce=int)
    contract_no = forms.CharField(label=_("合同编号"), max_length=40, required=False)
    start_on = forms.DateField(label=_("起租日"), widget=DATE)
    end_on = forms.DateField(label=_("到期日"), widget=DATE)
    rent_yuan_m2_month = forms.DecimalField(label=_("租金（元/平方米/月）"), max_digits=8, decimal_places=2)
    free_months = forms.IntegerField(label=_("免租期（月）"), min_value=0, max_value=36, initial=0)
    deposit_yuan = forms.DecimalField(label=_("押金（元）"), max_digits=12, decimal_places=2, required=False)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d["enterprise_id"] = d.pop("enterprise")
        return d


class LeaseEditForm(forms.Form):
    """A running lease's correction: the tenant and the unit stay (another tenant is another lease)."""

    contract_no = forms.CharField(label=_("合同编号"), max_length=40, required=False)
    start_on = forms.DateField(label=_("起租日"), widget=DATE)
    end_on = forms.DateField(label=_("到期日"), widget=DATE)
    rent_yuan_m2_month = forms.DecimalField(label=_("租金（元/平方米/月）"), max_digits=8, decimal_places=2)
    free_months = forms.IntegerField(label=_("免租期（月）"), min_value=0, max_value=36)
    deposit_yuan = forms.DecimalField(label=_("押金（元）"), max_digits=12, decimal_places=2, required=False)


class ExitForm(forms.Form):
    exited_on = forms.DateField(label=_("退出日期"), widget=DATE)
    reason = forms.ChoiceField(label=_("退出原因"), choices=ExitReason.choices)
    replacement = forms.TypedChoiceField(
        label=_("替换入驻企业"), coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replacement"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]


class IncubationForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("在孵企业"), coerce=int)
    started_on = forms.DateField(label=_("入孵日期"), widget=DATE)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]


class GraduateForm(forms.Form):
    graduated_on = forms.DateField(label=_("毕业日期"), widget=DATE)
