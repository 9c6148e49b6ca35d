from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zonedesk.organisation.roles import Role


class _UserFields(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False)
    department = forms.TypedChoiceField(label=_("部门"), required=False, coerce=int, empty_value=None)
    post = forms.TypedChoiceField(label=_("岗位"), required=False, coerce=int, empty_value=None)
    roles = forms.MultipleChoiceField(label=_("角色"), choices=Role.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False,
                                      help_text=_("系统管理员、安全管理员、审计管理员须由不同人员担任，且不兼任业务角色。"))

    def __init__(self, *args, departments=(), posts=(), enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._departments = {d.pk: d for _depth, d in departments}
        self._posts = {p.pk: p for p in posts}
        self._enterprises = {e.pk: e for e in enterprises}
        self.fields["department"].choices = [("", "—")] + [
            (d.pk, "　" * depth + d.name) for depth, d in departments]
        self.fields["post"].choices = [("", "—")] + [
            (p.pk, f"{p.department.name} · {p.name}") for p in posts]
        if "enterprise" in self.fields:
            self.fields["enterprise"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]

    def clean_department(self):
        pk = self.cleaned_data.get("department")
        return self._departments.get(pk) if pk else None

    def clean_post(self):
        pk = self.cleaned_data.get("post")
        return self._posts.get(pk) if pk else None


class UserCreateForm(_UserFields):
    username = forms.CharField(label=_("用户名"), max_length=150)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)
    enterprise = forms.TypedChoiceField(label=_("所属企业（企业用户）"), required=False, coerce=int,
                                        empty_value=None)
    field_order = ["username", "full_name", "phone", "department", "post", "roles", "enterprise",
                   "password"]

    def clean_enterprise(self):
        pk = self.cleaned_data.get("enterprise")
        return self._enterprises.get(pk) if pk else None


class UserEditForm(_UserFields):
    is_active = forms.BooleanField(label=_("启用"), required=False)
    new_password = forms.CharField(label=_("重置密码（留空不修改）"), widget=forms.PasswordInput,
                                   required=False)
