"""The API base every model's endpoint uses: the same FilterSet and scope as the HTML pages, writes
through the same services. Nothing is deleted through the API; records are dissolved or closed."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets

from core.scope import CHANGE, VIEW, can


class ScopedModelViewSet(viewsets.ModelViewSet):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = None
    update_service = None

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not can(request.user, obj, CHANGE):
            raise exceptions.PermissionDenied(_("您可以查看但无权修改该记录。"))

    def _save(self, serializer, service):
        data = dict(serializer.validated_data)
        instance = serializer.instance or serializer.Meta.model()
        for key, value in data.items():
            setattr(instance, key, value)
        try:
            serializer.instance = service(actor=self.request.user, instance=instance)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc

    def perform_create(self, serializer):
        self._save(serializer, type(self).create_service)

    def perform_update(self, serializer):
        self._save(serializer, type(self).update_service)
