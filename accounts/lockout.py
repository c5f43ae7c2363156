"""The lock-out answer (django-axes' AXES_LOCKOUT_CALLABLE): the product's page in the browser, and the same
Chinese message as JSON on the API (the token endpoint), instead of axes' HTML page to an API client."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_message():
    # The two sentences of the lock-out page, so that both doors say the same.
    return (
        _("账号已暂时锁定")
        + _("：")
        + _("登录失败次数过多，为保护账号安全已暂时锁定。请 30 分钟后再试，或联系上级工会管理员解锁。")
    )


def lockout_response(request, original_response=None, credentials=None):
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=status)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, {}, status=status)
