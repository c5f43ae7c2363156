from rest_framework import serializers

from core.scope import CHANGE


def restrict_related(fields, user):
    """Cut every related field's choices (many-to-many ones too) to `user`'s write scope, before validation."""
    for field in fields.values():
        for target in (field, getattr(field, "child_relation", None)):
            queryset = getattr(target, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                target.queryset = queryset.restrict(user, CHANGE)


class ScopedFieldsMixin:
    """Related fields accept only records inside the caller's write scope; anything else reads as
    "does not exist", so ids outside the scope leak nothing."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        restrict_related(fields, getattr(request, "user", None))
        return fields


class ScopedModelSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    """The base of every model's serializer."""


class ScopedSerializer(ScopedFieldsMixin, serializers.Serializer):
    """The base of an action's serializer (dissolve, merge) that names records."""
