import itertools

from accounts.models import Account
from orgs.choices import RoleKind
from tests.factories import RoleFactory, UserFactory

_numbers = itertools.count(1)


def account(org, kind=RoleKind.VIEWER, username=None, **extra):
    """A saved account holding one role of `kind` at `org`."""
    user = UserFactory(username=username or f"acct{next(_numbers)}", **extra)
    RoleFactory(user=user, organisation=org, kind=kind)
    return Account.objects.get(pk=user.pk)


def account_form(org, kind=RoleKind.VIEWER, username="newuser", first_name="张三", **extra):
    """POST data of the account form creating one role."""
    return {
        "username": username,
        "first_name": first_name,
        "is_active": "on",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "1",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-organisation": str(org.pk),
        "roles-0-kind": str(kind),
        **extra,
    }


def account_edit_form(obj, **extra):
    roles = list(obj.roles.order_by("pk"))
    data = {
        "username": obj.username,
        "first_name": obj.first_name or "某人",
        "is_active": "on" if obj.is_active else "",
        "roles-TOTAL_FORMS": str(len(roles)),
        "roles-INITIAL_FORMS": str(len(roles)),
        "roles-MIN_NUM_FORMS": "1",
        "roles-MAX_NUM_FORMS": "1000",
    }
    for index, role in enumerate(roles):
        data.update(
            {
                f"roles-{index}-id": str(role.pk),
                f"roles-{index}-user": str(obj.pk),
                f"roles-{index}-organisation": str(role.organisation_id),
                f"roles-{index}-kind": role.kind,
            }
        )
    data.update(extra)
    return {k: v for k, v in data.items() if v != ""}
