from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.cultivation.models import FACT_CHOICES, TIER_CHOICES


class FactForm(forms.Form):
    key = forms.ChoiceField(label=_("数据项"), choices=FACT_CHOICES)
    year = forms.IntegerField(label=_("年度（不分年度填 0）"), min_value=0, max_value=2100, initial=2025)
    value = forms.CharField(label=_("数值或 是/否"), max_length=40)
    source = forms.CharField(label=_("来源"), max_length=100)


class CertificateForm(forms.Form):
    tier = forms.ChoiceField(label=_("层级"), choices=TIER_CHOICES[1:])
    number = forms.CharField(label=_("证书编号"), max_length=60)
    issuer = forms.CharField(label=_("认定机构"), max_length=100)
    issued_on = forms.DateField(label=_("发证日期"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label=_("有效期至"), widget=forms.DateInput(attrs={"type": "date"}))
