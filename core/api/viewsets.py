"""The API base every model's endpoint uses: the same FilterSet and scope as the HTML pages, writes
through the same services. Nothing is deleted through the API; records are dissolved or closed."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.scope import CHANGE, VIEW, can, read_only_reason


class ScopedModelViewSet(viewsets.ModelViewSet):
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = None
    update_service = None

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    def get_object(self):
        obj = super().get_object()
        if self.request.method in ("PUT", "PATCH"):
            # The version the client read (the ETag of GET detail); the service refuses a stale one with 412.
            # No If-Match (older clients) saves as before.
            seen = self.request.headers.get("If-Match", "").strip()
            obj._version_seen = None if seen in ("", "*") else seen
        return obj

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return with_etag(Response(self.get_serializer(instance).data), instance)

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        serializer = getattr(response.data, "serializer", None)
        return with_etag(response, serializer.instance) if serializer is not None else response

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not can(request.user, obj, CHANGE):
            raise exceptions.PermissionDenied(read_only_reason(obj, request.user))

    def _save(self, serializer, service):
        from core.services import related_for

        data = dict(serializer.validated_data)
        model = serializer.Meta.model
        instance = serializer.instance or model()
        # Many-to-many values cannot be set on an unsaved record: the service takes them with it.
        related = related_for(service, model, data)
        for key, value in data.items():
            if key not in related:
                setattr(instance, key, value)
        try:
            serializer.instance = service(actor=self.request.user, instance=instance, **related)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc

    def perform_create(self, serializer):
        self._save(serializer, type(self).create_service)

    def perform_update(self, serializer):
        self._save(serializer, type(self).update_service)


def with_etag(response, instance):
    """The record's version (core.versions) as the ETag, to be sent back in If-Match on update."""
    from core.versions import etag, version_of

    tag = etag(version_of(instance))
    if tag:
        response["ETag"] = tag
    return response


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    original_name = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    caption = serializers.CharField(required=False, allow_blank=True, max_length=200)
    created = serializers.DateTimeField(read_only=True)


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A JPG, PNG or GIF image (or a PDF where evidence is accepted).")
    caption = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AttachmentsMixin:
    """`GET/POST <record>/files/`: list a record's photos or evidence, or upload one (multipart `file`, optional
    `caption`), checked for type and size as in the browser and stored through the same service.
    The viewset names `attachment_model`, its foreign key `attachment_parent` and the kinds it accepts."""

    attachment_model = None
    attachment_parent = None
    attachment_kinds = None

    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer},
    )
    @extend_schema(methods=["GET"], responses=AttachmentSerializer(many=True))
    # A record holds a handful of files: the list is one plain array, as the schema says, not a page.
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser], pagination_class=None)
    def files(self, request, pk=None):
        from django.core.exceptions import ValidationError as DjangoValidationError

        from core.services import attachments_add
        from core.uploads import IMAGE, PDF, check_upload

        record = self.get_object()
        model = self.attachment_model
        if request.method == "GET":
            files = model._default_manager.filter(**{self.attachment_parent: record})
            return Response(AttachmentSerializer(files, many=True).data)
        if not can(request.user, record, CHANGE):
            raise exceptions.PermissionDenied(read_only_reason(record, request.user))
        upload = AttachmentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        handle = upload.validated_data["file"]
        try:
            check_upload(handle, self.attachment_kinds or (IMAGE, PDF))
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        caption = upload.validated_data.get("caption", "")
        try:
            created = attachments_add(
                actor=request.user, model=model, files=[handle], caption=caption, **{self.attachment_parent: record}
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        return Response(AttachmentSerializer(created[0]).data, status=201)
