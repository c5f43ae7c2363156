from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedModelForm
from core.widgets import RecordPicker
from orgs.models import Organisation, Role

from . import services
from .models import Account


class AccountForm(ScopedModelForm):
    class Meta:
        model = Account
        fields = ["username", "first_name", "is_active"]
        labels = {"first_name": _("姓名"), "is_active": _("启用")}
        help_texts = {"is_active": _("停用后不能登录，也不能使用接口令牌；角色保留，可随时重新启用。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        if self.instance.pk is None:
            self.fields["is_active"].widget = forms.HiddenInput()
            self.fields["is_active"].initial = True


class RoleForm(ScopedModelForm):
    """One role of the account: an organisation in the manager's write scope and a kind they may grant."""

    class Meta:
        model = Role
        fields = ["organisation", "kind"]
        widgets = {"organisation": RecordPicker(Organisation, scope="change")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = {str(kind) for kind in services.grantable_kinds(self.user)}
        self.fields["kind"].choices = [("", "---------")] + [
            (value, label) for value, label in self.fields["kind"].choices if value in kinds
        ]

    def clean(self):
        cleaned = super().clean()
        org, kind = cleaned.get("organisation"), cleaned.get("kind")
        if org is not None and kind and self.has_changed():
            from django.core.exceptions import PermissionDenied, ValidationError

            try:
                services.check_grant(actor=self.user, organisation=org, kind=kind)
            except PermissionDenied as exc:
                raise ValidationError(str(exc)) from exc
        return cleaned


class BaseRoleFormSet(BaseInlineFormSet):
    create_service = staticmethod(services.role_grant)
    update_service = staticmethod(services.role_change)
    delete_service = staticmethod(services.role_revoke)


RoleFormSet = inlineformset_factory(
    Account,
    Role,
    form=RoleForm,
    formset=BaseRoleFormSet,
    fk_name="user",
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
)
