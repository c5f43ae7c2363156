import re
import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("request_id", default="")

# What a proxy's id may look like (a UUID, hex, or similar tokens): it is stored in a 64-character column of
# every history row and echoed in a header, so anything longer or stranger is replaced by an id of our own.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    """Tags each request with an id so that every history row written by it can be grouped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if REQUEST_ID_PATTERN.fullmatch(given) else uuid.uuid4().hex
        token = _request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class QueryNulMiddleware:
    """Drops NUL characters from every query parameter. PostgreSQL refuses NUL in any text it is given, so one
    in a filter, a search or the picker's level answered 500 wherever the value reached a query; no real input
    holds one, so one place cleans them for every page and API list."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import QueryDict

        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class LocaleMiddleware:
    """Chinese unless the user chose otherwise with the language switch (a cookie).

    Django's own LocaleMiddleware follows the browser's Accept-Language, which would show English to an
    officer whose office computer happens to have an English browser; here only an explicit choice counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ErrorPagesMiddleware:
    """The product's own 404 and 500 pages even with DEBUG=1 (`make run`).

    With DEBUG, Django answers a missing page or a failing view with its technical page (settings, URL
    patterns, a traceback): useless and confusing to an officer trying the demo, and a leak of the code's
    layout. Here a missing URL, a record out of scope and an uncaught error get the same pages as in
    production; the traceback still goes to the log (the runserver console). Without DEBUG, Django's own
    handlers already render these templates, so this does nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        if settings.DEBUG:
            from django.urls import Resolver404, get_resolver

            try:
                get_resolver(getattr(request, "urlconf", None)).resolve(request.path_info)
            except Resolver404:
                return error_page(request, 404)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.conf import settings
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        if not settings.DEBUG or isinstance(exception, PermissionDenied):
            return None  # production handlers, and the 403 page, which Django renders from 403.html anyway
        if isinstance(exception, Http404):
            return error_page(request, 404)
        import logging

        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=(type(exception), exception, exception.__traceback__)
        )
        from .views import server_error

        try:
            raise exception
        except Exception:  # noqa: BLE001 - server_error reads the exception being handled
            return server_error(request)


def error_page(request, status):
    from django.shortcuts import render

    return render(request, f"{status}.html", status=status)
