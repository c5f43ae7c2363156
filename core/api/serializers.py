from rest_framework import serializers

from core.scope import CHANGE


class ScopedModelSerializer(serializers.ModelSerializer):
    """Related fields accept only records inside the caller's write scope; anything else reads as
    "does not exist", so ids outside the scope leak nothing."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, CHANGE)
        return fields
