"""Accounts through the battery every model passes: scope, history, export, API."""

from accounts.models import Account
from core.testing import ModelTestBattery
from orgs.choices import RoleKind

from .factories import account, account_edit_form, account_form


class TestAccountBattery(ModelTestBattery):
    model = Account
    api_basename = "user"
    _n = 0

    def _name(self):
        TestAccountBattery._n += 1
        return f"battery{TestAccountBattery._n}"

    def make(self, world, org):
        return account(org, RoleKind.VIEWER, username=self._name())

    def org_of(self, obj):
        return obj.roles.get().organisation

    def listed_as(self, obj):
        return obj.username

    def form_data(self, world, org):
        return account_form(org, username=self._name())

    def edit_data(self, world, obj):
        return account_edit_form(obj, first_name="改过的名字")

    def api_data(self, world, org):
        return {"username": self._name(), "full_name": "李四", "roles": [{"organisation": org.pk, "kind": "viewer"}]}
