from __future__ import annotations

import copy

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zonedesk.policies.models import AwardStatus, Mode
from zonedesk.rules_engine.facts import FACTS
from zonedesk.rules_engine.texts import fact_label, unit_label


def fact_choices() -> list[tuple[str, str]]:
    """The fact registry as choices, in the active language (made per form, not at import)."""
    out = [("", "—")]
    for f in FACTS.values():
        if f.unit:
            label = gettext("%(fact)s（%(unit)s）") % {"fact": fact_label(f), "unit": unit_label(f.unit)}
            out.append((f.key, label))
        else:
            out.append((f.key, fact_label(f)))
    return out


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
UNITS = ("万元", "元", "亿元", "%", "人", "项", "年", "月", "分", "亩")
OP_CHOICES.insert(6, ("between", _("介于（下限,上限）")))
KIND_CHOICES = [
    ("cond", _("条件")),
    ("all", _("同时满足以下全部")),
    ("any", _("满足以下任一")),
    ("not", _("不得满足以下")),
]
DEPTH_CHOICES = [(str(d), "·" * d + str(d)) for d in range(5)]
ROWS = 12
GROUPS = ("all", "any", "not")


class RuleForm(forms.Form):
    """A rule as an outline: each row is a condition or a group (all / any / not) with its
    level; a row belongs to the nearest group above it one level up. Staff build nested trees
    without writing JSON; a threshold ``@name`` uses the rule's dated parameter ``name``."""

    benefit_kind = forms.ChoiceField(
        label=_("兑现方式"),
        choices=[("fixed", _("定额")), ("percent", _("按比例")), ("per_unit", _("按数量"))],
    )
    benefit_fact = forms.ChoiceField(label=_("计算基数（按比例/按数量）"), choices=(), required=False)
    benefit_amount = forms.CharField(label=_("定额或单价（万元）"), required=False, max_length=20)
    benefit_rate = forms.CharField(label=_("比例（%）"), required=False, max_length=20)
    benefit_cap = forms.CharField(label=_("封顶（万元）"), required=False, max_length=20)
    note = forms.CharField(label=_("修订说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        facts = fact_choices()
        units = [("", gettext("事实自身单位")), *((u, unit_label(u)) for u in UNITS)]
        self.fields["benefit_fact"].choices = facts
        columns = (
            ("depth", forms.ChoiceField(label=_("层级"), choices=DEPTH_CHOICES, required=False)),
            ("kind", forms.ChoiceField(label=_("类型"), choices=KIND_CHOICES, required=False)),
            ("fact", forms.ChoiceField(label=_("事实"), choices=facts, required=False)),
            ("op", forms.ChoiceField(label=_("运算"), choices=OP_CHOICES, required=False)),
            ("value", forms.CharField(label=_("门槛"), required=False, max_length=200)),
            ("unit", forms.ChoiceField(label=_("单位"), choices=units, required=False)),
            ("label", forms.CharField(label=_("说明"), required=False, max_length=200)),
            ("label_en", forms.CharField(label=_("英文说明"), required=False, max_length=300)),
        )
        for i in range(ROWS):
            for name, field in columns:
                field = copy.deepcopy(field)
                # The table's cells have no <label>: each control names its row and column.
                field.widget.attrs["aria-label"] = gettext("第 %(n)s 行：%(column)s") % {
                    "n": i + 1,
                    "column": field.label,
                }
                self.fields[f"{name}_{i}"] = field

    def rows(self):
        return [
            {
                "n": i + 1,
                "depth": self[f"depth_{i}"],
                "kind": self[f"kind_{i}"],
                "fact": self[f"fact_{i}"],
                "op": self[f"op_{i}"],
                "value": self[f"value_{i}"],
                "unit": self[f"unit_{i}"],
                "label": self[f"label_{i}"],
                "label_en": self[f"label_en_{i}"],
            }
            for i in range(ROWS)
        ]

    def _condition(self, i: int) -> dict:
        d = self.cleaned_data
        op, raw, unit = (
            d.get(f"op_{i}") or ">=",
            (d.get(f"value_{i}") or "").strip(),
            d.get(f"unit_{i}") or "",
        )
        cond: dict = {"fact": d[f"fact_{i}"], "op": op}
        if op == "is":
            cond["value"] = raw in ("是", "true", "True", "1", "yes")
        elif op in ("in", "not_in"):
            cond["values"] = [v.strip() for v in raw.replace("，", ",").split(",") if v.strip()]
        elif op == "between":
            low, _sep, high = raw.replace("，", ",").replace("～", ",").partition(",")
            cond["min"], cond["max"] = low.strip(), high.strip()
        elif raw.startswith("@"):
            cond["value"] = {"param": raw[1:].strip()}
        else:
            cond["value"] = raw
        if unit and op not in ("is", "in", "not_in") and not raw.startswith("@"):
            cond["unit"] = unit
        return cond

    def documents(self, params: dict | None = None) -> tuple[dict, dict, dict[str, int], list[str]]:
        """(rule, benefit, condition path -> form row, outline errors). The outline is turned
        into the tree here; the service validates the tree (facts, types, units, caps) and names
        each fault by its path, which the page shows as the row."""
        d = self.cleaned_data
        problems: list[str] = []
        paths: dict[str, int] = {}
        root = None
        stack: list[tuple[int, dict, str]] = []  # (depth, node, path) of the open rows
        for i in range(ROWS):
            kind = d.get(f"kind_{i}") or "cond"
            if kind == "cond" and not d.get(f"fact_{i}"):
                continue
            depth = int(d.get(f"depth_{i}") or 0)
            if kind in ("all", "any"):
                node: dict = {kind: []}
            elif kind == "not":
                node = {"not": None}
            else:
                node = self._condition(i)
            label = (d.get(f"label_{i}") or "").strip()
            if label:
                node["label"] = label
            label_en = (d.get(f"label_en_{i}") or "").strip()
            if label_en:
                node["label_en"] = label_en
            while stack and stack[-1][0] >= depth:
                stack.pop()
            row = i + 1
            if not stack:
                if root is not None:
                    problems.append(
                        str(_("第 %(n)s 行：最外层只能有一个条件或条件组；请把并列的条件放进一个条件组"))
                        % {"n": row}
                    )
                    continue
                if depth != 0:
                    problems.append(str(_("第 %(n)s 行：第一行须为第 0 层")) % {"n": row})
                    continue
                root, path = node, "when"
            else:
                parent_depth, parent, parent_path = stack[-1]
                if depth != parent_depth + 1:
                    problems.append(str(_("第 %(n)s 行：层级只能比上方的条件组深一层")) % {"n": row})
                    continue
                if "not" in parent:
                    if parent["not"] is not None:
                        problems.append(
                            str(_("第 %(n)s 行：“不得满足”组只能包含一个条件（多个请先放进一个条件组）"))
                            % {"n": row}
                        )
                        continue
                    parent["not"], path = node, f"{parent_path}.not"
                elif "all" in parent or "any" in parent:
                    key = "all" if "all" in parent else "any"
                    path = f"{parent_path}.{key}[{len(parent[key])}]"
                    parent[key].append(node)
                else:
                    problems.append(str(_("第 %(n)s 行：上方是单项条件，不能包含下级条件")) % {"n": row})
                    continue
            paths[path] = row
            stack.append((depth, node, path))
        for path, row in paths.items():
            node = _at(root, path)
            if isinstance(node, dict) and "not" in node and node["not"] is None:
                problems.append(str(_("第 %(n)s 行：“不得满足”组下须有一个条件")) % {"n": row})
        if root is None:
            problems.append(str(_("请至少填写一个条件")))
        rule: dict = {"when": root or {}}
        if params:
            rule["params"] = params
        benefit: dict = {"kind": d["benefit_kind"]}
        if d["benefit_kind"] != "fixed":
            benefit["fact"] = d.get("benefit_fact") or ""
        if d["benefit_kind"] == "percent":
            benefit["rate"] = d.get("benefit_rate") or ""
        else:
            benefit["amount"] = d.get("benefit_amount") or ""
        if d.get("benefit_cap"):
            benefit["cap"] = d["benefit_cap"]
        return rule, benefit, paths, problems

    @staticmethod
    def initial_from(rule: dict, benefit: dict) -> dict | None:
        """Form values for a rule; None when it holds what the outline cannot show (a point
        table) or more rows than the form has (then it is shown as JSON)."""
        out = {
            "benefit_kind": benefit.get("kind"),
            "benefit_fact": benefit.get("fact", ""),
            "benefit_amount": benefit.get("amount", ""),
            "benefit_rate": benefit.get("rate", ""),
            "benefit_cap": benefit.get("cap", ""),
        }
        rows: list[tuple[int, dict]] = []

        def walk(node, depth: int) -> bool:
            if not isinstance(node, dict) or depth >= len(DEPTH_CHOICES):
                return False
            for kind in GROUPS:
                if kind in node:
                    rows.append((depth, node))
                    children = node[kind] if kind != "not" else [node[kind]]
                    return all(walk(c, depth + 1) for c in children)
            if "fact" not in node:
                return False
            rows.append((depth, node))
            return True

        if not walk(rule.get("when"), 0) or len(rows) > ROWS:
            return None
        for i, (depth, node) in enumerate(rows):
            out[f"depth_{i}"] = str(depth)
            out[f"label_{i}"] = node.get("label", "")
            out[f"label_en_{i}"] = node.get("label_en", "")
            kind = next((k for k in GROUPS if k in node), "cond")
            out[f"kind_{i}"] = kind
            if kind != "cond":
                continue
            op = node.get("op")
            out[f"fact_{i}"], out[f"op_{i}"] = node["fact"], op
            if op == "is":
                out[f"value_{i}"] = "是" if node.get("value") else "否"
            elif op in ("in", "not_in"):
                out[f"value_{i}"] = ",".join(node.get("values", []))
            elif op == "between":
                out[f"value_{i}"] = f"{node.get('min', '')},{node.get('max', '')}"
            elif isinstance(node.get("value"), dict):
                out[f"value_{i}"] = "@" + str(node["value"].get("param", ""))
            else:
                out[f"value_{i}"] = node.get("value", "")
            out[f"unit_{i}"] = node.get("unit", "")
        return out


def _at(root, path: str):
    """The node at a path of the outline (``when.all[1].not``)."""
    node = root
    for part in path.split(".")[1:]:
        if part == "not":
            node = node["not"]
        else:
            key, _sep, index = part.partition("[")
            node = node[key][int(index.rstrip("]"))]
    return node


class AwardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部")), *AwardStatus.choices], required=False
    )
    mode = forms.ChoiceField(label=_("兑现方式"), choices=[("", _("全部")), *Mode.choices], required=False)
    period = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)


class PayForm(forms.Form):
    paid_on = forms.DateField(label=_("拨付日期"), widget=forms.DateInput(attrs={"type": "date"}))
    payment_ref = forms.CharField(label=_("拨付凭证号"), max_length=60)
