"""API errors: a model's validation (raised by services) becomes a 400 with field messages, like a form."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def exception_handler(exc, context):
    from rest_framework.response import Response

    from core.versions import StaleVersion, etag

    if isinstance(exc, StaleVersion):
        # If-Match named a version that is no longer current: 412, with the current version and what changed.
        body = {"detail": exc.messages[0], "current_version": exc.current, "changes": exc.changes}
        return Response(body, status=412, headers={"ETag": etag(exc.current)})
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # Django's "No Organisation matches the given query." is English and leaks names
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge(_("请求内容超过 %(kb)d KB，未处理。") % {"kb": limit // 1024})
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


@csrf_exempt  # like every API view: a stray PUT answers 404, not the CSRF page
def not_found(request, *args, **kwargs):
    """A path under /api/v1/ that names no endpoint (e.g. /orgs/0.5/, which the router's id pattern does not
    match) is a JSON 404 like any other API answer, not the HTML page meant for browsers."""
    from django.http import JsonResponse

    return JsonResponse({"detail": _("未找到。")}, status=404)
