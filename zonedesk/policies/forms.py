from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.policies.models import AwardStatus, Mode
from zonedesk.rules_engine.facts import FACTS

FACT_CHOICES = [
    ("", "—"),
    *((f.key, f"{f.label}{'（' + f.unit + '）' if f.unit else ''}") for f in FACTS.values()),
]
OP_CHOICES = [
    (">=", "≥"),
    (">", ">"),
    ("<=", "≤"),
    ("<", "<"),
    ("==", "="),
    ("!=", "≠"),
    ("is", _("为（是/否）")),
    ("in", _("属于（逗号分隔）")),
    ("not_in", _("不属于（逗号分隔）")),
]
UNIT_CHOICES = [
    ("", _("事实自身单位")),
    ("万元", "万元"),
    ("元", "元"),
    ("亿元", "亿元"),
    ("%", "%"),
    ("人", "人"),
    ("项", "项"),
    ("年", "年"),
    ("月", "月"),
    ("分", "分"),
    ("亩", "亩"),
]
ROWS = 8


class RuleForm(forms.Form):
    """A flat rule: up to eight conditions joined by all / any, and the benefit formula."""

    join = forms.ChoiceField(
        label=_("条件关系"), choices=[("all", _("同时满足全部条件")), ("any", _("满足任一条件"))]
    )
    benefit_kind = forms.ChoiceField(
        label=_("兑现方式"),
        choices=[("fixed", _("定额")), ("percent", _("按比例")), ("per_unit", _("按数量"))],
    )
    benefit_fact = forms.ChoiceField(
        label=_("计算基数（按比例/按数量）"), choices=FACT_CHOICES, required=False
    )
    benefit_amount = forms.CharField(label=_("定额或单价（万元）"), required=False, max_length=20)
    benefit_rate = forms.CharField(label=_("比例（%）"), required=False, max_length=20)
    benefit_cap = forms.CharField(label=_("封顶（万元）"), required=False, max_length=20)
    note = forms.CharField(label=_("修订说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(ROWS):
            self.fields[f"fact_{i}"] = forms.ChoiceField(
                label=_("事实"), choices=FACT_CHOICES, required=False
            )
            self.fields[f"op_{i}"] = forms.ChoiceField(label=_("运算"), choices=OP_CHOICES, required=False)
            self.fields[f"value_{i}"] = forms.CharField(label=_("门槛"), required=False, max_length=200)
            self.fields[f"unit_{i}"] = forms.ChoiceField(
                label=_("单位"), choices=UNIT_CHOICES, required=False
            )

    def rows(self):
        return [
            (self[f"fact_{i}"], self[f"op_{i}"], self[f"value_{i}"], self[f"unit_{i}"], i)
            for i in range(ROWS)
        ]

    def documents(self) -> tuple[dict, dict, dict[int, int]]:
        """(rule, benefit, form row -> condition index) from the cleaned data; the service
        validates them (types, units, caps) and names the condition's path."""
        d = self.cleaned_data
        conditions, index = [], {}
        for i in range(ROWS):
            fact = d.get(f"fact_{i}")
            if not fact:
                continue
            op, raw, unit = (
                d.get(f"op_{i}") or ">=",
                (d.get(f"value_{i}") or "").strip(),
                d.get(f"unit_{i}") or "",
            )
            cond: dict = {"fact": fact, "op": op}
            if op == "is":
                cond["value"] = raw in ("是", "true", "True", "1", "yes")
            elif op in ("in", "not_in"):
                cond["values"] = [v.strip() for v in raw.replace("，", ",").split(",") if v.strip()]
            else:
                cond["value"] = raw
                if unit:
                    cond["unit"] = unit
            index[i] = len(conditions)
            conditions.append(cond)
        rule = {"when": {d["join"]: conditions}}
        benefit: dict = {"kind": d["benefit_kind"]}
        if d["benefit_kind"] != "fixed":
            benefit["fact"] = d.get("benefit_fact") or ""
        if d["benefit_kind"] == "percent":
            benefit["rate"] = d.get("benefit_rate") or ""
        else:
            benefit["amount"] = d.get("benefit_amount") or ""
        if d.get("benefit_cap"):
            benefit["cap"] = d["benefit_cap"]
        return rule, benefit, index

    @staticmethod
    def initial_from(rule: dict, benefit: dict) -> dict | None:
        """Form values for a flat rule; None when the rule nests groups (then shown as JSON)."""
        when = rule.get("when", {})
        join = "all" if "all" in when else "any" if "any" in when else None
        if join is None or rule.get("params") or len(when[join]) > ROWS:
            return None
        out = {
            "join": join,
            "benefit_kind": benefit.get("kind"),
            "benefit_fact": benefit.get("fact", ""),
            "benefit_amount": benefit.get("amount", ""),
            "benefit_rate": benefit.get("rate", ""),
            "benefit_cap": benefit.get("cap", ""),
        }
        for i, c in enumerate(when[join]):
            if "fact" not in c or isinstance(c.get("value"), dict):
                return None
            out[f"fact_{i}"], out[f"op_{i}"] = c["fact"], c.get("op")
            if c.get("op") == "is":
                out[f"value_{i}"] = "是" if c.get("value") else "否"
            elif c.get("op") in ("in", "not_in"):
                out[f"value_{i}"] = ",".join(c.get("values", []))
            else:
                out[f"value_{i}"] = c.get("value", "")
            out[f"unit_{i}"] = c.get("unit", "")
        return out


class AwardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *AwardStatus.choices], required=False
    )
    mode = forms.ChoiceField(label=_("兑现方式"), choices=[("", _("全部")), *Mode.choices], required=False)
    period = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("拨付日期"), widget=forms.DateInput(attrs={"type": "date"}))
    payment_ref = forms.CharField(label=_("拨付凭证号"), max_length=60)
