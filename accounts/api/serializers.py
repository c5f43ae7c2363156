from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from orgs.models import Role

from ..models import Account
from ..selectors import is_locked


class RoleSerializer(ScopedModelSerializer):
    """A role: an organisation (inside the caller's write scope when granting) and a kind."""

    class Meta:
        model = Role
        fields = ["organisation", "kind"]


class AccountSerializer(ScopedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:user-detail")
    full_name = serializers.CharField(source="first_name", max_length=150)
    roles = RoleSerializer(many=True, help_text="Every role of the account; on update, the complete new list.")
    locked = serializers.SerializerMethodField(help_text="Locked out after too many failed logins.")

    class Meta:
        model = Account
        fields = ["id", "url", "username", "full_name", "is_active", "roles", "last_login", "locked", "date_joined"]
        read_only_fields = ["last_login", "date_joined"]

    def get_locked(self, obj) -> bool:
        locked = getattr(obj, "locked", None)
        return bool(locked) if locked is not None else is_locked(obj.username)

    def validate_roles(self, value):
        if not value:
            raise serializers.ValidationError(_("账号至少需要一个角色；不再使用的账号请停用。"))
        return value


class AccountCreatedSerializer(AccountSerializer):
    """The create answer: the account, and its temporary password, shown this once."""

    temporary_password = serializers.CharField(read_only=True, help_text="Shown once; changed at the first login.")

    class Meta(AccountSerializer.Meta):
        fields = [*AccountSerializer.Meta.fields, "temporary_password"]


class TemporaryPasswordSerializer(serializers.Serializer):
    temporary_password = serializers.CharField(help_text="Shown once; the holder must change it at the next login.")


class RevokedSerializer(serializers.Serializer):
    revoked = serializers.IntegerField()
