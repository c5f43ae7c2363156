"""API errors: a model's validation (raised by services) becomes a 400 with field messages, like a form."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    from rest_framework.response import Response

    from core.versions import StaleVersion, etag

    if isinstance(exc, StaleVersion):
        # If-Match named a version that is no longer current: 412, with the current version and what changed.
        body = {"detail": exc.messages[0], "current_version": exc.current, "changes": exc.changes}
        return Response(body, status=412, headers={"ETag": etag(exc.current)})
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)
