from django.contrib import messages
from django.db import DatabaseError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Set at login when the account holds a temporary password; checked against the database only while set, so
# that other users' requests cost nothing.
MUST_CHANGE = "accounts_must_change_password"


def mark_on_login(sender, request, user, **kwargs):
    from .models import TemporaryPassword

    if TemporaryPassword.pending_for(user):
        request.session[MUST_CHANGE] = True


class PasswordChangeRequiredMiddleware:
    """A user who logged in with a temporary password reaches nothing but the password page until they have
    chosen their own (and can still log out or switch language)."""

    allowed_names = ("password_change", "password_change_done", "logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz" or request.path.startswith("/static/"):
            # Neither reads the session: /healthz must answer its JSON even while the database is down.
            return self.get_response(request)
        session = getattr(request, "session", None)
        try:
            must_change = session is not None and session.get(MUST_CHANGE)
        except DatabaseError:
            # The database is down: the view will fail too, and the product's 503 page answer for both.
            return self.get_response(request)
        if must_change and request.user.is_authenticated:
            from .models import TemporaryPassword

            if not TemporaryPassword.pending_for(request.user):
                del session[MUST_CHANGE]
                TemporaryPassword.objects.filter(user=request.user).delete()
            elif request.path not in self.allowed_paths():
                message = _("您正在使用上级发放的临时密码，请先设置自己的新密码。")
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=403)
                messages.warning(request, message)
                return redirect("password_change")
        return self.get_response(request)

    def allowed_paths(self):
        return {reverse(name) for name in self.allowed_names}
