from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.agency.models import DELEGABLE_CHOICES, AgentMode
from zonedesk.core.widgets import DateInput


class GrantForm(forms.Form):
    agent = forms.TypedChoiceField(label=_("被授权管家"), coerce=int)
    mode = forms.ChoiceField(label=_("方式"), choices=AgentMode.choices)
    actions = forms.MultipleChoiceField(label=_("授权事项"), choices=DELEGABLE_CHOICES,
                                        widget=forms.CheckboxSelectMultiple)
    valid_from = forms.DateField(label=_("生效日期"), widget=DateInput())
    valid_until = forms.DateField(label=_("截止日期"), widget=DateInput())
    note = forms.CharField(label=_("授权书说明"), max_length=300, required=False)

    def __init__(self, *args, stewards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = [(u.pk, u.display_name) for u in stewards]
