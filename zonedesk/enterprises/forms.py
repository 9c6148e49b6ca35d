from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.core.widgets import DateInput
from zonedesk.enterprises.models import CreditGrade, FlagKind, GrowthTier, Industry


def industry_choices():
    return [("", "—")] + [(i.code, f"{i.section}{i.code} {i.name}") for i in Industry.objects.all()]


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False,
                        widget=forms.TextInput(attrs={"placeholder": _("名称、信用代码、法定代表人"),
                                                      "type": "search"}))
    industry = forms.ChoiceField(label=_("行业"), required=False)
    park = forms.TypedChoiceField(label=_("产业园"), required=False, coerce=int, empty_value=None)
    credit_grade = forms.ChoiceField(label=_("信用等级"), required=False,
                                     choices=[("", "—"), *CreditGrade.choices])
    growth_tier = forms.ChoiceField(label=_("成长层级"), required=False,
                                    choices=[("", "—")] + [c for c in GrowthTier.choices if c[0]])
    flagged = forms.ChoiceField(label=_("失信/异常"), required=False,
                                choices=[("", "—"), ("1", _("在名单中")), ("0", _("不在名单中"))])

    def __init__(self, *args, parks=(), zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = industry_choices()
        self.fields["park"].choices = [("", "—")] + [(p.pk, p.name) for p in parks]
        if len(zones) > 1:
            # Provincial users see several zones: let them narrow the list to one.
            self.fields["zone"] = forms.TypedChoiceField(
                label=_("园区"), required=False, coerce=int, empty_value=None,
                choices=[("", "—")] + [(z.pk, z.name) for z in zones])


class EnterpriseForm(forms.Form):
    """Field shapes only; the registry rules (code check, duplicates, lookups) are the
    service's, so the form, the API and the import say the same thing."""

    # Generous on purpose: a wrong length is reported by the registry rule, which says
    # how many characters it found.
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=64)
    name = forms.CharField(label=_("企业名称"), max_length=200)
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50)
    industry_code = forms.ChoiceField(label=_("所属行业（GB/T 4754）"))
    park = forms.TypedChoiceField(label=_("所在产业园"), required=False, coerce=int,
                                  empty_value=None)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    registered_on = forms.DateField(label=_("成立日期"), required=False,
                                    widget=DateInput())
    staff_size = forms.IntegerField(label=_("从业人数"), required=False, min_value=0)
    credit_grade = forms.ChoiceField(label=_("信用等级"), required=False,
                                     choices=[("", "—"), *CreditGrade.choices])
    credit_source = forms.CharField(label=_("信用等级来源"), max_length=100, required=False)
    credit_valid_until = forms.DateField(label=_("信用等级有效期至"), required=False,
                                         widget=DateInput())
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, parks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry_code"].choices = industry_choices()
        self.fields["park"].choices = [("", "—")] + [(p.pk, p.name) for p in parks]


class FlagForm(forms.Form):
    kind = forms.ChoiceField(label=_("名单类别"), choices=FlagKind.choices)
    listed_on = forms.DateField(label=_("列入日期"), widget=DateInput())
    source = forms.CharField(label=_("来源"), max_length=100, required=False)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
