"""Shapes only; the rules are the service's (the form and the API give the same message)."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.core.widgets import DateInput
from zonedesk.land import rules
from zonedesk.land.models import LandUse, ParcelStatus

DATE = DateInput()
DEC = {"max_digits": 14, "decimal_places": 4}


class ParcelFilterForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("编号、位置、竞得企业")}),
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", "—"), *ParcelStatus.choices])
    park = forms.TypedChoiceField(label=_("产业园"), required=False, coerce=int, empty_value=None)
    sold_from = forms.DateField(label=_("出让起"), required=False, widget=DATE)
    sold_to = forms.DateField(label=_("出让止"), required=False, widget=DATE)

    def __init__(self, *args, parks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].choices = [("", "—")] + [(p.pk, p.name) for p in parks]


class ParcelForm(forms.Form):
    code = forms.CharField(label=_("地块编号"), max_length=40)
    location = forms.CharField(label=_("位置"), max_length=200, required=False)
    area_mu = forms.DecimalField(
        label=_("面积（亩）"),
        required=False,
        **DEC,
        help_text=_("填亩或平方米其一即可：1 亩 = 10000/15 平方米"),
    )
    area_m2 = forms.DecimalField(label=_("面积（平方米）"), required=False, max_digits=14, decimal_places=2)
    land_use = forms.ChoiceField(label=_("用途"), choices=LandUse.choices)
    industry = forms.TypedChoiceField(label=_("准入行业"), required=False, coerce=str, empty_value=None)
    park = forms.TypedChoiceField(label=_("产业园"), required=False, coerce=int, empty_value=None)
    boundary = forms.CharField(
        label=_("边界（GeoJSON，经纬度）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("Polygon 或 MultiPolygon，坐标为 CGCS2000 [经度, 纬度]"),
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, industries=(), parks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [("", "—")] + [(i.pk, str(i)) for i in industries]
        self.fields["park"].choices = [("", "—")] + [(p.pk, p.name) for p in parks]

    def clean_boundary(self):
        text = (self.cleaned_data.get("boundary") or "").strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("边界不是有效的 JSON")) from exc

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        return {
            "code": d["code"],
            "location": d["location"],
            "area_mu": d["area_mu"],
            "area_m2": d["area_m2"],
            "land_use": d["land_use"],
            "industry_id": d["industry"],
            "park_id": d["park"],
            "boundary": d["boundary"],
            "note": d["note"],
        }


class IndicatorForm(forms.Form):
    investment_intensity = forms.DecimalField(label=_("固定资产投资强度（万元/亩）"), required=False, **DEC)
    far_min = forms.DecimalField(label=_("容积率下限"), required=False, **DEC)
    far_max = forms.DecimalField(label=_("容积率上限"), required=False, **DEC)
    tax_per_mu = forms.DecimalField(label=_("亩均税收（万元/亩/年）"), required=False, **DEC)
    energy_per_output = forms.DecimalField(label=_("单位能耗（吨标煤/万元）"), required=False, **DEC)
    environment = forms.CharField(label=_("环境标准"), max_length=200, required=False)
    rd_ratio = forms.DecimalField(label=_("附加：研发投入占营收比（%），不低于"), required=False, **DEC)
    deviation_reason = forms.CharField(label=_("与行业默认值不同的理由"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        rd = d.pop("rd_ratio")
        d["extras"] = (
            [
                {
                    "key": "rd_ratio",
                    "label": "研发投入占营收比",
                    "unit": "%",
                    "direction": "min",
                    "value": str(rd),
                }
            ]
            if rd is not None
            else []
        )
        return d


class SaleForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("竞得企业"), coerce=int)
    sold_on = forms.DateField(label=_("出让日期"), widget=DATE)
    price_wan = forms.DecimalField(label=_("出让价款（万元）"), **DEC)
    production_due_on = forms.DateField(label=_("协议约定达产日期"), widget=DATE)
    investment_intensity = forms.DecimalField(label=_("承诺投资强度（万元/亩）"), **DEC)
    far_min = forms.DecimalField(label=_("承诺容积率下限"), **DEC)
    far_max = forms.DecimalField(label=_("承诺容积率上限"), **DEC)
    tax_per_mu = forms.DecimalField(label=_("承诺亩均税收（万元/亩/年）"), **DEC)
    energy_per_output = forms.DecimalField(label=_("承诺单位能耗（吨标煤/万元）"), **DEC)
    rectify_months = forms.IntegerField(label=_("整改期限（月）"), initial=12)
    penalty_rate = forms.DecimalField(label=_("违约金：税收差额 × 面积 × 比例"), initial=1, **DEC)
    reclaim_below = forms.DecimalField(label=_("投资强度低于承诺的该比例时收回"), initial="0.5", **DEC)
    agreement = forms.FileField(label=_("投资协议（PDF）"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d["enterprise_id"] = d.pop("enterprise")
        d.pop("agreement", None)
        d.pop("version", None)
        return d


class ReviewForm(forms.Form):
    investment_wan = forms.DecimalField(label=_("固定资产投资（万元）"), **DEC)
    tax_wan = forms.DecimalField(label=_("年度税收（万元）"), **DEC)
    tax_year = forms.IntegerField(label=_("税收年度"), required=False, min_value=2000, max_value=2100)
    floor_area_m2 = forms.DecimalField(label=_("总建筑面积（平方米）"), required=False, **DEC)
    energy_tce = forms.DecimalField(label=_("年综合能耗（吨标煤）"), required=False, **DEC)
    output_wan = forms.DecimalField(label=_("年产值（万元）"), required=False, **DEC)
    rd_ratio = forms.DecimalField(label=_("研发投入占营收比（%）"), required=False, **DEC)
    evidence = forms.FileField(label=_("证明材料（PDF）"), required=False)
    note = forms.CharField(
        label=_("复核意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        rd = d.pop("rd_ratio")
        d.pop("evidence", None)
        d.pop("version", None)
        d["extras_actual"] = {"rd_ratio": rd} if rd is not None else {}
        return d


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(choices=[(s, s) for s in rules.STATUSES])
    version = forms.IntegerField()
