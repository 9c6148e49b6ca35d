from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.certificates import rules


class CertificateFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("证照种类"), required=False)
    holder = forms.CharField(label=_("持证企业"), required=False, max_length=100,
                             widget=forms.TextInput(attrs={"placeholder": _("名称或信用代码"),
                                                           "type": "search"}))
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", "—"), (rules.VALID, _("有效")), (rules.REVOKED, _("已撤销")),
                                        (rules.EXPIRED, _("已过期"))])

    def __init__(self, *args, kinds=(), staff: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—")] + [(k, k) for k in kinds]
        if not staff:
            del self.fields["holder"]  # an enterprise sees only its own certificates


class RevokeForm(forms.Form):
    # Shape only; the service says what a usable reason is.
    reason = forms.CharField(label=_("撤销原因"), max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
