"""Form shapes only: the services check the rules and give the messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zonedesk.appeals.models import Level, Source, Status
from zonedesk.core.widgets import DateInput


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class AppealForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("企业"), coerce=int, required=False)
    category = forms.TypedChoiceField(label=_("诉求类别"), coerce=int, required=False)
    title = forms.CharField(label=_("标题"), max_length=100, required=False)
    description = forms.CharField(label=_("诉求内容"), widget=forms.Textarea(attrs={"rows": 5}),
                                  required=False)
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    attachments = MultipleFileField(label=_("附件（PDF、图片、Office 文档，可多选）"), required=False)

    def __init__(self, *args, categories, enterprises=None, with_files=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—")] + [
            (c.pk, gettext("%(name)s（%(amount)s%(unit)s）") % {
                "name": c.local_name, "amount": c.limit_amount, "unit": c.get_limit_unit_display()})
            for c in categories]
        if enterprises is None:
            del self.fields["enterprise"]
        else:
            self.fields["enterprise"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]
        if not with_files:
            del self.fields["attachments"]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[
        ("", _("全部")), ("open", _("在办")), ("active", _("办理中（计时）")), *Status.choices])
    category = forms.TypedChoiceField(label=_("类别"), coerce=int, required=False, empty_value=None)
    department = forms.TypedChoiceField(label=_("部门"), coerce=int, required=False, empty_value=None)
    source = forms.ChoiceField(label=_("来源"), required=False, choices=[("", _("全部")), *Source.choices])
    submitted_from = forms.DateField(label=_("提交自"), required=False,
                                     widget=DateInput())
    submitted_to = forms.DateField(label=_("提交至"), required=False,
                                   widget=DateInput())
    state = forms.ChoiceField(label=_("时限"), required=False, choices=[
        ("", _("全部")), ("red", _("超期")), ("yellow", _("临期")), ("paused", _("暂停计时"))])
    closed_from = forms.DateField(label=_("办结自"), required=False, widget=forms.HiddenInput)
    closed_to = forms.DateField(label=_("办结至"), required=False, widget=forms.HiddenInput)
    # A dashboard figure's cases (selectors.counted_q), kept while the other filters change.
    counted = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[
        ("", ""), ("due", _("应办结诉求")), ("closed", _("已办结诉求")), ("on_time", _("按时办结诉求"))])
    counted_from = forms.DateField(required=False, widget=forms.HiddenInput)
    counted_to = forms.DateField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部"))] + [(c.pk, c.name) for c in categories]
        self.fields["department"].choices = [("", _("全部"))] + [(d.pk, d.name) for d in departments]


class DispatchForm(forms.Form):
    lead_department = forms.TypedChoiceField(label=_("主办部门"), coerce=int, required=False)
    co_departments = forms.TypedMultipleChoiceField(label=_("协办部门"), coerce=int, required=False,
                                                    widget=forms.SelectMultiple(attrs={"size": 4}))
    note = forms.CharField(label=_("派单说明"), required=False, max_length=500)

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(d.pk, d.name) for d in departments]
        self.fields["lead_department"].choices = [("", "—"), *choices]
        self.fields["co_departments"].choices = choices


class RatingForm(forms.Form):
    level = forms.ChoiceField(label=_("评价等级"), choices=Level.choices, widget=forms.RadioSelect,
                              required=False)
    tags = forms.MultipleChoiceField(label=_("标签"), required=False, widget=forms.CheckboxSelectMultiple)
    comment = forms.CharField(label=_("评价内容（差评必填）"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from zonedesk.appeals.services import TAGS

        super().__init__(*args, **kwargs)
        self.fields["tags"].choices = [(str(t), str(t)) for t in TAGS]


class VisitForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("走访企业"), coerce=int, required=False)
    visited_on = forms.DateField(label=_("走访日期"), required=False,
                                 widget=DateInput())
    people = forms.CharField(label=_("参加人员"), max_length=200, required=False)
    summary = forms.CharField(label=_("走访情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, enterprises, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]
